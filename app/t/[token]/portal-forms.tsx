'use client';

import { AttachmentPicker } from '@/app/_components/attachment-picker';
import { ConfirmAction } from '@/app/_components/confirm-action';
import { useFormAction } from '@/app/_components/use-form-action';
import { Button, ErrorAlert, SuccessNote, TextArea, TextField } from '@/app/_components/ui';
import { closeTicketAction, leaveTicketAction, reopenTicketAction, requestFreshLinkAction, sendLinkReplyAction } from './actions';

const TokenField = ({ token }: { token: string }) => <input type="hidden" name="token" value={token} />;

/** The reply form: the Email field starts with the link owner's address, and anyone the reply rule allows may use it. */
export function LinkReplyForm({
  token,
  email,
  reopens,
  maxAttachmentBytes,
}: {
  token: string;
  email: string;
  reopens: boolean;
  maxAttachmentBytes: number;
}) {
  const { state, pending, formProps } = useFormAction(sendLinkReplyAction, { resetOnSuccess: true });
  return (
    <form {...formProps} className="space-y-4" noValidate>
      <ErrorAlert message={state.error} />
      <SuccessNote message={state.ok ? state.message : null} />
      <TokenField token={token} />
      <TextField label="Email" name="email" type="email" autoComplete="email" defaultValue={email} required error={state.fields?.email} />
      <TextArea label="Message" name="message" rows={6} required error={state.fields?.message} />
      <AttachmentPicker uploadUrl={`/t/${token}/uploads`} maxBytes={maxAttachmentBytes} />
      {reopens ? <p className="text-sm text-slate-600">This ticket is closed; replying reopens it.</p> : null}
      <Button type="submit" disabled={pending}>
        {pending ? 'Sending…' : 'Send reply'}
      </Button>
    </form>
  );
}

/** "Close ticket" or "Reopen ticket", offered only when the policy allows it. */
export function TicketStatusButton({ token, change }: { token: string; change: 'close' | 'reopen' }) {
  const { state, pending, formProps } = useFormAction(change === 'close' ? closeTicketAction : reopenTicketAction);
  return (
    <form {...formProps} className="space-y-2">
      <ErrorAlert message={state.error} />
      <TokenField token={token} />
      <Button type="submit" variant="secondary" disabled={pending}>
        {change === 'close' ? 'Close ticket' : 'Reopen ticket'}
      </Button>
    </form>
  );
}

/** Leaving takes a second, explicit click: it cannot be undone from here. */
export function LeaveTicketForm({ token, ticketNumber }: { token: string; ticketNumber: string }) {
  return (
    <ConfirmAction
      action={leaveTicketAction}
      fields={{ token }}
      question={`Leave ${ticketNumber}? You will stop receiving its emails and this link will stop working. Only the support team can add you again.`}
      confirmLabel="Yes, leave"
      trigger={(open) => (
        <Button type="button" variant="danger" onClick={open}>
          Leave this ticket
        </Button>
      )}
    />
  );
}

/** Asks for a fresh link for a refused one. The answer is the same whatever address is typed. */
export function FreshLinkForm({ token }: { token: string }) {
  const { state, pending, formProps } = useFormAction(requestFreshLinkAction, { resetOnSuccess: true });
  return (
    <form {...formProps} className="space-y-4" noValidate>
      <ErrorAlert message={state.error} />
      <SuccessNote message={state.ok ? state.message : null} />
      <TokenField token={token} />
      <TextField label="Email" name="email" type="email" autoComplete="email" required />
      <Button type="submit" disabled={pending}>
        Email me a fresh link
      </Button>
    </form>
  );
}
