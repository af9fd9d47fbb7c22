import { eq, min } from 'drizzle-orm';
import { inboundMessages, linkRequests, outbox } from '@/db/schema';
import { getDb, type Db } from '@/lib/db';

// Whether each background job has work, in one small query each: the thread asks these before it loads the code that
// does the work (rendering and sending mail, parsing it), so an idle thread never loads that code at all.

/** Milliseconds until the earliest pending outbox row is due (0 when one is due now), or null when none is pending. */
export function msUntilNextDue(now = Date.now()): number | null {
  const next = getDb().select({ at: min(outbox.nextAttemptAt) }).from(outbox).where(eq(outbox.status, 'pending')).get()?.at;
  return next ? Math.max(0, next.getTime() - now) : null;
}

/** Milliseconds until the next stored inbound message is due (0: now), or null when none is waiting. */
export function msUntilNextInbound(db: Db): number | null {
  const next = db.select({ at: min(inboundMessages.nextAttemptAt) }).from(inboundMessages).where(eq(inboundMessages.status, 'pending')).get()?.at;
  return next ? Math.max(0, next.getTime() - Date.now()) : null;
}

/** Whether a fresh-link request waits to be looked up. */
export function hasLinkRequests(db: Db): boolean {
  return db.select({ id: linkRequests.id }).from(linkRequests).limit(1).get() !== undefined;
}
