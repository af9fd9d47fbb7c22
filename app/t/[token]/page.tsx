import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Conversation } from '@/app/_components/conversation';
import { StatusBadge } from '@/app/_components/ticket-badges';
import { Card } from '@/app/_components/ui';
import { resolveAccessLink, type LinkAccess } from '@/lib/participants/link-access';
import { maxAttachmentBytes } from '@/lib/files/store';
import { isTicketMuted } from '@/lib/tickets/notifications';
import { getPortalView } from '@/lib/participants/portal';
import { rateableClosingId, ratingUrl } from '@/lib/participants/ratings';
import { loadOlderLinkRepliesAction } from './actions';
import { EmailToggle } from './email-toggle';
import { LeaveTicketForm, LinkReplyForm, TicketStatusButton } from './portal-forms';
import { LivePortal } from './live-portal';
import { PortalNotices } from './portal-notices';
import { PeopleOnTicket } from './people-on-ticket';

export async function generateMetadata({ params }: { params: Promise<{ token: string }> }): Promise<Metadata> {
  const result = resolveAccessLink((await params).token);
  // Absolute: a refused link ends in a not-found boundary, which the root layout's title template does not reach.
  const title = result.ok ? `${result.access.ticket.displayNumber} ${result.access.ticket.subject}` : 'Link refused';
  return { title: { absolute: `${title} · Parley` } };
}

export default async function PersonalTicketPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const result = resolveAccessLink(token);
  // Refused, tampered and garbage links alike: a 404 with the same neutral page (not-found.tsx) and fresh-link form.
  if (!result.ok) notFound();
  return (
    <PortalNotices>
      <TicketPortal access={result.access} />
    </PortalNotices>
  );
}

function TicketPortal({ access }: { access: LinkAccess }) {
  const { ticket, holder, token } = access;
  const view = getPortalView(access);
  const ratingClosing = rateableClosingId(access);
  return (
    <div className="space-y-6">
      <LivePortal token={token} version={view.version} />
      <div>
        <p className="text-sm text-slate-600">
          {ticket.displayNumber} · <StatusBadge status={ticket.status} />
        </p>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight">{ticket.subject}</h1>
        <p className="mt-2 text-sm text-slate-600">
          You are viewing this ticket as {holder.name || holder.email} ({holder.kind})
        </p>
        <div className="mt-3">
          <EmailToggle token={token} enabled={!isTicketMuted({ ticketId: ticket.id, email: holder.email })} />
        </div>
      </div>

      {view.people.length > 1 || view.canAddPeople ? <PeopleOnTicket token={token} people={view.people} canAdd={view.canAddPeople} /> : null}

      <Conversation page={view.conversation} audience="link" files={{ urls: { kind: 'link', token } }} loadOlder={loadOlderLinkRepliesAction.bind(null, token)} />

      <Card>
        <h2 className="mb-3 text-lg font-semibold">Reply</h2>
        {view.canReply ? (
          <LinkReplyForm
            token={token}
            email={holder.email}
            reopens={ticket.status === 'closed'}
            maxAttachmentBytes={maxAttachmentBytes()}
            sideConversations={view.sideConversations}
          />
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

      {ratingClosing !== null ? (
        <Card aria-labelledby="rating-heading">
          <h2 id="rating-heading" className="text-lg font-semibold">
            How did we do?
          </h2>
          <p className="mt-2 flex flex-wrap gap-4 text-sm">
            <Link href={ratingUrl(`/t/${encodeURIComponent(token)}`, ratingClosing, 'good')} className="text-indigo-700 underline">
              Good
            </Link>
            <Link href={ratingUrl(`/t/${encodeURIComponent(token)}`, ratingClosing, 'bad')} className="text-indigo-700 underline">
              Not good
            </Link>
          </p>
        </Card>
      ) : null}

      <div className="flex flex-wrap items-start gap-3">
        <TicketStatusButton token={token} change={view.canClose ? 'close' : view.canReopen ? 'reopen' : null} />
        {view.canLeave ? <LeaveTicketForm token={token} ticketNumber={ticket.displayNumber} /> : null}
      </div>
    </div>
  );
}
