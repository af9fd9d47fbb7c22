import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Conversation } from '@/app/_components/conversation';
import { DateTime } from '@/app/_components/date-time';
import { CopyField } from '@/app/_components/copy-field';
import { PriorityBadge, RoleBadge, StatusBadge } from '@/app/_components/ticket-badges';
import { Badge, Card, ErrorAlert, PageHeader } from '@/app/_components/ui';
import { ticketUrlFor } from '@/lib/participants/link-access';
import { maxAttachmentBytes } from '@/lib/files/store';
import { participantElementId } from '@/lib/web/element-ids';
import { AppError } from '@/lib/core/errors';
import { addedByText, listParticipantViews, type ParticipantView } from '@/lib/participants/participants';
import { canSplitTicket, canViewTicket, isAdmin, isReadOnlyTicket } from '@/lib/auth/policy';
import { getCurrentAgent, requireAgent } from '@/lib/auth/session';
import { getSettings } from '@/lib/core/settings';
import { listTicketHistory } from '@/lib/tickets/history';
import { getTicketForAgent, listAssignableAgents, listRepliesPage } from '@/lib/tickets/tickets';
import { replyBoxPeople } from '@/lib/tickets/audience';
import { getTicketWithPeople, type TicketWithPeople } from '@/lib/tickets/records';
import { loadOlderRepliesAction } from './conversation-actions';
import { LiveTicket } from './live-ticket';
import { AddParticipantForm, RemoveParticipantButton, TicketHeaderWithParticipants } from './participants';
import { agentConversationFiles } from './conversation-files';
import { CcCandidatesCard } from './cc-candidates';
import { MergeControl } from './merge-control';
import { HistoryText, MergedNotice } from './merged-notice';
import { ParticipantViewForm } from './participant-view-form';
import { ReplyForm, SnoozeForm, TagsForm } from './ticket-forms';
import { AssigneeForm, PriorityForm, StatusForm } from './ticket-properties';
import { RotateLinksItem, TicketMoreMenu } from './ticket-more-menu';
import { replyCardId, TicketShortcuts } from './ticket-shortcuts';
import { TicketHistory } from './ticket-history';
import { TicketDetails } from './ticket-details';
import { ticketListContext, type TicketListContext } from '@/lib/tickets/list-context';
import { statusLabels } from '@/lib/tickets/statuses';
import { listTagNames, tagsOfTicket } from '@/lib/tickets/tags';
import { serviceLevelsOfTicket } from '@/lib/tickets/service-levels';
import { ServiceLevelLines } from '@/app/_components/service-levels';
import { RefusedMailBanner } from './refused-mail';
import { listTicketRatings, ratingLabels } from '@/lib/tickets/ratings';
import type { Rating } from '@/db/schema';

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const agent = await getCurrentAgent();
  const id = Number((await params).id);
  const ticket = agent && Number.isSafeInteger(id) && id > 0 ? getTicketWithPeople({ id }) : undefined;
  // Only someone who may see the ticket learns its subject from the tab title.
  const visible = agent && ticket && canViewTicket(agent, ticket, getSettings());
  return { title: visible ? `${ticket.displayNumber} ${ticket.subject}` : 'Ticket' };
}

/** The ticket, or why the agent cannot have it: missing tickets are a 404 page, forbidden ones a message. */
function loadTicket(id: number, agent: Awaited<ReturnType<typeof requireAgent>>): TicketWithPeople | AppError {
  try {
    return getTicketForAgent({ id, agent });
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') notFound();
    if (error instanceof AppError && error.code === 'forbidden') return error;
    throw error;
  }
}

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const single = (value: string | string[] | undefined) => (typeof value === 'string' ? value : undefined);

