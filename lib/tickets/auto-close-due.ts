import 'server-only';
import { and, asc, eq, isNotNull, isNull } from 'drizzle-orm';
import { tickets } from '@/db/schema';
import type { Db } from '@/lib/core/db';
import { getSettings } from '@/lib/core/settings';

// When auto-close (lib/tickets/auto-close.ts) next has work: light enough for the server's check of the queues.

export const DAY_MS = 24 * 60 * 60 * 1000;
/** How long before closing the reminder goes out; the setting is at least one day more than this. */
export const REMINDER_LEAD_MS = 2 * DAY_MS;

export const onHoldUnsnoozed = and(eq(tickets.status, 'hold'), isNull(tickets.snoozedUntil), isNotNull(tickets.onHoldSince));

/** Ms until auto-close next reminds or closes (0: now), or null when it is off or nothing is on hold: one indexed query. */
export function msUntilAutoCloseStep(db: Db, now: number): number | null {
  const days = getSettings(db).autoCloseOnHoldDays;
  if (days === null) return null;
  const holdMs = days * DAY_MS;
  const next = db
    .select({ since: tickets.onHoldSince, reminded: tickets.autoCloseRemindedAt })
    .from(tickets)
    .where(onHoldUnsnoozed)
    .orderBy(asc(tickets.onHoldSince))
    .limit(1)
    .get();
  if (!next?.since) return null;
  const at = next.reminded
    ? Math.max(next.since.getTime() + holdMs, next.reminded.getTime() + REMINDER_LEAD_MS)
    : next.since.getTime() + holdMs - REMINDER_LEAD_MS;
  return Math.max(0, at - now);
}
