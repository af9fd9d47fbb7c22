import 'server-only';
import { min } from 'drizzle-orm';
import { tickets } from '@/db/schema';
import type { Db } from '@/lib/core/db';

/** Ms until the next snoozed ticket wakes (0: one is due), or null when none is snoozed: one indexed query. */
export function msUntilSnoozeEnds(db: Db, now: number): number | null {
  const next = db.select({ at: min(tickets.snoozedUntil) }).from(tickets).get()?.at;
  return next ? Math.max(0, next.getTime() - now) : null;
}