export default async function TicketPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: SearchParams }) {
  const agent = await requireAgent();
  const id = Number((await params).id);
  if (!Number.isSafeInteger(id) || id <= 0) notFound();
  const ticket = loadTicket(id, agent);
  if (ticket instanceof AppError) {
    return (
      <Card className="max-w-xl">
        <h1 className="mb-2 text-lg font-semibold">Ticket unavailable</h1>
        <ErrorAlert message={ticket.message} />
        <p className="mt-3 text-sm">
          <Link href="/tickets" className="text-indigo-700 hover:underline">
            Back to your tickets
          </Link>
        </p>
      </Card>
    );
  }

  const settings = getSettings();
  // A merged ticket is closed and read-only: its page says where it went and offers nothing to change.
  const readOnly = isReadOnlyTicket(ticket);
  const history = listTicketHistory({ ticketId: ticket.id });
  const conversation = listRepliesPage({ ticketId: ticket.id, includePrivate: true });
  const now = Date.now();
  const serviceLevels = serviceLevelsOfTicket(ticket, settings.serviceLevels, now);
  const hasTargets = Object.values(serviceLevels).some(Boolean);
  const title = (
    <span className="flex flex-wrap items-center gap-3">
      <span className="font-mono text-slate-500">{ticket.displayNumber}</span>
      <span>{ticket.subject}</span>
      <StatusBadge status={ticket.status} reopenedAt={ticket.reopenedAt} />
      {ticket.priority === 'normal' ? null : <PriorityBadge priority={ticket.priority} />}
    </span>
  );

  // The list this ticket was opened from (its filters and order ride along in the address), for "Next ticket".
  const search = await searchParams;
  const list = ticketListContext({ agent, ticket, list: single(search.list), at: single(search.at) });
  // Rare actions; others add their items here.
  const moreMenu = isAdmin(agent) && !readOnly ? <TicketMoreMenu>{<RotateLinksItem ticketId={ticket.id} />}</TicketMoreMenu> : null;

  return (
    <>
      <TicketToolbar list={list} />
      {ticket.mergedIntoId !== null ? <MergedNotice into={getTicketWithPeople({ id: ticket.mergedIntoId }) ?? null} at={ticket.mergedAt} /> : null}
      {/* Who else has the ticket open, kept in view while scrolling (with "… replied while you were writing"). */}
      <div className="sticky top-1 z-10 mb-2">
        <LiveTicket ticketId={ticket.id} agentId={agent.id} version={ticket.updatedAt.getTime()} lastReplyId={conversation.replies.at(-1)?.id ?? 0} />
      </div>
      {settings.participantsEnabled ? (
        <ParticipantsHeader
          ticketId={ticket.id}
          customerEmail={ticket.customer.email}
          title={title}
          actions={moreMenu}
          participants={listParticipantViews({ ticketId: ticket.id })}
        />
      ) : (
        <PageHeader title={title}>{moreMenu}</PageHeader>
      )}
      <RefusedMailBanner agent={agent} ticket={ticket} />
      {/* One column on a phone in this order (details first); at lg the details and the rest share the right column. */}
      <div className="grid items-start gap-6 lg:grid-cols-[2fr_1fr] lg:grid-rows-[auto_1fr] [&>*]:min-w-0">
        <div className="lg:col-start-2 lg:row-start-1">
          <TicketDetails summary={`${statusLabels[ticket.status]} · ${ticket.assignee ? ticket.assignee.name : 'Unassigned'} · ${ticket.customer.name}`}>
            {readOnly ? null : (
              <Card className="space-y-5">
                <StatusForm ticketId={ticket.id} status={ticket.status} />
                {ticket.snoozedUntil ? (
                  <p className="text-sm text-slate-700">
                    Snoozed until <DateTime value={ticket.snoozedUntil} />
                  </p>
                ) : null}
                <AssigneeForm ticketId={ticket.id} assignee={ticket.assignee} agents={listAssignableAgents()} me={agent.id} />
                <PriorityForm ticketId={ticket.id} priority={ticket.priority} />
              </Card>
            )}
            <CustomerCard ticket={ticket} />
          </TicketDetails>
        </div>
        <div className="space-y-6 lg:col-start-1 lg:row-span-2 lg:row-start-1">
          <Conversation
            page={conversation}
            audience="agent"
            files={agentConversationFiles(agent, ticket)}
            loadOlder={loadOlderRepliesAction.bind(null, ticket.id)}
          />
          {readOnly ? null : (
            <Card id={replyCardId}>
              <h2 className="mb-3 text-lg font-semibold">Write a reply</h2>
              <ReplyForm ticketId={ticket.id} maxAttachmentBytes={maxAttachmentBytes()} signature={agent.signature} recipients={replyBoxPeople(ticket, settings)} />
            </Card>
          )}
        </div>
        <div className="space-y-6 lg:col-start-2 lg:row-start-2">
          {settings.participantsEnabled ? <CcCandidatesCard ticketId={ticket.id} agent={agent} /> : null}
          <TicketRatings ratings={listTicketRatings({ ticketId: ticket.id })} />
          {hasTargets ? (
            <Card aria-labelledby="service-levels-heading">
              <h2 id="service-levels-heading" className="mb-3 text-lg font-semibold">
                Service levels
              </h2>
              <ServiceLevelLines state={serviceLevels} now={now} />
            </Card>
          ) : null}
          {readOnly ? null : (
            <>
              <Card>
                <SnoozeForm ticketId={ticket.id} timeZone={settings.serviceLevels.timeZone} />
              </Card>
              <Card>
                <TagsForm ticketId={ticket.id} tags={tagsOfTicket(ticket.id)} allTags={listTagNames()} />
              </Card>
            </>
          )}
          {canSplitTicket(agent, ticket, settings) ? (
            <Card>
              <MergeControl
                ticketId={ticket.id}
                ticket={{ displayNumber: ticket.displayNumber, subject: ticket.subject, customerName: ticket.customer.name, customerEmail: ticket.customer.email, participantCount: listParticipantViews({ ticketId: ticket.id }).length }}
              />
            </Card>
          ) : null}
          <Card>
            <TicketHistory
              entries={history.map((line) => (
                <>
                  <span className="block text-xs text-slate-500">
                    <DateTime value={line.at} />
                  </span>
                  <HistoryText line={line} />
                </>
              ))}
            />
          </Card>
        </div>
      </div>
    </>
  );
}

