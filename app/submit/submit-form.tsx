'use client';

import { AttachmentPicker } from '@/app/_components/attachment-picker';
import { useFormAction } from '@/app/_components/use-form-action';
import { Button, Card, ErrorAlert, TextArea, TextField } from '@/app/_components/ui';
import { submitTicketAction } from './actions';

export function SubmitForm({ maxAttachmentBytes }: { maxAttachmentBytes: number }) {
  const { state, pending, formProps, messages } = useFormAction(submitTicketAction);
  const done = state.ok && state.data ? state.data : null;
  return (
    <Card>
      {/* The confirmation's region is in the page from the start, so its text is announced; focus moves to it. */}
      <div id={`${messages.id}-status`} role="status" tabIndex={-1}>
        {done ? (
          <>
            <h2 className="text-lg font-semibold">Your ticket number is {done.number}</h2>
            <p className="mt-2 text-sm text-slate-700">
              Thank you, we have received your message. We have emailed a personal link to <strong>{done.email}</strong>: open it to follow
              your ticket and reply. Keep that email, as the link is how you get back to your ticket.
            </p>
          </>
        ) : null}
      </div>
      {done ? null : (
        <form {...formProps} className="space-y-4" noValidate>
          <ErrorAlert message={messages.error} />
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField label="Name" name="name" autoComplete="name" maxLength={120} error={state.fields?.name} />
            <TextField label="Email" name="email" type="email" autoComplete="email" required error={state.fields?.email} />
          </div>
          <TextField label="Subject" name="subject" required maxLength={200} error={state.fields?.subject} />
          <TextArea label="Message" name="message" rows={8} required error={state.fields?.message} />
          <AttachmentPicker uploadUrl="/submit/uploads" maxBytes={maxAttachmentBytes} />
          <Button type="submit" pending={pending}>
            {pending ? 'Sending…' : 'Submit ticket'}
          </Button>
        </form>
      )}
    </Card>
  );
}
