import 'server-only';
import { asc, sql } from 'drizzle-orm';
import { tickets } from '@/db/schema';
import type { DbOrTx } from '@/lib/core/db';
import { readJobCursor, REPORT_FACTS_CURSOR } from '@/lib/core/job-cursors';

// Whether the reports' job has work, with nothing else loaded: the server asks it every few seconds
// (lib/mail/worker/due.ts) to start the background thread; the job itself is lib/tickets/report-facts.ts.

/** The tickets changed since the job's last pass, oldest change first, up to `limit`. */
export function ticketsChangedSinceReportFacts(db: DbOrTx, limit: number) {
  const cursor = readJobCursor(db, REPORT_FACTS_CURSOR);
  return db
    .select({ id: tickets.id, at: tickets.updatedAt })
    .from(tickets)
    .where(sql`(${tickets.updatedAt}, ${tickets.id}) > (${cursor.at}, ${cursor.id})`)
    .orderBy(asc(tickets.updatedAt), asc(tickets.id))
    .limit(limit)
    .all();
}

/** Whether tickets changed since the last pass (one indexed query). */
export const hasReportFactsWork = (db: DbOrTx) => ticketsChangedSinceReportFacts(db, 1).length > 0;
