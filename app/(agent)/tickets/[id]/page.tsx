import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Conversation } from '@/app/_components/conversation';
import { DateTime } from '@/app/_components/date-time';
import { CopyField } from '@/app/_components/copy-field';
import { PriorityBadge, StatusBadge } from '@/app/_components/ticket-badges';
import { BackLink, Badge, Card, ErrorAlert, PageHeader } from '@/app/_components/ui';
import { ticketUrlFor } from '@/lib/participants/link-access';
import { maxAttachmentBytes } from '@/lib/files/store';
import { participantElementId } from '@/lib/web/element-ids';
import { AppError } from '@/lib/core/errors';
import { listParticipantViews, type ParticipantView } from '@/lib/participants/participants';
import { canViewTicket, isAdmin } from '@/lib/auth/policy';
import { getCurrentAgent, requireAgent } from '@/lib/auth/session';
import { getSettings } from '@/lib/core/settings';
import { listTicketHistory } from '@/lib/tickets/history';
import { getTicketForAgent, listAssignableAgents, listRepliesPage } from '@/lib/tickets/tickets';
import { getTicketWithPeople, type TicketWithPeople } from '@/lib/tickets/records';
import { loadOlderRepliesAction } from './conversation-actions';
import { LiveTicket } from './live-ticket';
import { AddParticipantForm, RemoveParticipantButton, TicketHeaderWithParticipants } from './participants';
import { agentConversationFiles } from './conversation-files';
import { AssigneeForm, PriorityForm, ReplyForm, RotateLinksForm, SnoozeForm, StatusForm, TagsForm } from './ticket-forms';
import { listTagNames, tagsOfTicket } from '@/lib/tickets/tags';
import { serviceLevelsOfTicket } from '@/lib/tickets/service-levels';
import { ServiceLevelLines } from '@/app/_components/service-levels';
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

export default async function TicketPage({ params }: { params: Promise<{ id: string }> }) {
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

  return (
    <>
      <BackLink href="/tickets" label="Tickets" />
      {settings.participantsEnabled ? (
        <ParticipantsHeader ticketId={ticket.id} customerEmail={ticket.customer.email} title={title} participants={listParticipantViews({ ticketId: ticket.id })} />
      ) : (
        <PageHeader title={title} />
      )}
      <div className="grid gap-6 lg:grid-cols-[2fr_1fr] [&>*]:min-w-0">
        <div className="space-y-6">
          <Conversation
            page={conversation}
            audience="agent"
            files={agentConversationFiles(agent, ticket)}
            loadOlder={loadOlderRepliesAction.bind(null, ticket.id)}
          />
          <Card>
            <h2 className="mb-3 text-lg font-semibold">Write a reply</h2>
            <LiveTicket ticketId={ticket.id} agentId={agent.id} version={ticket.updatedAt.getTime()} lastReplyId={conversation.replies.at(-1)?.id ?? 0} />
            <ReplyForm ticketId={ticket.id} maxAttachmentBytes={maxAttachmentBytes()} signature={agent.signature} />
          </Card>
        </div>
        <div className="space-y-6">
          <Card aria-labelledby="customer-heading">
            <h2 id="customer-heading" className="mb-3 text-lg font-semibold">
              Customer
            </h2>
            <dl className="space-y-1 text-sm">
              <div>
                <dt className="sr-only">Name</dt>
                <dd>
                  <Link href={`/customers/${ticket.customer.id}`} className="font-medium text-indigo-700 hover:underline">
                    {ticket.customer.name}
                  </Link>
                </dd>
              </div>
              <div>
                <dt className="sr-only">Email</dt>
                <dd>{ticket.customer.email}</dd>
              </div>
              <div>
                <dt className="inline text-slate-500">Company: </dt>
                <dd className="inline">
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
          <TicketRatings ratings={listTicketRatings({ ticketId: ticket.id })} />
          {hasTargets ? (
            <Card aria-labelledby="service-levels-heading">
              <h2 id="service-levels-heading" className="mb-3 text-lg font-semibold">
                Service levels
              </h2>
              <ServiceLevelLines state={serviceLevels} now={now} />
            </Card>
          ) : null}
          <Card className="space-y-5">
            <StatusForm ticketId={ticket.id} status={ticket.status} />
            <PriorityForm ticketId={ticket.id} priority={ticket.priority} />
            {ticket.snoozedUntil ? (
              <p className="text-sm text-slate-700">
                Snoozed until <DateTime value={ticket.snoozedUntil} />
              </p>
            ) : null}
            <SnoozeForm ticketId={ticket.id} timeZone={settings.serviceLevels.timeZone} />
            <AssigneeForm ticketId={ticket.id} assignee={ticket.assignee} agents={listAssignableAgents()} me={agent.id} />
          </Card>
          <Card>
            <TagsForm ticketId={ticket.id} tags={tagsOfTicket(ticket.id)} allTags={listTagNames()} />
          </Card>
          {isAdmin(agent) ? (
            <Card>
              <h2 className="mb-3 text-lg font-semibold">Links</h2>
              <RotateLinksForm ticketId={ticket.id} />
            </Card>
          ) : null}
          <Card>
            <h2 id="history-heading" className="mb-3 text-lg font-semibold">
              History
            </h2>
            <ol aria-labelledby="history-heading" className="space-y-2 text-sm">
              {history.map((line) => (
                <li key={line.id}>
                  <span className="block text-xs text-slate-500">
                    <DateTime value={line.at} />
                  </span>
                  {line.text}
                </li>
              ))}
            </ol>
          </Card>
        </div>
      </div>
    </>
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
  participants,
}: {
  ticketId: number;
  customerEmail: string;
  title: React.ReactNode;
  participants: ParticipantView[];
}) {
  return (
    <TicketHeaderWithParticipants title={title} participantCount={participants.length}>
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
                    <Badge tone={participant.kind === 'guest' ? 'slate' : 'indigo'}>{participant.kind === 'guest' ? 'Guest' : 'Customer'}</Badge>
                  </p>
                  <p className="text-slate-600">{participant.email}</p>
                  <p className="text-xs text-slate-500">
                    Added {participant.addedBy ? `by ${participant.addedBy.name} ` : ''}on <DateTime value={participant.addedAt} />
                  </p>
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
