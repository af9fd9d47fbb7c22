import 'server-only';
import { and, count, desc, eq } from 'drizzle-orm';
import { outbox, tickets, type Agent } from '@/db/schema';
import { agentActor, recordAudit } from '@/lib/core/audit';
import { getDb } from '@/lib/core/db';
import { AppError, forbidden, notFound } from '@/lib/core/errors';
import { nudgeOutboxWorker } from '@/lib/core/outbox-queue';
import { isTemplateKey } from '@/lib/core/outbox-queue';
import { templateDefinitions } from '@/lib/mail/templates';
import { canManageSettings } from '@/lib/auth/policy';
import { getSettings } from '@/lib/core/settings';
import { formatTicketNumber } from '@/lib/tickets/numbers';

// What admins see of outgoing mail (Settings → Emails → Delivery): the queue's state and the messages that failed.

export function countOutboxByStatus(): Record<'pending' | 'sent' | 'failed', number> {
  const rows = getDb().select({ status: outbox.status, n: count() }).from(outbox).groupBy(outbox.status).all();
  const counts = { pending: 0, sent: 0, failed: 0 };
  for (const row of rows) counts[row.status] = row.n;
  return counts;
}

export type FailedMessage = {
  id: number;
  toEmail: string;
  template: string;
  ticketId: number | null;
  ticketNumber: string | null;
  attempts: number;
  lastError: string;
  createdAt: Date;
};

const FAILED_LIST_LIMIT = 100;

export function listFailedMessages({ agent }: { agent: Agent }): FailedMessage[] {
  if (!canManageSettings(agent)) throw forbidden('Only administrators can see email delivery.');
  const settings = getSettings();
  return getDb()
    .select({ row: outbox, number: tickets.number })
    .from(outbox)
    .leftJoin(tickets, eq(tickets.id, outbox.ticketId))
    .where(eq(outbox.status, 'failed'))
    .orderBy(desc(outbox.createdAt), desc(outbox.id))
    .limit(FAILED_LIST_LIMIT)
    .all()
    .map(({ row, number }) => ({
      id: row.id,
      toEmail: row.toEmail,
      template: isTemplateKey(row.template) ? templateDefinitions[row.template].label : row.template,
      ticketId: row.ticketId,
      ticketNumber: number === null ? null : formatTicketNumber(number, settings),
      attempts: row.attempts,
      lastError: row.lastError ?? '',
      createdAt: row.createdAt,
    }));
}

/** Puts a failed message back in the queue for an immediate new series of attempts (same idempotency key). */
export function retryFailedMessage({ agent, id }: { agent: Agent; id: number }): void {
  if (!canManageSettings(agent)) throw forbidden('Only administrators can retry emails.');
  const db = getDb();
  const row = db.select({ status: outbox.status, ticketId: outbox.ticketId, toEmail: outbox.toEmail }).from(outbox).where(eq(outbox.id, id)).get();
  if (!row) throw notFound('Email');
  if (row.status !== 'failed') throw new AppError('conflict', 'This email has not failed; there is nothing to retry.');
  db.transaction((tx) => {
    tx.update(outbox)
      .set({ status: 'pending', attempts: 0, nextAttemptAt: new Date(), lastError: null })
      .where(and(eq(outbox.id, id), eq(outbox.status, 'failed')))
      .run();
    recordAudit(tx, { ticketId: row.ticketId, actor: agentActor(agent), action: 'email.retried', detail: { outboxId: id, to: row.toEmail } });
  });
  nudgeOutboxWorker();
}
