import 'server-only';
import { z } from 'zod';
import { and, asc, eq } from 'drizzle-orm';
import { linkRequests, replies, type LinkRequest, type Reply } from '@/db/schema';
import { getActiveParticipant, requireAccessLink, type LinkAccess } from '@/lib/participants/link-access';
import { readUnverifiedClaims } from '@/lib/participants/links';
import { insertAttachments, type StoredFile } from '@/lib/files/store';
import { recordAudit, type AuditActor } from '@/lib/core/audit';
import { getCustomerByEmail, getCustomerById } from '@/lib/people/customers';
import { getDb } from '@/lib/core/db';
import { AppError, validationError } from '@/lib/core/errors';
import { recordEvent } from '@/lib/tickets/events';
import { nudgeOutboxWorker } from '@/lib/core/outbox-queue';
import { leaveTicketAsParticipant } from '@/lib/participants/participants';
import { listActiveParticipants } from '@/lib/tickets/records';
import { listPeopleForLink } from '@/lib/participants/people-by-link';
import { canLinkHolderAddPeople, isSentThroughOthersLink, canLinkHolderClose, canLinkHolderLeave, canLinkHolderReopen, checkReplyEmail, normalizeEmail } from '@/lib/auth/policy';
import { getSettings } from '@/lib/core/settings';
import { checkAttachmentCount, listRepliesPage, markReopened, normalizeLineBreaks, touchTicket } from '@/lib/tickets/tickets';
import { getTicketWithPeople } from '@/lib/tickets/records';
import { answerAudience, maySeeReply, personLabel, recipientPeopleByReply, storedAudience, writeReplyRecipients } from '@/lib/tickets/audience';
import { linkPageVersion } from '@/lib/participants/link-poll';

// What people outside the team do through their personal link: read, reply, close, reopen, leave.
// Every operation re-checks the link, so a removed participant or a rotated link is refused at once.

const holderActor = (access: LinkAccess): AuditActor => ({ kind: access.holder.kind, id: access.holder.id, email: access.holder.email });

/** What a personal link shows: the newest page of the conversation this person may see (no notes, no side replies to
 * others), the side conversations they may answer within, and what the holder may do. */
export function getPortalView(access: LinkAccess) {
  const conversation = listRepliesPage({ ticketId: access.ticket.id, includePrivate: false, viewer: access.viewer });
  return {
    conversation,
    sideConversations: sideConversationsOf(conversation.replies),
    people: listPeopleForLink(access),
    canAddPeople: canLinkHolderAddPeople(access.holder.kind, access.settings),
    canClose: canLinkHolderClose(access.ticket),
    canReopen: canLinkHolderReopen(access.ticket, access.settings),
    canReply: access.ticket.status !== 'closed' || canLinkHolderReopen(access.ticket, access.settings),
    canLeave: canLinkHolderLeave(access.holder.kind),
    version: linkPageVersion(access.ticket, access.viewer),
  };
}

export type SideConversation = { replyId: number; names: string[]; newest: boolean };

/**
 * The side replies shown, one per group of people (the newest reply of each), newest first: a reply through the link
 * may answer within one of them. `newest` marks the group of the newest reply shown, the form's default.
 */
function sideConversationsOf(shown: Reply[]): SideConversation[] {
  const side = shown.filter((r) => r.audience === 'chosen');
  const people = recipientPeopleByReply(side.map((r) => r.id));
  const groups = new Map<string, SideConversation>();
  const newestId = shown.at(-1)?.audience === 'chosen' ? shown.at(-1)!.id : null;
  for (const reply of [...side].reverse()) {
    const list = people.get(reply.id) ?? [];
    const key = list.map((p) => `${p.kind}:${p.personId}`).sort().join(',');
    if (!groups.has(key)) groups.set(key, { replyId: reply.id, names: list.map(personLabel), newest: reply.id === newestId });
  }
  return [...groups.values()];
}

