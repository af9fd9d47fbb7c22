import 'server-only';
import { eq } from 'drizzle-orm';
import { jobCursors } from '@/db/schema';
import type { DbOrTx } from '@/lib/core/db';

// Where a background job stands in the table it follows: the (time, id) of the last row it handled.

export type JobCursor = { at: number; id: number };

export function readJobCursor(db: DbOrTx, name: string): JobCursor {
  const row = db.select().from(jobCursors).where(eq(jobCursors.name, name)).get();
  return { at: row?.at ?? 0, id: row?.id ?? 0 };
}

export function writeJobCursor(db: DbOrTx, name: string, cursor: JobCursor): void {
  db.insert(jobCursors).values({ name, ...cursor }).onConflictDoUpdate({ target: jobCursors.name, set: cursor }).run();
}

/** The service-level job follows every ticket change; a new calendar or new targets make it look at every ticket again. */
export const SERVICE_LEVEL_CURSOR = 'service-levels';

/** The reports' job (lib/tickets/report-facts.ts) follows every ticket change too; a new calendar recomputes every ticket. */
export const REPORT_FACTS_CURSOR = 'report-facts';
