import 'server-only';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { attachments, inboundMessages, mergedPeople, notificationMutes, participants, replies, tickets, type Agent, type Reply } from '@/db/schema';
import { agentActor, recordAudit } from '@/lib/core/audit';
import { getDb, type Tx } from '@/lib/core/db';
import { AppError, forbidden, notFound, validationError } from '@/lib/core/errors';
import { getSettings } from '@/lib/core/settings';
import { canSplitTicket, canViewTicket, checkMerge, normalizeEmail } from '@/lib/auth/policy';
import { findOrCreateCustomer, getCustomerById } from '@/lib/people/customers';
import { recordEvent } from '@/lib/tickets/events';
import { finalTicketOf, getTicketById, getTicketWithPeople, listActiveParticipants, type TicketWithPeople } from '@/lib/tickets/records';
import { getTicketForAgent, listTicketsForAgent, nextTicketNumber, touchTicket } from '@/lib/tickets/tickets';

// Merging one ticket into another, and splitting replies off into a new ticket. People are the point: a merge moves
// the merged ticket's conversation, files and history onto the target and makes its customer and participants
// people of the target, each keeping one identity there (merged_people: their old link, reply+ address and
// unsubscribe token lead to that person, lib/participants/link-access.ts followMerges); a split gives the new
// ticket's people fresh records and links, so nobody reaches one ticket through the other. A merge is one
// transaction and cannot be undone; the audit log of both tickets records who merged what.

export const mergeInputSchema = z
  .object({ into: z.coerce.number({ message: 'must be a ticket id' }).int('must be a ticket id').positive('must be a ticket id') })
  .strict();

type Holder = { kind: 'customer' | 'participant'; id: number };

/** The target ticket of a merge, found for an agent: a clear error when it does not exist. */
function requireMergeTarget(id: number): TicketWithPeople {
  const target = getTicketWithPeople({ id });
  if (!target) throw new AppError('validation_failed', 'There is no ticket with that id to merge into.', { into: 'There is no ticket with that id to merge into.' });
  return target;
}

/**
 * Merges ticket `ticketId` (B) into `input.into` (A): B's replies, notes and files join A's conversation (each keeps
 * "from B"), B's history shows in A's, B's customer and participants become participants of A unless already on it,
 * and each is emailed once with their link to A. B is closed and read-only from then on. Returns A.
 */