/** Above the ticket: back to the list it came from, the next ticket of that list, and the keyboard shortcuts. */
function TicketToolbar({ list }: { list: TicketListContext }) {
  return (
    <div className="mb-2 flex flex-wrap items-center justify-between gap-x-4 gap-y-2 text-sm">
      <Link href={list.backHref} className="text-indigo-700 hover:underline">
        {`← ${list.label}`}
      </Link>
      <div className="flex flex-wrap items-center gap-3">
        {list.next ? (
          <Link href={list.next.href} aria-keyshortcuts="j" className="text-indigo-700 hover:underline">
            Next ticket →
          </Link>
        ) : (
          <span className="text-slate-600">Last ticket in this list</span>
        )}
        <TicketShortcuts nextHref={list.next?.href ?? null} />
      </div>
    </div>
  );
}

function CustomerCard({ ticket }: { ticket: TicketWithPeople }) {
  return (
    <Card aria-labelledby="customer-heading">
      <h2 id="customer-heading" className="mb-3 text-lg font-semibold">
        Customer
      </h2>
      <dl className="space-y-1 text-sm">
        <div>
          <dt className="sr-only">Name</dt>
          <dd className="break-words">
            <Link href={`/customers/${ticket.customer.id}`} className="font-medium text-indigo-700 hover:underline">
              {ticket.customer.name}
            </Link>
          </dd>
        </div>
        <div>
          <dt className="sr-only">Email</dt>
          <dd className="break-words">{ticket.customer.email}</dd>
        </div>
        <div>
          <dt className="inline text-slate-500">Company: </dt>
          <dd className="inline break-words">
            {ticket.customer.company ? (
              <Link href={`/companies/${ticket.customer.company.id}`} className="hover:underline">
                {ticket.customer.company.name}
              </Link>
            ) : (
              'None'
            )}
          </dd>
        </div>
      </dl>
      <div className="mt-4">
        <CopyField
          label="Customer link"
          copyLabel="Copy the customer’s link"
          name="customerLink"
          value={ticketUrlFor(ticket, { kind: 'customer', id: ticket.customer.id })}
          hint="The customer’s personal link to this ticket; share it only with them."
        />
      </div>
    </Card>
  );
}

