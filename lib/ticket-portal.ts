import 'server-only';
import { z } from 'zod';
import { replies, type Reply } from '@/db/schema';
import { getActiveParticipant, requireAccessLink, type LinkAccess } from '@/lib/access';
import { readUnverifiedClaims } from '@/lib/access-links';
import { insertAttachments, type StoredFile } from '@/lib/attachments/store';
import { recordAudit, type AuditActor } from '@/lib/audit';
import { getCustomerByEmail, getCustomerById } from '@/lib/customers';
import { getDb } from '@/lib/db';
import { AppError, validationError } from '@/lib/errors';
import { recordEvent } from '@/lib/events';
import { leaveTicketAsParticipant, listActiveParticipants } from '@/lib/participants';
import { canLinkHolderClose, canLinkHolderLeave, canLinkHolderReopen, checkReplyEmail, normalizeEmail } from '@/lib/policy';
import { getSettings } from '@/lib/settings';
import { checkAttachmentCount, getTicketWithPeople, listRepliesPage, normalizeLineBreaks, touchTicket } from '@/lib/tickets';

// What people outside the team do through their personal link: read, reply, close, reopen, leave.
// Every operation re-checks the link, so a removed participant or a rotated link is refused at once.

const holderActor = (access: LinkAccess): AuditActor => ({ kind: access.holder.kind, id: access.holder.id, email: access.holder.email });

/** What a personal link shows: the newest page of the conversation (no notes), and what the holder may do. */
export function getPortalView(access: LinkAccess) {
  return {
    conversation: listRepliesPage({ ticketId: access.ticket.id, includePrivate: false }),
    participantNames: access.settings.participantsEnabled ? listActiveParticipants({ ticketId: access.ticket.id }).map((p) => p.name) : [],
    canClose: canLinkHolderClose(access.ticket),
    canReopen: canLinkHolderReopen(access.ticket, access.settings),
    canReply: access.ticket.status !== 'closed' || canLinkHolderReopen(access.ticket, access.settings),
    canLeave: canLinkHolderLeave(access.holder.kind),
  };
}

export const linkReplySchema = z.object({
  email: z.string().trim().max(254).min(1, 'Enter your email address.'),
  message: z.string().trim().min(1, 'Write a message.').max(50_000, 'The message is too long.').transform(normalizeLineBreaks),
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

  return getDb().transaction((tx) => {
    const reply = tx
      .insert(replies)
      .values({ ticketId: ticket.id, body: parsed.data.message, ...author, source })
      .returning()
      .get();
    const actor = { kind: author.authorKind, id: author.authorId, email: author.authorEmail };
    insertAttachments(tx, { ticketId: ticket.id, replyId: reply.id, files, addedBy: actor });
    touchTicket(tx, ticket.id, ticket.status === 'new' ? undefined : 'open');
    recordAudit(tx, {
      ticketId: ticket.id,
      actor,
      action: 'reply.added',
      detail: { replyId: reply.id, via: { kind: access.holder.kind, id: access.holder.id, email: access.holder.email }, source, reopened: reopening },
    });
    recordEvent(tx, { type: 'reply.created', ticketId: ticket.id, replyId: reply.id });
    return reply;
  });
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
    recordAudit(tx, { ticketId: access.ticket.id, actor: holderActor(access), action: 'ticket.status_changed', detail: { from: 'closed', to: 'open' } });
  });
}

export function leaveThroughLink({ token }: { token: string }): void {
  const access = requireAccessLink(token);
  if (!canLinkHolderLeave(access.holder.kind)) throw new AppError('forbidden', 'The ticket’s customer cannot leave the ticket.');
  const participant = getActiveParticipant({ ticketId: access.ticket.id, participantId: access.holder.id });
  if (participant) leaveTicketAsParticipant(participant);
}

/**
 * "Email me a fresh link" from a refused link. The answer never depends on the address typed; a link is sent only
 * when the address is still on the ticket (its customer, or a current participant while participants are enabled).
 */
export function requestFreshLink({ token, email }: { token: string; email: string }): void {
  const claims = readUnverifiedClaims(token);
  const address = normalizeEmail(email);
  if (!claims || !z.email().safeParse(address).success) return;
  const ticket = getTicketWithPeople({ id: claims.ticketId });
  if (!ticket) return;
  let holder: { kind: 'customer' | 'participant'; id: number } | null = null;
  if (ticket.customer.email === address) holder = { kind: 'customer', id: ticket.customerId };
  else if (getSettings().participantsEnabled) {
    const participant = listActiveParticipants({ ticketId: ticket.id }).find((p) => p.email === address);
    if (participant) holder = { kind: 'participant', id: participant.id };
  }
  if (!holder) return;
  const requester = holder;
  getDb().transaction((tx) => {
    recordAudit(tx, { ticketId: ticket.id, actor: { kind: requester.kind, id: requester.id, email: address }, action: 'link.requested' });
    recordEvent(tx, { type: 'link.requested', ticketId: ticket.id, holder: requester });
  });
}
