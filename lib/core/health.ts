import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import { getSqlite, migrationsFolder } from '@/lib/core/db';

/** The database is healthy when it answers and every committed migration has been applied. */
export function checkDatabaseHealth(): { ok: true } | { ok: false; error: string } {
  try {
    const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as {
      entries: unknown[];
    };
    const applied = getSqlite().prepare('select count(*) as n from __drizzle_migrations').get() as { n: number };
    if (applied.n < journal.entries.length) return { ok: false, error: 'Migrations are pending.' };
    return { ok: true };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : 'Database unavailable.' };
  }
}
