'use client';

import { ConfirmAction } from '@/app/_components/confirm-action';
import { removeAttachmentAction } from '../actions';

/** Admins remove a file for good; it takes a second, explicit click. */
export function RemoveAttachmentButton({ ticketId, attachmentId, filename }: { ticketId: number; attachmentId: number; filename: string }) {
  return (
    <ConfirmAction
      action={removeAttachmentAction}
      fields={{ ticketId, attachmentId }}
      compact
      question={`Remove “${filename}” for everyone? This cannot be undone.`}
      confirmLabel="Yes, remove"
      trigger={(open) => (
        <button type="button" className="ml-auto rounded px-1.5 text-xs text-red-700 hover:bg-red-50" aria-label={`Remove attachment ${filename}`} onClick={open}>
          Remove
        </button>
      )}
    />
  );
}
