import 'server-only';
import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import { outbox, type OutboxRow } from '@/db/schema';
import { getDb, preparedOnce, type Db } from '@/lib/core/db';
import { getEnv } from '@/lib/core/env';
import { composeOutboxMessage, createComposeContext, type ComposeContext } from '@/lib/mail/compose';
import { idempotencyKeyFor } from '@/lib/mail/headers';
import { retryDelayMs, shouldRetry } from '@/lib/mail/retry';
import { MailSendError, sendEmail, type OutgoingEmail, type SendResult } from '@/lib/mail/send';

// Sending queued emails: claim due rows, render and send each, record the outcome. It runs in the background thread
// (lib/mail/worker/thread.ts), never on the request event loop: rendering React Email is synchronous CPU work.

const BATCH_SIZE = 20;
// Sends in flight at once: enough to overlap a provider's network round trips, few enough to stay polite to it.
const SEND_CONCURRENCY = 4;

export type Transport = (email: OutgoingEmail, options: { idempotencyKey: string }) => Promise<SendResult>;

/**
 * Takes up to `limit` due rows for this tick alone: in one statement their next attempt moves past the claim window,
 * so an overlapping tick (or a second process) cannot pick the same rows.
 */
export function claimDueMessages({ now = new Date(), limit = BATCH_SIZE }: { now?: Date; limit?: number } = {}): OutboxRow[] {
  const db = getDb();
  const due = db
    .select({ id: outbox.id })
    .from(outbox)
    .where(and(eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, now)))
    .orderBy(asc(outbox.nextAttemptAt), asc(outbox.id))
    .limit(limit);
  return db
    .update(outbox)
    // Hidden from other ticks for OUTBOX_CLAIM_MS; a process that dies mid-send leaves the row to be retried after it.
    .set({ nextAttemptAt: new Date(now.getTime() + getEnv().OUTBOX_CLAIM_MS) })
    .where(and(inArray(outbox.id, due), eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, now)))
    .returning()
    .all();
}

type DeliveryOptions = { transport?: Transport; now?: () => Date };

// Run once per message sent, so prepared once per connection. (Values in `set` go in as SQL: sent_at in its stored
// form, milliseconds.)
const markSent = (db: Db) =>
  db
    .update(outbox)
    .set({
      status: 'sent',
      attempts: sql`${sql.placeholder('attempts')}`,
      sentAt: sql`${sql.placeholder('sentAtMs')}`,
      providerId: sql`${sql.placeholder('providerId')}`,
      lastError: null,
    })
    .where(eq(outbox.id, sql.placeholder('id')))
    .prepare();

/**
 * Sends one claimed row and records the outcome: sent, retried later with backoff, or failed for good. `context`
 * is shared by the rows of one batch (what they read alike is read once).
 */
export async function deliverMessage(
  row: OutboxRow,
  { transport = sendEmail, now = () => new Date(), context = createComposeContext() }: DeliveryOptions & { context?: ComposeContext } = {},
) {
  const db = getDb();
  const attempts = row.attempts + 1;
  try {
    const email = await composeOutboxMessage(row, context);
    const result = await transport(email, { idempotencyKey: idempotencyKeyFor(row) });
    preparedOnce(db, markSent).run({ id: row.id, attempts, sentAtMs: now().getTime(), providerId: result.providerId });
  } catch (error) {
    const permanent = error instanceof MailSendError && error.permanent;
    const message = error instanceof Error ? error.message : String(error);
    if (!(error instanceof MailSendError)) console.error(`parley: email #${row.id} could not be sent:`, error);
    if (shouldRetry({ attempts, permanent })) {
      const nextAttemptAt = new Date(now().getTime() + retryDelayMs(attempts, getEnv().OUTBOX_RETRY_BASE_MS));
      db.update(outbox).set({ attempts, nextAttemptAt, lastError: message }).where(eq(outbox.id, row.id)).run();
    } else {
      db.update(outbox).set({ status: 'failed', attempts, lastError: message }).where(eq(outbox.id, row.id)).run();
    }
  }
}

/** One pass: claims and sends due rows, batch after batch, until none is due. Returns how many were handled. */
export async function deliverDueMessages(options: DeliveryOptions = {}): Promise<number> {
  let handled = 0;
  for (;;) {
    const rows = claimDueMessages({ now: options.now?.() });
    if (rows.length === 0) return handled;
    const context = createComposeContext();
    await forEachConcurrently(rows, SEND_CONCURRENCY, (row) => deliverMessage(row, { ...options, context }));
    handled += rows.length;
  }
}

/** Runs `fn` over `items` with at most `limit` calls in flight. */
async function forEachConcurrently<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
