import 'server-only';
import { count, desc, eq, inArray } from 'drizzle-orm';
import { inboundMessages, replies, tickets, type Agent, type InboundStatus } from '@/db/schema';
import { agentActor, recordAudit } from '@/lib/core/audit';
import { getDb } from '@/lib/core/db';
import { AppError, forbidden, notFound } from '@/lib/core/errors';
import { AlreadyApplied, applyInboundMessage, type ApplyOutcome } from '@/lib/mail/inbound/apply';
import { nudgeOutboxWorker } from '@/lib/core/outbox-queue';
import { canManageSettings, canViewTicket } from '@/lib/auth/policy';
import { getSettings } from '@/lib/core/settings';
import { formatTicketNumber } from '@/lib/tickets/numbers';

// Admin → Inbound: every message received, those that need a person first (refused, failed), and what admins can
// do about them. Nothing that arrived is ever deleted here.

export const INBOUND_PAGE_SIZE = 50;
export type InboundFilter = 'attention' | 'all';

export function listInboundMessages({ agent, filter = 'attention', page = 1 }: { agent: Agent; filter?: InboundFilter; page?: number }) {
  if (!canManageSettings(agent)) throw forbidden('Only administrators can see inbound mail.');
  const db = getDb();
  const statuses: InboundStatus[] = filter === 'attention' ? ['refused', 'failed'] : ['pending', 'applied', 'refused', 'failed'];
  const where = inArray(inboundMessages.status, statuses);
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
      attempts: inboundMessages.attempts,
      ticketId: inboundMessages.ticketId,
      ticketNumber: tickets.number,
      receivedAt: inboundMessages.receivedAt,
    })
    .from(inboundMessages)
    .leftJoin(tickets, eq(tickets.id, inboundMessages.ticketId))
    .where(where)
    .orderBy(desc(inboundMessages.receivedAt), desc(inboundMessages.id))
    .limit(INBOUND_PAGE_SIZE)
    .offset((page - 1) * INBOUND_PAGE_SIZE)
    .all()
    .map((m) => ({ ...m, ticketNumber: m.ticketNumber === null ? null : formatTicketNumber(m.ticketNumber, settings) }));
  const total = db.select({ n: count() }).from(inboundMessages).where(where).get()?.n ?? 0;
  return { messages, total, page, pageSize: INBOUND_PAGE_SIZE };
}

/** "Add sender as participant and apply" for a refused reply: the admin vouches for the sender. */
export async function addSenderAndApply({ agent, id }: { agent: Agent; id: number }): Promise<ApplyOutcome> {
  if (!canManageSettings(agent)) throw forbidden('Only administrators can apply refused mail.');
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
      db.update(inboundMessages).set({ status: 'refused', reason: result.reason }).where(eq(inboundMessages.id, id)).run();
      throw new AppError('conflict', result.reason);
    }
    return result;
  } catch (error) {
    if (error instanceof AlreadyApplied) throw new AppError('conflict', 'This message is no longer waiting for a decision.');
    throw error;
  }
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