export const linkReplySchema = z.object({
  email: z.string().trim().max(254).min(1, 'Enter your email address.'),
  message: z.string().trim().min(1, 'Write a message.').max(50_000, 'The message is too long.').transform(normalizeLineBreaks),
  // A side reply this answers: the answer goes to the same people (and the team) only. Empty: to everyone.
  inReplyTo: z.preprocess((v) => (v === '' || v === null ? undefined : v), z.coerce.number().int().positive('is not a reply').optional()),
});

/**
 * A reply through a link (or, later, by email). The entered address must pass the reply-form rule; the reply is
 * attributed to that person and the audit records whose link it came through.
 */
export function replyThroughLink({
  token,
  input,
  source = 'web',
  files = [],
}: {
  token: string;
  input: unknown;
  source?: 'web' | 'email';
  files?: StoredFile[];
}): Reply {
  const access = requireAccessLink(token);
  const parsed = linkReplySchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error.issues);
  checkAttachmentCount(files);
  const { ticket, settings } = access;
  const reopening = ticket.status === 'closed';
  if (reopening && !canLinkHolderReopen(ticket, settings)) {
    throw new AppError('conflict', 'This ticket is closed. Open a new ticket if you need more help.');
  }
  const email = normalizeEmail(parsed.data.email);
  const participants = listActiveParticipants({ ticketId: ticket.id });
  const check = checkReplyEmail({
    email,
    ticketCustomer: ticket.customer,
    customerWithEmail: getCustomerByEmail({ email }) ?? null,
    participants,
    settings,
  });
  if (!check.ok) throw new AppError('forbidden', check.reason, { email: check.reason });

  const author =
    check.as === 'participant'
      ? { authorKind: 'participant' as const, authorId: check.participantId, ...pick(participants.find((p) => p.id === check.participantId)!) }
      : { authorKind: 'customer' as const, authorId: check.customerId, ...pick(getCustomerById({ id: check.customerId })!) };
  const to = answerAudience(answeredReply(access, parsed.data.inReplyTo), { kind: author.authorKind, personId: author.authorId });

  // Typed someone else's address (the reply rule allows it): the reply says on itself whose link it came through.
  const through = isSentThroughOthersLink(access.holder, { kind: author.authorKind, id: author.authorId })
    ? { viaKind: access.holder.kind, viaId: access.holder.id, viaEmail: access.holder.email, viaName: access.holder.name || access.holder.email }
    : {};
  return getDb().transaction((tx) => {
    const reply = tx
      .insert(replies)
      .values({ ticketId: ticket.id, body: parsed.data.message, ...author, ...through, source, audience: to.audience })
      .returning()
      .get();
    writeReplyRecipients(tx, reply.id, to);
    const actor = { kind: author.authorKind, id: author.authorId, email: author.authorEmail };
    insertAttachments(tx, { ticketId: ticket.id, replyId: reply.id, files, addedBy: actor });
    touchTicket(tx, ticket.id, ticket.status === 'new' ? undefined : 'open', { sideReply: to.audience === 'chosen' });
    recordAudit(tx, {
      ticketId: ticket.id,
      actor,
      action: 'reply.added',
      detail: {
        replyId: reply.id,
        via: { kind: access.holder.kind, id: access.holder.id, email: access.holder.email },
        source,
        reopened: reopening,
        ...(to.audience === 'chosen' ? { to: to.recipients } : {}),
      },
    });
    recordEvent(tx, { type: 'reply.created', ticketId: ticket.id, replyId: reply.id });
    return reply;
  });
}

/** The side reply a link reply answers: one of this ticket's that the link's holder may see, or a 422. */
function answeredReply(access: LinkAccess, replyId: number | undefined) {
  if (replyId === undefined) return null;
  const reply = getDb().select().from(replies).where(and(eq(replies.id, replyId), eq(replies.ticketId, access.ticket.id))).get();
  if (!reply || !maySeeReply(access.viewer, reply)) {
    throw new AppError('validation_failed', 'Invalid fields — inReplyTo: is not a reply on this ticket', { inReplyTo: 'is not a reply on this ticket' });
  }
  return storedAudience(reply);
}

