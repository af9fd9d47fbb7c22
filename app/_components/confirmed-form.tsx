'use client';

import { useEffect, useState } from 'react';
import { Button, FormMessages } from '@/app/_components/ui';

/**
 * A destructive action behind a second, explicit click: the first button opens the question with the form's hidden
 * fields and options (`children`), "confirmLabel" submits, Cancel closes it. After success it folds back to the
 * first button; the form's messages stay in the page either way. `formProps`, `pending` and `messages` come from
 * useFormAction. `compact` is for a small action beside an item in a list (a file's Remove).
 */
export function ConfirmedForm({
  openLabel,
  openAriaLabel,
  question,
  confirmLabel,
  formProps,
  pending,
  messages,
  children,
  compact = false,
}: {
  openLabel: string;
  // When the visible label alone is ambiguous in a list ("Remove" → "Remove ann@example.com").
  openAriaLabel?: string;
  question: React.ReactNode;
  confirmLabel: string;
  formProps: React.ComponentProps<'form'>;
  pending: boolean;
  messages: React.ComponentProps<typeof FormMessages>;
  children?: React.ReactNode;
  compact?: boolean;
}) {
  const [confirming, setConfirming] = useState(false);
  useEffect(() => {
    if (messages.status) setConfirming(false);
  }, [messages.status]);
  return (
    <div className={compact ? (confirming ? 'w-full space-y-2' : 'ml-auto') : 'space-y-2'}>
      <FormMessages {...messages} />
      {confirming ? (
        <form {...formProps} className={`rounded-md border border-red-200 bg-red-50 ${compact ? 'space-y-2 p-2' : 'space-y-3 p-4'}`} noValidate>
          <p className={`${compact ? 'text-xs' : 'text-sm'} text-red-900`}>{question}</p>
          {children}
          <div className="flex flex-wrap gap-2">
            <Button type="submit" variant="danger" pending={pending}>
              {confirmLabel}
            </Button>
            <Button type="button" variant="secondary" autoFocus onClick={() => setConfirming(false)}>
              Cancel
            </Button>
          </div>
        </form>
      ) : compact ? (
        <button type="button" className="rounded px-1.5 text-xs text-red-700 hover:bg-red-50" aria-label={openAriaLabel} onClick={() => setConfirming(true)}>
          {openLabel}
        </button>
      ) : (
        <Button type="button" variant="danger" aria-label={openAriaLabel} onClick={() => setConfirming(true)}>
          {openLabel}
        </Button>
      )}
    </div>
  );
}
