import 'server-only';
import { and, asc, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { agents, inboundMessages, replies, tickets, type Agent, type InboundRefusal, type InboundStatus } from '@/db/schema';
import { agentActor, recordAudit } from '@/lib/core/audit';
import { getDb } from '@/lib/core/db';
import { AppError, forbidden, notFound } from '@/lib/core/errors';
import { AlreadyApplied, applyInboundMessage, type ApplyOutcome } from '@/lib/mail/inbound/apply';
import { nudgeOutboxWorker } from '@/lib/core/outbox-queue';
import { canDecideRefusedMail, canManageSettings, canSeeInboundMail, canViewTicket } from '@/lib/auth/policy';
import { getSettings } from '@/lib/core/settings';
import { formatTicketNumber } from '@/lib/tickets/numbers';

// Admin → Inbound: every message received, those that need a person first (refused, failed), and what admins can
// do about them — apply with the sender added, retry, or dismiss — and the same decision from the ticket page. Nothing
// that arrived is ever deleted here: a dismissed message stays under "All messages".

export const INBOUND_PAGE_SIZE = 50;
export type InboundFilter = 'attention' | 'all';

const allStatuses: InboundStatus[] = ['pending', 'applied', 'refused', 'failed'];
// Waiting for a person: refused or failed, and nobody dismissed it.
const needsAttention = and(inArray(inboundMessages.status, ['refused', 'failed']), isNull(inboundMessages.dismissedAt));
// Refusals an agent can undo by adding the sender to the ticket.
const addableRefusals: InboundRefusal[] = ['sender', 'removed'];

/** The navigation shows "99+" beyond this. */
export const ATTENTION_COUNT_CAP = 99;

/**
 * How many inbound messages wait for a person (at most ATTENTION_COUNT_CAP + 1, read through the attention index),
 * or null for an agent who may not see inbound mail (the navigation then shows nothing).
 */
export function countInboundNeedingAttention({ agent }: { agent: Agent }): number | null {
  if (!canSeeInboundMail(agent)) return null;
  const waiting = getDb().select({ one: sql`1` }).from(inboundMessages).where(needsAttention).limit(ATTENTION_COUNT_CAP + 1).as('waiting');
  return getDb().select({ n: count() }).from(waiting).get()?.n ?? 0;
}

export function listInboundMessages({ agent, filter = 'attention', page = 1 }: { agent: Agent; filter?: InboundFilter; page?: number }) {
  if (!canManageSettings(agent)) throw forbidden('Only administrators can see inbound mail.');
  const db = getDb();
  const where = filter === 'attention' ? needsAttention : inArray(inboundMessages.status, allStatuses);
  const settings = getSettings();
  const messages = db
    .select({
      id: inboundMessages.id,
      source: inboundMessages.source,
      fromEmail: inboundMessages.fromEmail,
      subject: inboundMessages.subject,
      status: inboundMessages.status,
      outcome: inboundMessages.outcome,
      reason: inboundMessages.reason,
      lastError: inboundMessages.lastError,
      refusal: inboundMessages.refusal,
      dismissedAt: inboundMessages.dismissedAt,
      dismissedBy: agents.name,
      attempts: inboundMessages.attempts,
      ticketId: inboundMessages.ticketId,
      ticketNumber: tickets.number,
      receivedAt: inboundMessages.receivedAt,
    })
    .from(inboundMessages)
    .leftJoin(tickets, eq(tickets.id, inboundMessages.ticketId))
    .leftJoin(agents, eq(agents.id, inboundMessages.dismissedByAgentId))
    .where(where)
    .orderBy(desc(inboundMessages.receivedAt), desc(inboundMessages.id))
    .limit(INBOUND_PAGE_SIZE)
    .offset((page - 1) * INBOUND_PAGE_SIZE)
    .all()
    .map((m) => ({ ...m, ticketNumber: m.ticketNumber === null ? null : formatTicketNumber(m.ticketNumber, settings) }));
  const total = db.select({ n: count() }).from(inboundMessages).where(where).get()?.n ?? 0;
  return { messages, total, page, pageSize: INBOUND_PAGE_SIZE };
}

/** "Add sender as participant and apply" for a refused reply (Admin → Inbound): the admin vouches for the sender. */
export async function addSenderAndApply({ agent, id }: { agent: Agent; id: number }): Promise<ApplyOutcome> {
  if (!canManageSettings(agent)) throw forbidden('Only administrators can apply refused mail.');
  return applyWithSenderAdded(agent, id);
}

/** Applies one refused message with its sender added as a participant by this agent (whom the caller checked). */
async function applyWithSenderAdded(agent: Agent, id: number): Promise<ApplyOutcome> {
  const db = getDb();
  const row = db.select({ status: inboundMessages.status, ticketId: inboundMessages.ticketId }).from(inboundMessages).where(eq(inboundMessages.id, id)).get();
  if (!row) throw notFound('Inbound message');
  if (row.status !== 'refused') throw new AppError('conflict', 'This message is no longer waiting for a decision.');
  if (row.ticketId === null) throw new AppError('conflict', 'This message belongs to no ticket; there is nobody to add it to.');
  if (!getSettings().participantsEnabled) throw new AppError('conflict', 'Participants are turned off. Enable them in Settings → Tickets first.');
  try {
    const result = await applyInboundMessage(db, id, { addSenderAs: { actor: agentActor(agent), agentId: agent.id } });
    if (result.status === 'refused') {
      // Still refused (DMARC, blocklist): nothing was written; the message stays listed with its fresh reason.
      db.update(inboundMessages).set({ status: 'refused', reason: result.reason, refusal: result.refusal }).where(eq(inboundMessages.id, id)).run();
      throw new AppError('conflict', result.reason);
    }
    return result;
  } catch (error) {
    if (error instanceof AlreadyApplied) throw new AppError('conflict', 'This message is no longer waiting for a decision.');
    throw error;
  }
}

/** The refused senders of one ticket that an agent may add, each with their waiting messages (oldest first). */
export type RefusedSender = { email: string; ids: number[]; reason: string; lastReceivedAt: Date };

/**
 * What the ticket page offers under "1 email from gina@… was refused — add her and apply?": the ticket's refused
 * messages from someone not on it (or removed from it), not dismissed, by sender. Read through the ticket's index.
 */
export function listRefusedSendersOfTicket({ agent, ticket }: { agent: Agent; ticket: { id: number; assigneeId: number | null; status: TicketStatusLike } }): RefusedSender[] {
  if (!canDecideRefusedMail(agent, ticket, getSettings())) return [];
  const rows = getDb()
    .select({ id: inboundMessages.id, fromEmail: inboundMessages.fromEmail, reason: inboundMessages.reason, receivedAt: inboundMessages.receivedAt, refusal: inboundMessages.refusal, status: inboundMessages.status, dismissedAt: inboundMessages.dismissedAt })
    .from(inboundMessages)
    .where(eq(inboundMessages.ticketId, ticket.id))
    .orderBy(asc(inboundMessages.receivedAt), asc(inboundMessages.id))
    .all();
  const bySender = new Map<string, RefusedSender>();
  for (const row of rows) {
    if (row.status !== 'refused' || row.dismissedAt !== null || row.fromEmail === null || !row.refusal || !addableRefusals.includes(row.refusal)) continue;
    const sender = bySender.get(row.fromEmail) ?? { email: row.fromEmail, ids: [], reason: '', lastReceivedAt: row.receivedAt };
    sender.ids.push(row.id);
    sender.reason = row.reason ?? '';
    sender.lastReceivedAt = row.receivedAt;
    bySender.set(row.fromEmail, sender);
  }
  return [...bySender.values()];
}

type TicketStatusLike = (typeof tickets.$inferSelect)['status'];

/** The ticket's refused messages from one sender that an agent may act on; refuses when there are none. */
function refusedFromSender(agent: Agent, ticketId: number, email: string): { ids: number[]; ticket: { id: number; assigneeId: number | null; status: TicketStatusLike } } {
  const ticket = getDb().select({ id: tickets.id, assigneeId: tickets.assigneeId, status: tickets.status }).from(tickets).where(eq(tickets.id, ticketId)).get();
  if (!ticket) throw notFound('Ticket');
  if (!canDecideRefusedMail(agent, ticket, getSettings())) throw forbidden('You may not work this ticket.');
  const sender = listRefusedSendersOfTicket({ agent, ticket }).find((s) => s.email === email.trim().toLowerCase());
  if (!sender) throw new AppError('conflict', `No refused email from ${email} is waiting on this ticket any more.`);
  return { ids: sender.ids, ticket };
}

/**
 * The ticket page's "Add and apply": the sender joins the ticket as a participant (added by this agent) and each of
 * their refused messages on it is applied, oldest first. Returns how many were applied.
 */
export async function addRefusedSenderToTicket({ agent, ticketId, email }: { agent: Agent; ticketId: number; email: string }): Promise<number> {
  const { ids } = refusedFromSender(agent, ticketId, email);
  let applied = 0;
  for (const id of ids) {
    await applyWithSenderAdded(agent, id);
    applied += 1;
  }
  return applied;
}

/** Dismisses every refused message from one sender on a ticket (the ticket page's "Dismiss"). */
export function dismissRefusedSenderOnTicket({ agent, ticketId, email }: { agent: Agent; ticketId: number; email: string }): number {
  const { ids, ticket } = refusedFromSender(agent, ticketId, email);
  return dismissRows(agent, ids, ticket);
}

/** Admin → Inbound "Dismiss": the message needs nothing more; it leaves "Needs attention" and stays under "All". */
export function dismissInboundMessage({ agent, id }: { agent: Agent; id: number }): void {
  const db = getDb();
  if (!canSeeInboundMail(agent)) throw forbidden('Only administrators can dismiss inbound mail here.');
  const row = db
    .select({ status: inboundMessages.status, dismissedAt: inboundMessages.dismissedAt, ticketId: inboundMessages.ticketId })
    .from(inboundMessages)
    .where(eq(inboundMessages.id, id))
    .get();
  if (!row) throw notFound('Inbound message');
  if (row.dismissedAt !== null) throw new AppError('conflict', 'This message was already dismissed.');
  if (row.status !== 'refused' && row.status !== 'failed') throw new AppError('conflict', 'Only a refused or failed message needs attention; this one has nothing to dismiss.');
  dismissRows(agent, [id], row.ticketId === null ? null : { id: row.ticketId });
}

/** Marks the rows dismissed (those still waiting) and records it, on the ticket's history when there is one. */
function dismissRows(agent: Agent, ids: number[], ticket: { id: number } | null): number {
  return getDb().transaction((tx) => {
    const done = tx
      .update(inboundMessages)
      .set({ dismissedAt: new Date(), dismissedByAgentId: agent.id })
      .where(and(inArray(inboundMessages.id, ids), needsAttention))
      .returning({ id: inboundMessages.id, fromEmail: inboundMessages.fromEmail })
      .all();
    if (done.length === 0) throw new AppError('conflict', 'This message is no longer waiting for a decision.');
    recordAudit(tx, {
      ticketId: ticket?.id ?? null,
      actor: agentActor(agent),
      action: 'inbound.dismissed',
      detail: { inboundIds: done.map((r) => r.id), from: done[0].fromEmail },
    });
    return done.length;
  });
}

/** Puts a failed message back in the queue for a new series of attempts. */
export function retryInboundMessage({ agent, id }: { agent: Agent; id: number }): void {
  if (!canManageSettings(agent)) throw forbidden('Only administrators can retry inbound mail.');
  const db = getDb();
  const row = db.select({ status: inboundMessages.status }).from(inboundMessages).where(eq(inboundMessages.id, id)).get();
  if (!row) throw notFound('Inbound message');
  if (row.status !== 'failed') throw new AppError('conflict', 'Only a message that failed can be retried.');
  db.transaction((tx) => {
    tx.update(inboundMessages).set({ status: 'pending', attempts: 0, nextAttemptAt: new Date(), lastError: null }).where(eq(inboundMessages.id, id)).run();
    recordAudit(tx, { ticketId: null, actor: agentActor(agent), action: 'inbound.retried', detail: { inboundId: id } });
  });
  nudgeOutboxWorker();
}

/** "Show original": the raw message behind a reply by email, for agents who may see its ticket. */
export function getReplyOriginal({ agent, replyId }: { agent: Agent; replyId: number }): { raw: string; ticketId: number } {
  const db = getDb();
  const row = db
    .select({ raw: inboundMessages.raw, ticketId: replies.ticketId, assigneeId: tickets.assigneeId, status: tickets.status })
    .from(replies)
    .innerJoin(tickets, eq(tickets.id, replies.ticketId))
    .innerJoin(inboundMessages, eq(inboundMessages.id, replies.inboundMessageId))
    .where(eq(replies.id, replyId))
    .get();
  if (!row) throw notFound('Original message');
  if (!canViewTicket(agent, row, getSettings())) throw forbidden('You may not see this ticket.');
  return { raw: row.raw.toString('utf8'), ticketId: row.ticketId };
}

/** The raw message of an inbound row, for admins (Admin → Inbound). */
export function getInboundOriginal({ agent, id }: { agent: Agent; id: number }): string {
  if (!canManageSettings(agent)) throw forbidden('Only administrators can see inbound mail.');
  const row = getDb().select({ raw: inboundMessages.raw }).from(inboundMessages).where(eq(inboundMessages.id, id)).get();
  if (!row) throw notFound('Inbound message');
  return row.raw.toString('utf8');
}
