'use client';

import { AttachmentPicker } from '@/app/_components/attachment-picker';
import { useFormAction } from '@/app/_components/use-form-action';
import { Button, Card, ErrorAlert, TextArea, TextField } from '@/app/_components/ui';
import { submitTicketAction } from './actions';

export function SubmitForm({ maxAttachmentBytes }: { maxAttachmentBytes: number }) {
  const { state, pending, formProps } = useFormAction(submitTicketAction);
  if (state.ok && state.data) {
    return (
      <Card>
        <div role="status">
          <h2 className="text-lg font-semibold">Your ticket number is {state.data.number}</h2>
          <p className="mt-2 text-sm text-slate-700">
            Thank you, we have received your message. We have emailed a personal link to <strong>{state.data.email}</strong>: open it to
            follow your ticket and reply. Keep that email, as the link is how you get back to your ticket.
          </p>
        </div>
      </Card>
    );
  }
  return (
    <Card>
      <form {...formProps} className="space-y-4" noValidate>
        <ErrorAlert message={state.error} />
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField label="Name" name="name" autoComplete="name" maxLength={120} error={state.fields?.name} />
          <TextField label="Email" name="email" type="email" autoComplete="email" required error={state.fields?.email} />
        </div>
        <TextField label="Subject" name="subject" required maxLength={200} error={state.fields?.subject} />
        <TextArea label="Message" name="message" rows={8} required error={state.fields?.message} />
        <AttachmentPicker uploadUrl="/submit/uploads" maxBytes={maxAttachmentBytes} />
        <Button type="submit" disabled={pending}>
          {pending ? 'Sending…' : 'Submit ticket'}
        </Button>
      </form>
    </Card>
  );
}
