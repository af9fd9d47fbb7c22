'use client';

import { AttachmentPicker } from '@/app/_components/attachment-picker';
import { ConfirmedForm } from '@/app/_components/confirmed-form';
import { useFormAction } from '@/app/_components/use-form-action';
import { Button, FormMessages, SelectField, TextArea, TextField } from '@/app/_components/ui';
import type { SideConversation } from '@/lib/participants/portal';
import { changeTicketStatusAction, leaveTicketAction, requestFreshLinkAction, sendLinkReplyAction } from './actions';
import { useLatestNotice } from './portal-notices';

const TokenField = ({ token }: { token: string }) => <input type="hidden" name="token" value={token} />;

/** The reply form: the Email field starts with the link owner's address, and anyone the reply rule allows may use it. */
export function LinkReplyForm({
  token,
  email,
  reopens,
  maxAttachmentBytes,
  sideConversations,
}: {
  token: string;
  email: string;
  reopens: boolean;
  maxAttachmentBytes: number;
  sideConversations: SideConversation[];
}) {
  const { state, pending, formProps, messages } = useFormAction(sendLinkReplyAction, { resetOnSuccess: true });
  const notice = useLatestNotice(state);
  return (
    <form {...formProps} className="space-y-4" noValidate>
      <FormMessages {...messages} status={notice ?? undefined} />
      <TokenField token={token} />
      <TextField label="Email" name="email" type="email" autoComplete="email" defaultValue={email} required error={state.fields?.email} />
      <TextArea label="Message" name="message" rows={6} required error={state.fields?.message} />
      <SendToField sideConversations={sideConversations} error={state.fields?.inReplyTo} />
      <AttachmentPicker uploadUrl={`/t/${token}/uploads`} maxBytes={maxAttachmentBytes} />
      {reopens ? <p className="text-sm text-slate-600">This ticket is closed; replying reopens it.</p> : null}
      <Button type="submit" pending={pending}>
        {pending ? 'Sending…' : 'Send reply'}
      </Button>
    </form>
  );
}

/**
 * Whom a reply through the link goes to: everyone on the ticket, or (answering a side reply) only the people of that
 * side conversation. Shown only when the person can see a side reply; the newest one shown is the default when it is
 * the newest message.
 */
function SendToField({ sideConversations, error }: { sideConversations: SideConversation[]; error?: string }) {
  if (sideConversations.length === 0) return null;
  const chosen = sideConversations.find((c) => c.newest);
  return (
    <SelectField label="Send to" name="inReplyTo" defaultValue={chosen ? String(chosen.replyId) : ''} error={error}>
      <option value="">Everyone on the ticket</option>
      {sideConversations.map((c) => (
        <option key={c.replyId} value={String(c.replyId)}>
          Only {c.names.join(', ')} (and the support team)
        </option>
      ))}
    </SelectField>
  );
}

/**
 * "Close ticket" or "Reopen ticket", offered only when the policy allows it (`change` null: neither). One component
 * for both, so the confirmation of a close stays on screen when the button turns into "Reopen ticket".
 */
export function TicketStatusButton({ token, change }: { token: string; change: 'close' | 'reopen' | null }) {
  const { state, pending, formProps, messages } = useFormAction(changeTicketStatusAction);
  const notice = useLatestNotice(state);
  return (
    <form {...formProps} className="space-y-2">
      <FormMessages {...messages} status={notice ?? undefined} />
      <TokenField token={token} />
      {change ? (
        <>
          <input type="hidden" name="change" value={change} />
          <Button type="submit" variant="secondary" pending={pending}>
            {change === 'close' ? 'Close ticket' : 'Reopen ticket'}
          </Button>
        </>
      ) : null}
    </form>
  );
}

/** Leaving takes a second, explicit click: it cannot be undone from here. */
export function LeaveTicketForm({ token, ticketNumber }: { token: string; ticketNumber: string }) {
  const { pending, formProps, messages } = useFormAction(leaveTicketAction);
  return (
    <ConfirmedForm
      openLabel="Leave this ticket"
      question={`Leave ${ticketNumber}? You will stop receiving its emails and this link will stop working. Only the support team can add you again.`}
      confirmLabel="Yes, leave"
      formProps={formProps}
      pending={pending}
      messages={messages}
    >
      <TokenField token={token} />
    </ConfirmedForm>
  );
}

/** Asks for a fresh link for a refused one. The answer is the same whatever address is typed. */
export function FreshLinkForm({ token }: { token: string }) {
  const { state, pending, formProps, messages } = useFormAction(requestFreshLinkAction, { resetOnSuccess: true });
  return (
    <form {...formProps} className="space-y-4" noValidate>
      <FormMessages {...messages} />
      <TokenField token={token} />
      <TextField label="Email" name="email" type="email" autoComplete="email" required error={state.fields?.email} />
      <Button type="submit" pending={pending}>
        Email me a fresh link
      </Button>
    </form>
  );
}
