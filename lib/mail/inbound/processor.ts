import 'server-only';
import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import { inboundMessages } from '@/db/schema';
import type { Db } from '@/lib/core/db';
import { getEnv } from '@/lib/core/env';
import { AlreadyApplied, applyInboundMessage } from '@/lib/mail/inbound/apply';
import { retryDelayMs, shouldRetry } from '@/lib/mail/retry';

// The inbound worker: applies stored messages, oldest first, retrying failures with the outbox's capped backoff.
// It is a function over a database handle: it runs as a job of the background thread (lib/mail/worker/thread.ts),
// over that thread's own connection.
//
// A message counts its attempt (committed) before it is parsed, so one that takes the thread down with it — out of
// memory, say — is still counted, and after its attempts it is marked failed without being parsed again. Messages
// with fewer attempts go first in a batch, so such a message never holds up the others claimed with it.

const BATCH_SIZE = 20;
// A claimed message is hidden from other runs this long; one that dies mid-apply is retried after.
const CLAIM_MS = 5 * 60_000;

function claimDueInbound(db: Db, now: Date): number[] {
  const due = db
    .select({ id: inboundMessages.id })
    .from(inboundMessages)
    .where(and(eq(inboundMessages.status, 'pending'), lte(inboundMessages.nextAttemptAt, now)))
    .orderBy(asc(inboundMessages.attempts), asc(inboundMessages.receivedAt), asc(inboundMessages.id))
    .limit(BATCH_SIZE)
    .all()
    .map((r) => r.id);
  if (due.length === 0) return [];
  const claimed = new Set(
    db
      .update(inboundMessages)
      .set({ nextAttemptAt: new Date(now.getTime() + CLAIM_MS) })
      .where(and(inArray(inboundMessages.id, due), eq(inboundMessages.status, 'pending'), lte(inboundMessages.nextAttemptAt, now)))
      .returning({ id: inboundMessages.id })
      .all()
      .map((r) => r.id),
  );
  return due.filter((id) => claimed.has(id));
}

/** Applies every due message, batch after batch; returns how many were handled. */
export async function processInboundBatch(db: Db, { now = () => new Date() }: { now?: () => Date } = {}): Promise<number> {
  let handled = 0;
  for (;;) {
    const ids = claimDueInbound(db, now());
    if (ids.length === 0) return handled;
    for (const id of ids) await applyOne(db, id, now);
    handled += ids.length;
  }
}

/** Counts one attempt (committed at once) and returns its number; null when the message already had all its attempts (it is marked failed) or is gone. */
function countAttempt(db: Db, id: number): number | null {
  const row = db.select({ attempts: inboundMessages.attempts }).from(inboundMessages).where(eq(inboundMessages.id, id)).get();
  if (!row) return null;
  if (!shouldRetry({ attempts: row.attempts, permanent: false })) {
    db.update(inboundMessages)
      .set({ status: 'failed', lastError: sql`coalesce(${inboundMessages.lastError}, ${`Applying it never finished in ${row.attempts} attempts (the background worker stopped each time).`})` })
      .where(and(eq(inboundMessages.id, id), eq(inboundMessages.status, 'pending')))
      .run();
    return null;
  }
  db.update(inboundMessages).set({ attempts: row.attempts + 1 }).where(eq(inboundMessages.id, id)).run();
  return row.attempts + 1;
}

async function applyOne(db: Db, id: number, now: () => Date): Promise<void> {
  const attempts = countAttempt(db, id);
  if (attempts === null) return;
  try {
    await applyInboundMessage(db, id, { now: now() });
  } catch (error) {
    if (error instanceof AlreadyApplied) return;
    const message = error instanceof Error ? error.message : String(error);
    console.error(`parley: inbound message #${id} could not be applied (attempt ${attempts}):`, error);
    const retry = shouldRetry({ attempts, permanent: false });
    db.update(inboundMessages)
      .set({
        lastError: message.slice(0, 2000),
        ...(retry ? { nextAttemptAt: new Date(now().getTime() + retryDelayMs(attempts, getEnv().OUTBOX_RETRY_BASE_MS)) } : { status: 'failed' as const }),
      })
      .where(and(eq(inboundMessages.id, id), eq(inboundMessages.status, 'pending')))
      .run();
  }
}
