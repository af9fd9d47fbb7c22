import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { participants, replies, tickets } from '@/db/schema';
import { getAgentByEmail, verifyAgentCredentials } from '@/lib/auth/agents';
import { getDb, getSqlite, migrationsFolder } from '@/lib/core/db';
import { checkDatabaseHealth } from '@/lib/core/health';
import { getSettings } from '@/lib/core/settings';

// Upgrades: a database made by the previous release (tests/fixtures/upgrade/, rows in every table) is opened by the
// current code, which migrates it on open as `parley start` does, and every row is still there.
const fixture = path.resolve(__dirname, '../fixtures/upgrade/previous-release.db');

type Snapshot = Map<string, { count: number; rows: string[] }>;

/** Every table's rows (search-index internals aside: their format is SQLite's), each as JSON, in a stable order. */
function tablesOf(db: Database.Database, columnsOf?: Snapshot): Snapshot {
  const names = (db.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name <> '__drizzle_migrations'").all() as { name: string }[]).map((r) => r.name);
  return new Map(
    names.map((name) => {
      const rows = db.prepare(`select * from "${name}"`).all() as Record<string, unknown>[];
      // After the upgrade, only the columns the old table had are compared: new ones are the migration's to fill.
      const columns = columnsOf?.get(name)?.rows[0] ? Object.keys(JSON.parse(columnsOf.get(name)!.rows[0])) : undefined;
      const serialized = /_fts(_|$)/.test(name) ? [] : rows.map((row) => JSON.stringify(columns ? Object.fromEntries(columns.map((c) => [c, row[c]])) : row)).sort();
      return [name, { count: rows.length, rows: serialized }];
    }),
  );
}

let before: Snapshot;
let appliedBefore: number;
beforeAll(() => {
  const old = new Database(fixture, { readonly: true });
  before = tablesOf(old);
  appliedBefore = (old.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number }).n;
  old.close();
  // The unit-test database has not been opened yet: the fixture takes its place.
  fs.copyFileSync(fixture, process.env.DATABASE_PATH!);
});

describe('upgrading a database made by the previous release', () => {
  it('has rows in every table to begin with', () => {
    expect([...before].filter(([, table]) => table.count === 0).map(([name]) => name)).toEqual([]);
  });

  it('migrates it to the current schema on open', () => {
    getDb();
    const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
    const applied = (getSqlite().prepare('select count(*) as n from __drizzle_migrations').get() as { n: number }).n;
    expect(applied).toBe(journal.entries.length);
    expect(applied).toBeGreaterThanOrEqual(appliedBefore);
    expect(checkDatabaseHealth()).toEqual({ ok: true });
    expect(getSqlite().pragma('integrity_check', { simple: true })).toBe('ok');
  });

  // The settings an existing install never stored and whose defaults changed since (migration 0013): written with
  // their old value, so the upgrade changes nothing an admin sees.
  const keptDefaults = [JSON.stringify({ key: 'copyParticipants', value: 'false' })];

  it('keeps every row of every table', () => {
    const after = tablesOf(getSqlite(), before);
    for (const [name, table] of before) {
      if (name !== 'settings') expect(after.get(name), name).toEqual(table);
    }
    const settingsAfter = after.get('settings')!;
    expect(settingsAfter.rows.filter((row) => !keptDefaults.includes(row))).toEqual(before.get('settings')!.rows);
    expect(settingsAfter.count).toBe(before.get('settings')!.count + keptDefaults.length);
  });

  it('keeps the settings of an existing install whose defaults changed: participants and “Copy participants” as they were', () => {
    // The fixture stored participantsEnabled (on) and never copyParticipants, whose old default was off.
    expect(getSettings()).toMatchObject({ participantsEnabled: true, copyParticipants: false, participantsMayAddPeople: false });
  });

  it('keeps the data usable: sign-in, settings, tickets with their replies and participants', async () => {
    expect((await verifyAgentCredentials('admin@fixture.test', 'fixture-password-1'))?.role).toBe('admin');
    expect(getAgentByEmail({ email: 'agent@fixture.test' })?.name).toBe('Fixture Agent');
    expect(getSettings()).toMatchObject({ siteName: 'Fixture Desk', participantsEnabled: true });
    const ticket = getDb().select().from(tickets).where(eq(tickets.subject, 'Fixture ticket: invoices')).get()!;
    expect(getDb().select().from(replies).where(eq(replies.ticketId, ticket.id)).all().map((r) => r.body)).toEqual(['Our invoices lack the VAT number.', 'We are on it.']);
    expect(getDb().select().from(participants).where(eq(participants.ticketId, ticket.id)).all().map((p) => p.email)).toEqual(['guest@else.test']);
  });
});
