import type { Metadata } from 'next';
import Link from 'next/link';
import { Conversation } from '@/app/_components/conversation';
import { StatusBadge } from '@/app/_components/ticket-badges';
import { Card } from '@/app/_components/ui';
import { linkRefusalMessages, resolveAccessLink, type LinkAccess, type LinkRefusal } from '@/lib/access';
import { maxAttachmentBytes } from '@/lib/attachments/store';
import { isTicketMuted } from '@/lib/mail/notifications';
import { getPortalView } from '@/lib/ticket-portal';
import { loadOlderLinkRepliesAction } from './actions';
import { EmailToggle } from './email-toggle';
import { FreshLinkForm, LeaveTicketForm, LinkReplyForm, TicketStatusButton } from './portal-forms';

export async function generateMetadata({ params }: { params: Promise<{ token: string }> }): Promise<Metadata> {
  const result = resolveAccessLink((await params).token);
  return { title: result.ok ? `${result.access.ticket.displayNumber} ${result.access.ticket.subject}` : 'Link refused' };
}

export default async function PersonalTicketPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const result = resolveAccessLink(token);
  return result.ok ? <TicketPortal access={result.access} /> : <RefusedLink token={token} reason={result.reason} />;
}

function TicketPortal({ access }: { access: LinkAccess }) {
  const { ticket, holder, token } = access;
  const view = getPortalView(access);
  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm text-slate-600">
          {ticket.displayNumber} · <StatusBadge status={ticket.status} />
        </p>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight">{ticket.subject}</h1>
        <p className="mt-2 text-sm text-slate-600">
          You are viewing this ticket as {holder.name} ({holder.kind})
        </p>
        <div className="mt-3">
          <EmailToggle token={token} enabled={!isTicketMuted({ ticketId: ticket.id, email: holder.email })} />
        </div>
      </div>

      {view.participantNames.length > 0 ? (
        <section aria-labelledby="participants-heading" className="text-sm">
          <h2 id="participants-heading" className="font-medium">
            Participants
          </h2>
          <ul className="mt-1 flex flex-wrap gap-x-3 text-slate-700">
            {view.participantNames.map((name, index) => (
              <li key={index}>{name}</li>
            ))}
          </ul>
        </section>
      ) : null}

      <Conversation page={view.conversation} audience="link" files={{ urls: { kind: 'link', token } }} loadOlder={loadOlderLinkRepliesAction.bind(null, token)} />

      <Card>
        <h2 className="mb-3 text-lg font-semibold">Reply</h2>
        {view.canReply ? (
          <LinkReplyForm token={token} email={holder.email} reopens={ticket.status === 'closed'} maxAttachmentBytes={maxAttachmentBytes()} />
        ) : (
          <p className="text-sm text-slate-700">
            This ticket is closed. If you need more help, please{' '}
            <Link href="/submit" className="text-indigo-700 underline">
              open a new ticket
            </Link>
            .
          </p>
        )}
      </Card>

      <div className="flex flex-wrap items-start gap-3">
        {view.canClose ? <TicketStatusButton token={token} change="close" /> : null}
        {view.canReopen ? <TicketStatusButton token={token} change="reopen" /> : null}
        {view.canLeave ? <LeaveTicketForm token={token} ticketNumber={ticket.displayNumber} /> : null}
      </div>
    </div>
  );
}

function RefusedLink({ token, reason }: { token: string; reason: LinkRefusal }) {
  return (
    <div className="space-y-6">
      <Card>
        <h1 className="text-xl font-semibold">This link cannot open the ticket</h1>
        <p className="mt-2 text-sm text-slate-700">{linkRefusalMessages[reason]}</p>
      </Card>
      <Card>
        <h2 className="mb-1 text-lg font-semibold">Email me a fresh link</h2>
        <p className="mb-4 text-sm text-slate-600">
          Enter your email address. If you are still on this ticket, we will email you a new link to it.
        </p>
        <FreshLinkForm token={token} />
      </Card>
    </div>
  );
}