/** Each satisfaction rating with who gave it: "Pat (customer): Good — “quick and clear”". */
function TicketRatings({ ratings }: { ratings: Rating[] }) {
  if (ratings.length === 0) return null;
  return (
    <Card aria-labelledby="ratings-heading">
      <h2 id="ratings-heading" className="mb-3 text-lg font-semibold">
        Ratings
      </h2>
      <ul aria-labelledby="ratings-heading" className="space-y-2 text-sm">
        {ratings.map((rating) => (
          <li key={rating.id} className="break-words">
            <span className="font-medium">
              {rating.raterName || rating.raterEmail} ({rating.raterKind})
            </span>
            : <Badge tone={rating.rating === 'good' ? 'emerald' : 'red'}>{ratingLabels[rating.rating]}</Badge>
            {rating.comment ? <> — “{rating.comment}”</> : null}
            <span className="block text-xs text-slate-500">
              <DateTime value={rating.updatedAt} /> · closing of <DateTime value={rating.closedAt} />
            </span>
          </li>
        ))}
      </ul>
    </Card>
  );
}

function ParticipantsHeader({
  ticketId,
  customerEmail,
  title,
  actions,
  participants,
}: {
  ticketId: number;
  customerEmail: string;
  title: React.ReactNode;
  actions: React.ReactNode;
  participants: ParticipantView[];
}) {
  return (
    <TicketHeaderWithParticipants title={title} participantCount={participants.length} actions={actions}>
      <Card>
        <h2 className="mb-3 text-lg font-semibold">Participants</h2>
        {participants.length === 0 ? (
          <p className="mb-4 text-sm text-slate-600">No participants yet.</p>
        ) : (
          <ul aria-label="Participants" className="mb-5 divide-y divide-slate-100">
            {participants.map((participant) => (
              <li key={participant.id} id={participantElementId(participant.id)} tabIndex={-1} className="grid gap-3 py-3 sm:grid-cols-[1fr_1fr_auto] sm:items-end">
                <div className="text-sm">
                  <p className="flex flex-wrap items-center gap-2">
                    <span className="font-medium">{participant.name}</span>
                    <RoleBadge role="participant" />
                    {participant.company ? <span className="text-slate-600">{participant.company}</span> : null}
                  </p>
                  <p className="text-slate-600">{participant.email}</p>
                  <p className="text-xs text-slate-500">
                    {participant.addedBy ? `${addedByText(participant.addedBy)[0].toUpperCase()}${addedByText(participant.addedBy).slice(1)} ` : 'Added '}on{' '}
                    <DateTime value={participant.addedAt} />
                  </p>
                  <div className="mt-2">
                    <ParticipantViewForm ticketId={ticketId} participantId={participant.id} email={participant.email} view={participant.view} />
                  </div>
                </div>
                <CopyField label={`Link for ${participant.email}`} copyLabel={`Copy ${participant.email}’s link`} name={`participant-link-${participant.id}`} value={participant.ticketUrl} />
                <RemoveParticipantButton ticketId={ticketId} participantId={participant.id} email={participant.email} />
              </li>
            ))}
          </ul>
        )}
        <AddParticipantForm ticketId={ticketId} alreadyOnTicket={[customerEmail, ...participants.map((p) => p.email)]} />
      </Card>
    </TicketHeaderWithParticipants>
  );
}
