'use client';

import { useState } from 'react';
import { Button, FormMessages } from '@/app/_components/ui';

/**
 * A destructive action behind a second, explicit click: the first button opens the question, the form asks it and
 * submits only on "Yes". `formProps`, `pending` and `messages` come from useFormAction.
 */
export function ConfirmedForm({
  openLabel,
  question,
  confirmLabel,
  formProps,
  pending,
  messages,
  children,
}: {
  openLabel: string;
  question: React.ReactNode;
  confirmLabel: string;
  formProps: React.ComponentProps<'form'>;
  pending: boolean;
  messages: React.ComponentProps<typeof FormMessages>;
  // Hidden fields.
  children?: React.ReactNode;
}) {
  const [confirming, setConfirming] = useState(false);
  if (!confirming) {
    return (
      <Button type="button" variant="danger" onClick={() => setConfirming(true)}>
        {openLabel}
      </Button>
    );
  }
  return (
    <form {...formProps} className="space-y-3 rounded-md border border-red-200 bg-red-50 p-4">
      <FormMessages {...messages} />
      {children}
      <p className="text-sm text-red-900">{question}</p>
      <div className="flex gap-2">
        <Button type="submit" variant="danger" pending={pending}>
          {confirmLabel}
        </Button>
        <Button type="button" variant="secondary" onClick={() => setConfirming(false)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
