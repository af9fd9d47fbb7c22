'use client';

import { ConfirmedForm } from '@/app/_components/confirmed-form';
import { useFormAction } from '@/app/_components/use-form-action';
import { removeAttachmentAction } from '../actions';

/** Admins remove a file for good; it takes a second, explicit click. */
export function RemoveAttachmentButton({ ticketId, attachmentId, filename }: { ticketId: number; attachmentId: number; filename: string }) {
  const { pending, formProps, messages } = useFormAction(removeAttachmentAction);
  return (
    <ConfirmedForm
      compact
      openLabel="Remove"
      openAriaLabel={`Remove attachment ${filename}`}
      question={`Remove “${filename}” for everyone? This cannot be undone.`}
      confirmLabel="Yes, remove"
      formProps={formProps}
      pending={pending}
      messages={messages}
    >
      <input type="hidden" name="ticketId" value={ticketId} />
      <input type="hidden" name="attachmentId" value={attachmentId} />
    </ConfirmedForm>
  );
}
