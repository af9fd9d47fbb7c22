'use client';

import { AttachmentPicker } from '@/app/_components/attachment-picker';
import { useFormAction } from '@/app/_components/use-form-action';
import { Button, ErrorAlert, TextArea, TextField } from '@/app/_components/ui';
import { createTicketAction } from '../actions';

export function NewTicketForm({ maxAttachmentBytes }: { maxAttachmentBytes: number }) {
  const { state, pending, formProps } = useFormAction(createTicketAction);
  const errors = state.fields ?? {};
  return (
    <form {...formProps} className="space-y-4" noValidate>
      <ErrorAlert message={state.error} />
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField label="Customer email" name="customerEmail" type="email" error={errors['customer.email']} autoComplete="off" required />
        <TextField label="Customer name" name="customerName" error={errors['customer.name']} autoComplete="off" />
      </div>
      <TextField
        label="Company (optional)"
        name="company"
        error={errors['customer.company']}
        hint="Found by name or created; set only for a customer who has no company yet."
        autoComplete="off"
      />
      <TextField label="Subject" name="subject" error={errors.subject} autoComplete="off" required />
      <TextArea label="Message" name="message" error={errors.message} rows={8} required />
      <AttachmentPicker uploadUrl="/api/uploads" maxBytes={maxAttachmentBytes} />
      <Button type="submit" disabled={pending}>
        Create ticket
      </Button>
    </form>
  );
}
