import { eq } from 'drizzle-orm';
import { jobCursors } from '@/db/schema';
import type { Db } from '@/lib/core/db';

// The time the background jobs go by. It is the wall clock, except in the end-to-end tests: there, and only when the
// server was started with PARLEY_TEST_CLOCK=1 (set by playwright.config.ts alone, never by `npm start`'s docs or
// defaults), the jobs add the offset stored in the `job_cursors` row `test-clock`, which a test writes straight into
// the SQLite file to move the jobs' clock ahead ("two days later"). No route reads or writes it: reaching it takes
// both the environment variable and write access to the database file, which already allow anything.

export const TEST_CLOCK_ROW = 'test-clock';

export function backgroundNow(db: Db): number {
  if (process.env.PARLEY_TEST_CLOCK !== '1') return Date.now();
  const offset = db.select({ at: jobCursors.at }).from(jobCursors).where(eq(jobCursors.name, TEST_CLOCK_ROW)).get()?.at ?? 0;
  return Date.now() + offset;
}
