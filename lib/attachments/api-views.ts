import type { CcCandidate, Company, Rating, Reply } from '@/db/schema';
import { attachmentViewsByReply } from '@/lib/attachments/access';
import { getSettings } from '@/lib/core/settings';
import { ticketUrlFor } from '@/lib/participants/link-access';
import { listParticipantViews } from '@/lib/participants/participants';
import { listTicketRatings, ratingView } from '@/lib/tickets/ratings';
import { recipientPeopleByReply } from '@/lib/tickets/audience';
import { tagsOfTicket } from '@/lib/tickets/tags';
import { listRepliesPage } from '@/lib/tickets/tickets';
import type { CustomerWithCompany } from '@/lib/people/customers';
import type { ParticipantView } from '@/lib/participants/participants';
import type { RepliesPage, TicketListItem } from '@/lib/tickets/tickets';
import type { TicketWithPeople } from '@/lib/tickets/records';
import { serviceLevelsOfTicket, serviceTargetNames, type ServiceLevelState, type ServiceTargetName, type TargetState } from '@/lib/tickets/service-levels';

// How the REST API (and the webhooks, which send the same JSON) shows each thing: plain JSON with ISO dates and
// display ticket numbers. The views are pure functions, so the public shapes are pinned down by unit tests; README
// documents them. The load… functions at the end read what a view needs.

type PersonRef = { id: number; email: string; name: string };

/** An attachment as a reply lists it; `url` downloads it with the same bearer token. */
export type ApiAttachment = { id: number; filename: string; contentType: string; size: number; url: string; removed: boolean };

/** Whom a side reply went to, as the API names them. */
export type ApiRecipient = { kind: 'customer' | 'participant'; id: number; email: string; name: string };

/**
 * `to`: "everyone" for a reply to everyone on the ticket (and for notes, which go to nobody outside the team), or the
 * people a side reply was for.
 */
export function replyView(reply: Reply, attachments: ApiAttachment[] = [], recipients: ApiRecipient[] = []) {
  return {
    id: reply.id,
    body: reply.body,
    private: reply.private,
    author: { kind: reply.authorKind, email: reply.authorEmail, name: reply.authorName },
    // The link it came through, when that is not the author's own ("Carol Chen, sent through Frank Li's link").
    sentThrough: reply.viaKind ? { kind: reply.viaKind, email: reply.viaEmail, name: reply.viaName } : null,
    to: reply.audience === 'chosen' ? recipients.map((r) => ({ kind: r.kind, id: r.id, email: r.email, name: r.name })) : ('everyone' as const),
    createdAt: reply.createdAt.toISOString(),
    // The ticket the reply was written on when a merge brought it here (its id), else null.
    fromTicket: reply.fromTicketId,
    // Removed files are gone for everyone and not listed.
    attachments: attachments
      .filter((a) => !a.removed)
      .map((a) => ({ id: a.id, filename: a.filename, contentType: a.contentType, size: a.size, url: a.url })),
  };
}

export function participantView(participant: ParticipantView) {
  return {
    id: participant.id,
    email: participant.email,
    name: participant.name,
    customerId: participant.customerId,
    company: participant.company,
    addedAt: participant.addedAt.toISOString(),
    // Who brought them in: {"kind":"agent"|"customer"|"participant","id","name"}, {"kind":"email"} (inbound mail), or null.
    addedBy: participant.addedBy,
    ticketUrl: participant.ticketUrl,
    view: participant.view,
  };
}

/** One "Cc'd, not on this ticket" entry: who, who Cc'd them, why mail did not add them, when. */
export function ccCandidateView(candidate: CcCandidate) {
  return {
    id: candidate.id,
    email: candidate.email,
    name: candidate.name,
    ccBy: { email: candidate.ccByEmail, name: candidate.ccByName },
    reason: candidate.reason,
    createdAt: candidate.createdAt.toISOString(),
  };
}

const personRef = (person: PersonRef | null): PersonRef | null =>
  person ? { id: person.id, email: person.email, name: person.name } : null;

/**
 * One ticket: its customer (with their personal link), the newest page of replies and notes (older ones through
 * `repliesNextCursor`), and its participants.
 */
export function ticketView(input: {
  ticket: TicketWithPeople;
  customerTicketUrl: string;
  conversation: RepliesPage;
  participants: ParticipantView[];
  tags: string[];
  serviceLevels: ServiceLevelState;
  attachmentsByReply?: ReadonlyMap<number, ApiAttachment[]>;
  recipientsByReply?: ReadonlyMap<number, ApiRecipient[]>;
  ratings?: Rating[];
}) {
  const { ticket } = input;
  return {
    id: ticket.id,
    number: ticket.displayNumber,
    subject: ticket.subject,
    status: ticket.status,
    priority: ticket.priority,
    tags: input.tags,
    snoozedUntil: ticket.snoozedUntil?.toISOString() ?? null,
    // The id of the ticket this one was merged into (then closed and read-only; its replies live there), else null.
    mergedInto: ticket.mergedIntoId,
    sla: serviceLevelsView(input.serviceLevels),
    customer: {
      id: ticket.customer.id,
      email: ticket.customer.email,
      name: ticket.customer.name,
      company: ticket.customer.company?.name ?? null,
      ticketUrl: input.customerTicketUrl,
    },
    assignee: personRef(ticket.assignee),
    createdAt: ticket.createdAt.toISOString(),
    updatedAt: ticket.updatedAt.toISOString(),
    replies: input.conversation.replies.map((reply) => replyView(reply, input.attachmentsByReply?.get(reply.id), input.recipientsByReply?.get(reply.id))),
    repliesNextCursor: input.conversation.olderCursor,
    participants: input.participants.map(participantView),
    // Satisfaction ratings over all its closings, oldest first (lib/tickets/ratings.ts).
    ratings: (input.ratings ?? []).map(ratingView),
  };
}

