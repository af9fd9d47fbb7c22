import 'server-only';
import { min, sql } from 'drizzle-orm';
import { tickets } from '@/db/schema';
import type { Db } from '@/lib/core/db';
import { readJobCursor, SERVICE_LEVEL_CURSOR } from '@/lib/core/job-cursors';

// Whether the service-level job has work, in two indexed queries and nothing else loaded: the server asks it every
// few seconds (lib/mail/worker/due.ts) to start the background thread in time.

// The thread is kept (or started) this long before an email falls due, so it is sent on time.
const WAKE_AHEAD_MS = 60_000;

/** 0 when tickets changed since the last pass or an alert is due; else ms until the next alert; null: nothing known. */
export function msUntilServiceLevelWork(db: Db, now: number): number | null {
  const cursor = readJobCursor(db, SERVICE_LEVEL_CURSOR);
  const changed = db
    .select({ id: tickets.id })
    .from(tickets)
    .where(sql`(${tickets.updatedAt}, ${tickets.id}) > (${cursor.at}, ${cursor.id})`)
    .limit(1)
    .get();
  if (changed) return 0;
  const next = db.select({ at: min(tickets.slaAlertAt) }).from(tickets).get()?.at;
  return next ? Math.max(0, next.getTime() - now) : null;
}

/** Whether the thread should be up for service levels: work now, or an alert within the next minute. */
export const hasServiceLevelWork = (db: Db, now: number) => {
  const ms = msUntilServiceLevelWork(db, now);
  return ms !== null && ms <= WAKE_AHEAD_MS;
};