export function mergeTicket({ ticketId, agent, input }: { ticketId: number; agent: Agent; input: unknown }): TicketWithPeople {
  const parsed = mergeInputSchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const settings = getSettings();
  const source = getTicketWithPeople({ id: ticketId, settings });
  if (!source) throw notFound('Ticket');
  if (!canViewTicket(agent, source, settings)) throw forbidden('You may not see this ticket.');
  const target = requireMergeTarget(parsed.data.into);
  const chainEnd = target.mergedIntoId === null ? undefined : getTicketWithPeople({ id: finalTicketOf(target.id), settings });
  const check = checkMerge(agent, source, target, settings, { source: source.displayNumber, target: target.displayNumber, targetChainEnd: chainEnd?.displayNumber });
  if (!check.ok) throw new AppError(check.code, check.reason, check.code === 'validation_failed' ? { into: check.reason } : undefined);

  getDb().transaction((tx) => {
    // Read again under the write lock (transactions begin IMMEDIATE): of two merges of the same tickets at once,
    // the second sees the first's and is refused; the conditional update below claims the source once.
    const [freshSource, freshTarget] = [getTicketById({ id: source.id }, tx), getTicketById({ id: target.id }, tx)];
    if (!freshSource || !freshTarget || freshSource.mergedIntoId !== null || freshTarget.mergedIntoId !== null) {
      throw new AppError('conflict', `${source.displayNumber} or ${target.displayNumber} was merged by someone else a moment ago; nothing was changed. Reload the page.`);
    }
    const now = new Date();
    const claimed = tx
      .update(tickets)
      .set({ mergedIntoId: target.id, mergedAt: now, status: 'closed', updatedAt: now, reopenedAt: null, snoozedUntil: null, onHoldSince: null, autoCloseRemindedAt: null })
      .where(and(eq(tickets.id, source.id), isNull(tickets.mergedIntoId)))
      .run();
    if (claimed.changes !== 1) throw new AppError('conflict', `${source.displayNumber} was merged by someone else a moment ago; nothing was changed.`);

    const people = mergePeople(tx, { source, target: { ...target, linkVersion: freshTarget.linkVersion, customerLinkVersion: freshTarget.customerLinkVersion }, agent });
    // A side reply stays with its people: each recipient becomes who that person is on the target (merged_people).
    // OR IGNORE: two of the source's people who are one person on the target keep a single row.
    tx.run(sql`
      update or ignore reply_recipients
      set (kind, person_id) = (
        select m.target_kind, m.target_id from merged_people m
        where m.source_ticket_id = ${source.id} and m.holder_kind = reply_recipients.kind and m.holder_id = reply_recipients.person_id)
      where reply_id in (select id from replies where ticket_id = ${source.id})
        and exists (
          select 1 from merged_people m
          where m.source_ticket_id = ${source.id} and m.holder_kind = reply_recipients.kind and m.holder_id = reply_recipients.person_id)`);
    const moved = tx
      .update(replies)
      .set({ ticketId: target.id, fromTicketId: sql`coalesce(${replies.fromTicketId}, ${source.id})` })
      .where(eq(replies.ticketId, source.id))
      .run().changes;
    tx.update(attachments).set({ ticketId: target.id }).where(eq(attachments.ticketId, source.id)).run();
    // Mail the source received stays bound to its sender on the target (Message-ID matching, flood counts).
    tx.update(inboundMessages).set({ ticketId: target.id }).where(eq(inboundMessages.ticketId, source.id)).run();
    // Whoever turned emails about the source off keeps them off for its conversation's new home.
    tx.insert(notificationMutes)
      .select(tx.select({ ticketId: sql<number>`${target.id}`.as('ticket_id'), email: notificationMutes.email, createdAt: notificationMutes.createdAt }).from(notificationMutes).where(eq(notificationMutes.ticketId, source.id)))
      .onConflictDoNothing()
      .run();
    touchTicket(tx, target.id);
    const actor = agentActor(agent);
    recordAudit(tx, { ticketId: source.id, actor, action: 'ticket.merged', detail: { intoTicketId: target.id, intoNumber: target.displayNumber } });
    recordAudit(tx, {
      ticketId: target.id,
      actor,
      action: 'ticket.merged_in',
      detail: { fromTicketId: source.id, fromNumber: source.displayNumber, replies: moved, peopleAdded: people.added },
    });
    recordEvent(tx, { type: 'ticket.merged', ticketId: target.id, sourceTicketId: source.id, byAgentId: agent.id, people: people.targets });
  });
  return getTicketWithPeople({ id: target.id })!;
}

/**
 * The source's customer and current participants on the target: the target's customer or a current participant with
 * the same address, else a new participant. Each mapping is kept (merged_people) with the target's link version of
 * this moment, so the old links follow the person and rotating the target's links ends them too.
 */
function mergePeople(
  tx: Tx,
  { source, target, agent }: { source: TicketWithPeople; target: TicketWithPeople; agent: Agent },
): { targets: Holder[]; added: number } {
  const onTarget = listActiveParticipants({ ticketId: target.id }, tx);
  const comers: { holder: Holder; email: string; name: string; customerId: number | null }[] = [
    { holder: { kind: 'customer', id: source.customerId }, email: source.customer.email, name: source.customer.name, customerId: source.customerId },
    ...listActiveParticipants({ ticketId: source.id }, tx).map((p) => ({ holder: { kind: 'participant' as const, id: p.id }, email: p.email, name: p.name, customerId: p.customerId })),
  ];
  const targets: Holder[] = [];
  let added = 0;
  for (const comer of comers) {
    const email = normalizeEmail(comer.email);
    let to: Holder;
    if (email === normalizeEmail(target.customer.email)) to = { kind: 'customer', id: target.customerId };
    else {
      const existing = onTarget.find((p) => p.email === email);
      if (existing) to = { kind: 'participant', id: existing.id };
      else {
        const row = tx.insert(participants).values({ ticketId: target.id, email, name: comer.name, customerId: comer.customerId, addedByAgentId: agent.id }).returning().get();
        onTarget.push(row);
        added++;
        to = { kind: 'participant', id: row.id };
        recordAudit(tx, {
          ticketId: target.id,
          actor: agentActor(agent),
          action: 'participant.added',
          detail: { participantId: row.id, email, kind: comer.customerId ? 'customer' : 'guest', source: 'merge', fromNumber: source.displayNumber },
        });
      }
    }
    tx.insert(mergedPeople)
      .values({
        sourceTicketId: source.id,
        holderKind: comer.holder.kind,
        holderId: comer.holder.id,
        targetTicketId: target.id,
        targetKind: to.kind,
        targetId: to.id,
        targetVersion: to.kind === 'customer' ? target.customerLinkVersion : target.linkVersion,
      })
      .run();
    if (!targets.some((t) => t.kind === to.kind && t.id === to.id)) targets.push(to);
  }
  return { targets, added };
}

