'use client';

import { useState } from 'react';
import { useFormAction } from '@/app/_components/use-form-action';
import { Button, ErrorAlert } from '@/app/_components/ui';
import type { ActionState } from '@/lib/actions';

/**
 * A destructive action that takes a second, explicit click: `trigger` opens a confirmation with `question`, the
 * hidden `fields` and "Yes, …" / Cancel.
 */
export function ConfirmAction({
  action,
  fields,
  trigger,
  question,
  confirmLabel,
  compact = false,
}: {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
  fields: Record<string, string | number>;
  trigger: (open: () => void) => React.ReactNode;
  question: React.ReactNode;
  confirmLabel: string;
  compact?: boolean;
}) {
  const [confirming, setConfirming] = useState(false);
  const { state, pending, formProps } = useFormAction(action);
  if (!confirming) return trigger(() => setConfirming(true));
  return (
    <form {...formProps} className={`rounded-md border border-red-200 bg-red-50 ${compact ? 'mt-2 w-full space-y-2 p-2' : 'space-y-3 p-4'}`}>
      <ErrorAlert message={state.error} />
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <p className={`${compact ? 'text-xs' : 'text-sm'} text-red-900`}>{question}</p>
      <div className="flex gap-2">
        <Button type="submit" variant="danger" disabled={pending}>
          {confirmLabel}
        </Button>
        <Button type="button" variant="secondary" onClick={() => setConfirming(false)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
