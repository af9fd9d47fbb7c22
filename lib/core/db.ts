import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from '@/db/schema';
import { getEnv } from '@/lib/core/env';

export type Db = BetterSQLite3Database<typeof schema>;
/** A transaction handle; every write helper that must join a caller's transaction takes one. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

// The release bundle (scripts/release.ts) ships them beside its code, wherever it is started from.
export const migrationsFolder = process.env.PARLEY_MIGRATIONS_DIR ?? path.join(process.cwd(), 'db', 'migrations');

/** Opens (creating the folder) and migrates the SQLite file: WAL, foreign keys, a busy timeout. */
export function openDatabase(file: string): { sqlite: Database.Database; db: Db } {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  reusePreparedStatements(sqlite);
  const db = drizzle(sqlite, { schema });
  // Transactions take the write lock at BEGIN (IMMEDIATE). The server and the background thread each have a
  // connection; a deferred transaction that has read and then writes fails at once with "database is locked" when
  // the other connection committed in between (busy_timeout cannot wait that out), while BEGIN IMMEDIATE waits.
  const deferredByDefault = db.transaction.bind(db);
  db.transaction = ((run, config) => deferredByDefault(run, { behavior: 'immediate', ...config })) as Db['transaction'];
  migrate(db, { migrationsFolder });
  return { sqlite, db };
}

// Statements kept per connection, least recently used dropped first: more than the distinct queries the app runs.
const STATEMENT_CACHE_SIZE = 500;

/**
 * Drizzle prepares every query each time it runs it, and preparing costs SQLite more than running the small indexed
 * queries of a request. Prepared statements are kept by their SQL text and handed out again (better-sqlite3
 * statements are reusable; each use binds its own parameters). A reused statement is set back to returning objects,
 * since drizzle switches statements to raw rows when it wants arrays.
 */
function reusePreparedStatements(sqlite: Database.Database) {
  const prepare = sqlite.prepare.bind(sqlite);
  const kept = new Map<string, Database.Statement>();
  sqlite.prepare = ((source: string) => {
    let statement = kept.get(source);
    if (statement && !statement.busy) {
      kept.delete(source);
      kept.set(source, statement);
      if (statement.reader) statement.raw(false);
      return statement;
    }
    statement = prepare(source);
    kept.set(source, statement);
    if (kept.size > STATEMENT_CACHE_SIZE) kept.delete(kept.keys().next().value!);
    return statement;
  }) as Database.Database['prepare'];
}

// One connection per process, kept across hot reloads in development.
const globalForDb = globalThis as unknown as { parleyDb?: { sqlite: Database.Database; db: Db } };

function connection() {
  globalForDb.parleyDb ??= openDatabase(getEnv().DATABASE_PATH);
  return globalForDb.parleyDb;
}

export function getDb(): Db {
  return connection().db;
}

export function getSqlite(): Database.Database {
  return connection().sqlite;
}

/** Closes this process's connection (the next getDb() opens a new one). */
export function closeDatabase(): void {
  globalForDb.parleyDb?.sqlite.close();
  globalForDb.parleyDb = undefined;
}

const preparedStatements = new WeakMap<Db, Map<(db: Db) => unknown, unknown>>();

/**
 * The statement `build` makes, built and prepared once per connection rather than on every run: for the few that a
 * hot loop runs over and over (the background thread's per-message writes). Values go in as `sql.placeholder`s;
 * a column default computed in JavaScript ($defaultFn, e.g. created_at) would be computed only once, so such columns
 * must be placeholders too.
 */
export function preparedOnce<T>(db: Db, build: (db: Db) => T): T {
  let statements = preparedStatements.get(db);
  if (!statements) preparedStatements.set(db, (statements = new Map()));
  if (!statements.has(build)) statements.set(build, build(db));
  return statements.get(build) as T;
}
