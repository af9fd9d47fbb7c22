// Read-only looks into a server's SQLite file: the suite checks what was stored, not only what was answered.
import Database from 'better-sqlite3';

export function openReadOnly(file: string): Database.Database {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  return db;
}

/**
 * Rows per table (every table of the schema, found in sqlite_master so new tables are counted too), but for the
 * rate-limit counters (counting a refused attempt is what a limit is for) and what the background thread writes on
 * its own meanwhile about earlier, accepted changes: the reports' per-ticket figures and webhook attempts.
 */
export function countRows(db: Database.Database): Record<string, number> {
  const tables = db
    .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '%fts%' and name not in ('__drizzle_migrations', 'rate_limits', 'ticket_report_facts', 'webhook_attempts')")
    .pluck()
    .all() as string[];
  return Object.fromEntries(tables.map((table) => [table, db.prepare(`select count(*) from "${table}"`).pluck().get() as number]));
}

/** Tables whose row count grew between two counts, with how many rows each gained. */
export function grownTables(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(after).filter(([table, n]) => n > (before[table] ?? 0)).map(([table, n]) => [table, n - (before[table] ?? 0)]));
}

export const idOf = (db: Database.Database, sql: string, ...params: unknown[]) => db.prepare(sql).pluck().get(...params) as number;
