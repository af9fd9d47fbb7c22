'use client';

import { useState } from 'react';
import { useFormAction } from '@/app/_components/use-form-action';
import { Button, ErrorAlert } from '@/app/_components/ui';
import { removeAttachmentAction } from '../actions';

/** Admins remove a file for good; it takes a second, explicit click. */
export function RemoveAttachmentButton({ ticketId, attachmentId, filename }: { ticketId: number; attachmentId: number; filename: string }) {
  const [confirming, setConfirming] = useState(false);
  const { state, pending, formProps } = useFormAction(removeAttachmentAction);
  if (!confirming) {
    return (
      <button
        type="button"
        className="ml-auto rounded px-1.5 text-xs text-red-700 hover:bg-red-50"
        aria-label={`Remove attachment ${filename}`}
        onClick={() => setConfirming(true)}
      >
        Remove
      </button>
    );
  }
  return (
    <form {...formProps} className="mt-2 w-full space-y-2 rounded-md border border-red-200 bg-red-50 p-2">
      <ErrorAlert message={state.error} />
      <input type="hidden" name="ticketId" value={ticketId} />
      <input type="hidden" name="attachmentId" value={attachmentId} />
      <p className="text-xs text-red-900">Remove “{filename}” for everyone? This cannot be undone.</p>
      <div className="flex gap-2">
        <Button type="submit" variant="danger" disabled={pending}>
          Yes, remove
        </Button>
        <Button type="button" variant="secondary" onClick={() => setConfirming(false)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