/** A ticket in a list: no replies, participants counted. */
export function ticketSummaryView(item: TicketListItem) {
  return {
    id: item.id,
    number: item.displayNumber,
    subject: item.subject,
    status: item.status,
    priority: item.priority,
    tags: item.tags,
    customer: { id: item.customerId, email: item.customerEmail, name: item.customerName },
    assignee:
      item.assigneeId === null || item.assigneeEmail === null || item.assigneeName === null
        ? null
        : { id: item.assigneeId, email: item.assigneeEmail, name: item.assigneeName },
    participantCount: item.participantCount,
    mergedInto: item.mergedIntoId,
    createdAt: item.createdAt.toISOString(),
    updatedAt: item.updatedAt.toISOString(),
    lastActivityAt: item.lastActivityAt.toISOString(),
    // The earliest due time of a running service target (null: none), as `?sort=due` orders them.
    slaDueAt: item.slaDueAt?.toISOString() ?? null,
  };
}

export function customerView(customer: CustomerWithCompany) {
  return {
    id: customer.id,
    email: customer.email,
    name: customer.name,
    companyId: customer.companyId,
    company: customer.company?.name ?? null,
    createdAt: customer.createdAt.toISOString(),
  };
}

export function companyView(company: Pick<Company, 'id' | 'name' | 'createdAt'> & { customerCount: number; domains: string[] }) {
  return {
    id: company.id,
    name: company.name,
    domains: company.domains,
    customerCount: company.customerCount,
    createdAt: company.createdAt.toISOString(),
  };
}

/** A page of a ticket's conversation, oldest first; `nextCursor` fetches the older page before it (null at the start). */
export const repliesPageView = (
  page: RepliesPage,
  attachmentsByReply?: ReadonlyMap<number, ApiAttachment[]>,
  recipientsByReply?: ReadonlyMap<number, ApiRecipient[]>,
) => ({
  replies: page.replies.map((reply) => replyView(reply, attachmentsByReply?.get(reply.id), recipientsByReply?.get(reply.id))),
  nextCursor: page.olderCursor,
});

/** The API's `sla`: due times (null where no target applies or the clock stands still) and which targets were missed. */
export function serviceLevelsView(state: ServiceLevelState) {
  const dueAt = (name: ServiceTargetName) => state[name]?.dueAt?.toISOString() ?? null;
  const named = (wanted: TargetState['state']) => serviceTargetNames.filter((name) => state[name]?.state === wanted);
  return {
    firstResponseDueAt: dueAt('firstResponse'),
    nextResponseDueAt: state.nextResponse?.state === 'met' ? null : dueAt('nextResponse'),
    resolutionDueAt: dueAt('resolution'),
    breached: named('missed'),
    met: named('met'),
    paused: named('paused').length > 0,
  };
}

/** A reply as the API shows it, with its attachments. */
export function loadReplyView(reply: Reply) {
  return replyView(reply, attachmentViewsByReply([reply.id], { kind: 'api' }).get(reply.id), apiRecipientsOf([reply]).get(reply.id));
}

/** A ticket as the API shows it: the newest replies and notes (and their files), its participants and the customer's link. */
export function loadTicketView(ticket: TicketWithPeople) {
  const conversation = listRepliesPage({ ticketId: ticket.id, includePrivate: true });
  return ticketView({
    ticket,
    customerTicketUrl: ticketUrlFor(ticket, { kind: 'customer', id: ticket.customerId }),
    conversation,
    participants: listParticipantViews({ ticketId: ticket.id }),
    tags: tagsOfTicket(ticket.id),
    serviceLevels: serviceLevelsOfTicket(ticket, getSettings().serviceLevels),
    attachmentsByReply: apiAttachmentsOf(conversation.replies),
    recipientsByReply: apiRecipientsOf(conversation.replies),
    ratings: listTicketRatings({ ticketId: ticket.id }),
  });
}

/** One page of the conversation as the API shows it, each reply with its files. */
export function loadRepliesPageView(page: RepliesPage) {
  return repliesPageView(page, apiAttachmentsOf(page.replies), apiRecipientsOf(page.replies));
}

/** Whom each side reply was to, by name and address. */
function apiRecipientsOf(replies: Reply[]): Map<number, ApiRecipient[]> {
  const people = recipientPeopleByReply(replies.filter((r) => r.audience === 'chosen').map((r) => r.id));
  return new Map([...people].map(([replyId, list]) => [replyId, list.map((p) => ({ kind: p.kind, id: p.personId, email: p.email, name: p.name }))]));
}

const apiAttachmentsOf = (replies: Reply[]) =>
  attachmentViewsByReply(
    replies.map((r) => r.id),
    { kind: 'api' },
  );