function pick(person: { email: string; name: string }) {
  return { authorEmail: person.email, authorName: person.name };
}

export function closeThroughLink({ token }: { token: string }): void {
  const access = requireAccessLink(token);
  if (!canLinkHolderClose(access.ticket)) throw new AppError('conflict', 'This ticket is already closed.');
  getDb().transaction((tx) => {
    touchTicket(tx, access.ticket.id, 'closed');
    recordAudit(tx, { ticketId: access.ticket.id, actor: holderActor(access), action: 'ticket.status_changed', detail: { from: access.ticket.status, to: 'closed' } });
    recordEvent(tx, { type: 'ticket.closed', ticketId: access.ticket.id, byEmail: access.holder.email });
  });
}

export function reopenThroughLink({ token }: { token: string }): void {
  const access = requireAccessLink(token);
  if (!canLinkHolderReopen(access.ticket, access.settings)) {
    throw new AppError('forbidden', access.ticket.status === 'closed' ? 'Closed tickets cannot be reopened here.' : 'This ticket is not closed.');
  }
  getDb().transaction((tx) => {
    touchTicket(tx, access.ticket.id, 'open');
    markReopened(tx, access.ticket.id);
    recordAudit(tx, { ticketId: access.ticket.id, actor: holderActor(access), action: 'ticket.status_changed', detail: { from: 'closed', to: 'open' } });
    recordEvent(tx, { type: 'ticket.reopened', ticketId: access.ticket.id, byEmail: access.holder.email });
  });
}

export function leaveThroughLink({ token }: { token: string }): void {
  const access = requireAccessLink(token);
  if (!canLinkHolderLeave(access.holder.kind)) throw new AppError('forbidden', 'The ticket’s customer cannot leave the ticket.');
  const participant = getActiveParticipant({ ticketId: access.ticket.id, participantId: access.holder.id });
  if (participant) leaveTicketAsParticipant(participant);
}

/**
 * "Email me a fresh link" from a refused link. It only queues the request, the same single insert whatever the token
 * and address are, so neither the answer nor its timing tells whether the address is on the ticket; the background
 * worker looks it up (processLinkRequests).
 */
export function requestFreshLink({ token, email }: { token: string; email: string }): void {
  getDb()
    .insert(linkRequests)
    .values({ ticketId: readUnverifiedClaims(token)?.ticketId ?? null, email: normalizeEmail(email).slice(0, 320) })
    .run();
  nudgeOutboxWorker();
}

/**
 * Answers queued fresh-link requests, oldest first: a link is emailed only when the address is still on the ticket
 * (its customer, or a current participant while participants are enabled). Each request is removed in the same
 * transaction that records its outcome, so it is handled once. Returns how many were handled.
 */
export function processLinkRequests({ limit = 100 }: { limit?: number } = {}): number {
  const db = getDb();
  const queued = db.select().from(linkRequests).orderBy(asc(linkRequests.id)).limit(limit).all();
  for (const request of queued) {
    const holder = linkHolderFor(request);
    db.transaction((tx) => {
      tx.delete(linkRequests).where(eq(linkRequests.id, request.id)).run();
      if (!holder || request.ticketId === null) return;
      recordAudit(tx, { ticketId: request.ticketId, actor: { kind: holder.kind, id: holder.id, email: request.email }, action: 'link.requested' });
      recordEvent(tx, { type: 'link.requested', ticketId: request.ticketId, holder });
    });
  }
  return queued.length;
}

/** Who on the ticket a request's address is, if anyone. */
function linkHolderFor({ ticketId, email }: LinkRequest): { kind: 'customer' | 'participant'; id: number } | null {
  if (ticketId === null || !z.email().safeParse(email).success) return null;
  const ticket = getTicketWithPeople({ id: ticketId });
  if (!ticket) return null;
  if (ticket.customer.email === email) return { kind: 'customer', id: ticket.customerId };
  if (!getSettings().participantsEnabled) return null;
  const participant = listActiveParticipants({ ticketId }).find((p) => p.email === email);
  return participant ? { kind: 'participant', id: participant.id } : null;
}
