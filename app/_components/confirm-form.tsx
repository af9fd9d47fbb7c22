'use client';

import { useEffect, useState } from 'react';
import { Button } from '@/app/_components/ui';
import type { useFormAction } from '@/app/_components/use-form-action';

type FormAction = ReturnType<typeof useFormAction>;

/**
 * A destructive action behind a second, explicit click: the first button opens a short question with the form's
 * options (`children`), "confirmLabel" submits, Cancel closes it. After success it folds back to the first button.
 */
export function ConfirmForm({
  action,
  label,
  buttonAriaLabel,
  question,
  confirmLabel,
  hidden,
  children,
}: {
  action: FormAction;
  label: string;
  buttonAriaLabel?: string;
  question: React.ReactNode;
  confirmLabel: string;
  // Hidden inputs that name what the action is about.
  hidden: Record<string, string | number>;
  children?: React.ReactNode;
}) {
  const [confirming, setConfirming] = useState(false);
  const { state, pending, formProps } = action;
  useEffect(() => {
    if (state.ok) setConfirming(false);
  }, [state]);
  if (!confirming) {
    return (
      <Button type="button" variant="danger" aria-label={buttonAriaLabel} onClick={() => setConfirming(true)}>
        {label}
      </Button>
    );
  }
  return (
    <form {...formProps} className="space-y-3 rounded-md border border-red-200 bg-red-50 p-4" noValidate>
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <p className="text-sm text-red-900">{question}</p>
      {children}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" variant="danger" disabled={pending}>
          {confirmLabel}
        </Button>
        <Button type="button" variant="secondary" autoFocus onClick={() => setConfirming(false)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
