import 'server-only';
import { and, asc, eq, inArray, lte, min } from 'drizzle-orm';
import { outbox, type OutboxRow } from '@/db/schema';
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { composeOutboxMessage } from '@/lib/mail/compose';
import { idempotencyKeyFor } from '@/lib/mail/headers';
import { setOutboxNudge } from '@/lib/mail/outbox-nudge';
import { retryDelayMs, shouldRetry } from '@/lib/mail/retry';
import { MailSendError, sendEmail, type OutgoingEmail, type SendResult } from '@/lib/mail/send';

// The worker inside the server process that sends queued emails. It looks for due rows every couple of seconds
// (sooner when a row is enqueued or a retry falls due), claims them, renders and sends each, and records the outcome.

const POLL_MS = 2_000;
const BATCH_SIZE = 10;

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

/** Sends one claimed row and records the outcome: sent, retried later with backoff, or failed for good. */
export async function deliverMessage(row: OutboxRow, { transport = sendEmail, now = () => new Date() }: { transport?: Transport; now?: () => Date } = {}) {
  const db = getDb();
  const attempts = row.attempts + 1;
  try {
    const email = await composeOutboxMessage(row);
    const result = await transport(email, { idempotencyKey: idempotencyKeyFor(row) });
    db.update(outbox)
      .set({ status: 'sent', attempts, sentAt: now(), providerId: result.providerId, lastError: null })
      .where(eq(outbox.id, row.id))
      .run();
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
export async function deliverDueMessages(options: { transport?: Transport; now?: () => Date } = {}): Promise<number> {
  let handled = 0;
  for (;;) {
    const rows = claimDueMessages({ now: options.now?.() });
    if (rows.length === 0) return handled;
    for (const row of rows) await deliverMessage(row, options);
    handled += rows.length;
  }
}

/** Milliseconds until the earliest pending row is due (0 when one is due now), or null when none is pending. */
function msUntilNextDue(): number | null {
  const next = getDb().select({ at: min(outbox.nextAttemptAt) }).from(outbox).where(eq(outbox.status, 'pending')).get()?.at;
  return next ? Math.max(0, next.getTime() - Date.now()) : null;
}

// dueAt: when the scheduled pass runs (null when none is scheduled).
type WorkerState = { timer?: NodeJS.Timeout; dueAt: number | null; running: boolean; again: boolean };
const holder = globalThis as unknown as { parleyOutboxWorker?: WorkerState };

/** Starts the worker once per server process (instrumentation.ts). */
export function startOutboxWorker(): void {
  if (holder.parleyOutboxWorker) return;
  const state: WorkerState = { dueAt: null, running: false, again: false };
  holder.parleyOutboxWorker = state;

  // Never pushes a scheduled pass later: under a steady stream of nudges a pass that kept moving 25 ms ahead would
  // never run, and no email would leave until the stream stopped.
  const schedule = (delay: number) => {
    const dueAt = Date.now() + delay;
    if (state.dueAt !== null && state.dueAt <= dueAt) return;
    clearTimeout(state.timer);
    state.dueAt = dueAt;
    state.timer = setTimeout(tick, delay);
  };

  async function tick() {
    state.dueAt = null;
    if (state.running) {
      state.again = true;
      return;
    }
    state.running = true;
    state.again = false;
    let delay = POLL_MS;
    try {
      await deliverDueMessages();
      delay = Math.min(POLL_MS, msUntilNextDue() ?? POLL_MS);
    } catch (error) {
      console.error('parley: the email worker failed a pass and will try again:', error);
    } finally {
      state.running = false;
    }
    schedule(state.again ? 0 : delay);
  }

  // A short delay lets the enqueuing transaction commit first, and gathers the rows of several events into one pass.
  setOutboxNudge(() => {
    if (state.running) state.again = true;
    else schedule(25);
  });
  schedule(0);
}