// ---- Split ----

const optionalEmail = z.preprocess(
  (v) => (typeof v === 'string' ? (v.trim() === '' ? undefined : v.trim()) : v),
  z.email('must be a valid email address').max(254).optional(),
);

export const splitInputSchema = z
  .object({
    replyId: z.coerce.number({ message: 'must be a reply id' }).int('must be a reply id').positive('must be a reply id'),
    subject: z.string({ message: 'is required' }).trim().min(1, 'is required').max(200, 'must be at most 200 characters'),
    // The new ticket's customer; left out, the reply's author (the ticket's customer when an agent wrote it).
    customerEmail: optionalEmail,
    // Ids of the ticket's current participants to bring along (none by default).
    participants: z.array(z.coerce.number().int().positive(), { message: 'must be a list of participant ids' }).max(100).default([]),
    // Also every reply after it.
    withLaterReplies: z.boolean({ message: 'must be true or false' }).default(false),
  })
  .strict();

/** Who a split's new ticket is for by default: the reply's author, or the ticket's customer for an agent's reply. */
function defaultSplitCustomer(reply: Reply, ticket: TicketWithPeople): { email: string; name?: string } {
  if (reply.authorKind === 'customer' && reply.authorId === ticket.customerId) return { email: ticket.customer.email, name: ticket.customer.name };
  if (reply.authorKind === 'customer' && reply.authorId !== null) {
    const customer = getCustomerById({ id: reply.authorId });
    if (customer) return { email: customer.email, name: customer.name };
  }
  if (reply.authorKind === 'participant') return { email: reply.authorEmail, name: reply.authorName };
  return { email: ticket.customer.email, name: ticket.customer.name };
}

/** The split form's default customer address for a reply (its author, or the ticket's customer). */
export const defaultSplitCustomerEmail = (reply: Reply, ticket: TicketWithPeople) => defaultSplitCustomer(reply, ticket).email;

/**
 * Splits one reply of ticket `ticketId` (and, with `withLaterReplies`, every later one) into a new ticket: its subject,
 * its customer, and the chosen participants as new participants with fresh links, emailed to each of them. The files
 * go with their replies; both histories record the split. Returns the new ticket.
 */
