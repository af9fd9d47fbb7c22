'use client';

import { AttachmentPicker } from '@/app/_components/attachment-picker';
import { useFormAction } from '@/app/_components/use-form-action';
import { Button, FormMessages, TextArea, TextField } from '@/app/_components/ui';
import { createTicketAction } from '../actions';

export function NewTicketForm({ maxAttachmentBytes }: { maxAttachmentBytes: number }) {
  const { state, pending, formProps, messages } = useFormAction(createTicketAction);
  const errors = state.fields ?? {};
  return (
    <form {...formProps} className="space-y-4" noValidate>
      <FormMessages {...messages} />
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField label="Customer email" name="customerEmail" type="email" error={errors.customerEmail} autoComplete="off" required />
        <TextField label="Customer name" name="customerName" error={errors.customerName} autoComplete="off" />
      </div>
      <TextField
        label="Company (optional)"
        name="company"
        error={errors.company}
        hint="Found by name or created; set only for a customer who has no company yet."
        autoComplete="off"
      />
      <TextField label="Subject" name="subject" error={errors.subject} autoComplete="off" required />
      <TextArea label="Message" name="message" error={errors.message} rows={8} required />
      <AttachmentPicker uploadUrl="/api/uploads" maxBytes={maxAttachmentBytes} />
      <Button type="submit" pending={pending}>
        Create ticket
      </Button>
    </form>
  );
}