export function splitTicket({ ticketId, agent, input }: { ticketId: number; agent: Agent; input: unknown }): TicketWithPeople {
  const ticket = getTicketForAgent({ id: ticketId, agent, to: 'work' });
  const settings = getSettings();
  if (!canSplitTicket(agent, ticket, settings)) throw forbidden('You may not change this ticket.');
  const parsed = splitInputSchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const { replyId, subject, customerEmail, withLaterReplies } = parsed.data;
  const db = getDb();
  const reply = db.select().from(replies).where(and(eq(replies.id, replyId), eq(replies.ticketId, ticket.id))).get();
  if (!reply) throw new AppError('validation_failed', 'That reply is not on this ticket.', { replyId: 'That reply is not on this ticket.' });
  const all = db.select({ id: replies.id, createdAt: replies.createdAt }).from(replies).where(eq(replies.ticketId, ticket.id)).orderBy(asc(replies.createdAt), asc(replies.id)).all();
  const at = all.findIndex((r) => r.id === reply.id);
  const movedIds = withLaterReplies ? all.slice(at).map((r) => r.id) : [reply.id];
  if (movedIds.length === all.length) {
    throw new AppError('validation_failed', 'A split must leave at least one reply on the ticket; choose a later reply.', { replyId: 'A split must leave at least one reply on the ticket; choose a later reply.' });
  }
  const wanted = [...new Set(parsed.data.participants)];
  if (wanted.length > 0 && !settings.participantsEnabled) throw new AppError('conflict', 'Participants are turned off, so none can be brought to the new ticket.');
  const current = listActiveParticipants({ ticketId: ticket.id });
  const unknown = wanted.filter((id) => !current.some((p) => p.id === id));
  if (unknown.length > 0) {
    const message = `Participant ${unknown.join(', ')} is not on this ticket.`;
    throw new AppError('validation_failed', message, { participants: message });
  }
  const customerInput = customerEmail ? { email: customerEmail } : defaultSplitCustomer(reply, ticket);

  const newId = db.transaction((tx) => {
    const fresh = getTicketById({ id: ticket.id }, tx);
    if (!fresh || fresh.mergedIntoId !== null) throw new AppError('conflict', `${ticket.displayNumber} was merged a moment ago; nothing was changed.`);
    const still = tx.select({ id: replies.id }).from(replies).where(and(inArray(replies.id, movedIds), eq(replies.ticketId, ticket.id))).all();
    if (still.length !== movedIds.length) throw new AppError('conflict', 'Those replies were moved a moment ago; nothing was changed. Reload the page.');
    const actor = agentActor(agent);
    const customer = findOrCreateCustomer(tx, customerInput, actor);
    const now = new Date();
    const created = tx
      .insert(tickets)
      .values({ number: nextTicketNumber(tx, settings), subject, status: 'open', priority: ticket.priority, customerId: customer.id, createdAt: now, updatedAt: now, lastActivityAt: now })
      .returning()
      .get();
    const split = getTicketWithPeople({ id: created.id, settings }, tx)!;
    tx.update(replies).set({ ticketId: created.id }).where(inArray(replies.id, movedIds)).run();
    tx.update(attachments).set({ ticketId: created.id }).where(inArray(attachments.replyId, movedIds)).run();
    const inboundIds = tx.select({ id: replies.inboundMessageId }).from(replies).where(inArray(replies.id, movedIds)).all().flatMap((r) => (r.id === null ? [] : [r.id]));
    if (inboundIds.length > 0) tx.update(inboundMessages).set({ ticketId: created.id }).where(inArray(inboundMessages.id, inboundIds)).run();
    for (const person of current.filter((p) => wanted.includes(p.id) && p.email !== customer.email)) {
      // A new record: its link is the new ticket's alone, and the old ticket's link never opens this one.
      const row = tx.insert(participants).values({ ticketId: created.id, email: person.email, name: person.name, customerId: person.customerId, addedByAgentId: agent.id }).returning().get();
      recordAudit(tx, {
        ticketId: created.id,
        actor,
        action: 'participant.added',
        detail: { participantId: row.id, email: person.email, kind: person.customerId ? 'customer' : 'guest', source: 'split', fromNumber: ticket.displayNumber },
      });
    }
    touchTicket(tx, ticket.id);
    recordAudit(tx, { ticketId: ticket.id, actor, action: 'ticket.split', detail: { toTicketId: created.id, toNumber: split.displayNumber, replies: movedIds.length } });
    recordAudit(tx, { ticketId: created.id, actor, action: 'ticket.split_from', detail: { fromTicketId: ticket.id, fromNumber: ticket.displayNumber, replies: movedIds.length } });
    recordEvent(tx, { type: 'ticket.split', ticketId: created.id, sourceTicketId: ticket.id, byAgentId: agent.id, replyIds: movedIds });
    return created.id;
  });
  return getTicketWithPeople({ id: newId })!;
}

export type MergeCandidate = { id: number; displayNumber: string; subject: string; customerName: string; customerEmail: string; participantCount: number };

/** What "Merge into…" offers: tickets the agent may work, by number or subject words, never merged ones or this one. */
export function findMergeCandidates({ agent, ticketId, q }: { agent: Agent; ticketId: number; q: string }): MergeCandidate[] {
  getTicketForAgent({ id: ticketId, agent, to: 'work' });
  if (q.trim() === '') return [];
  return listTicketsForAgent({ agent, q: q.slice(0, 200) })
    .tickets.filter((item) => item.id !== ticketId && item.mergedIntoId === null)
    .slice(0, 10)
    .map(({ id, displayNumber, subject, customerName, customerEmail, participantCount }) => ({ id, displayNumber, subject, customerName, customerEmail, participantCount }));
}
