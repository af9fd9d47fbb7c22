import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '@/lib/core/db';

describe('openDatabase', () => {
  it('starts transactions IMMEDIATE, so a second connection (the background thread) waits instead of failing mid-transaction', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'parley-db-')), 'two.db');
    const server = openDatabase(file);
    const thread = openDatabase(file);
    thread.sqlite.pragma('busy_timeout = 0');
    server.db.transaction((tx) => {
      tx.get(sql`select count(*) from agents`);
      // The server's transaction has only read so far, yet it already holds the write lock.
      expect(() => thread.sqlite.exec('BEGIN IMMEDIATE')).toThrow(/locked|busy/i);
    });
    thread.sqlite.exec('BEGIN IMMEDIATE');
    thread.sqlite.exec('COMMIT');
    server.sqlite.close();
    thread.sqlite.close();
  });

  it('prepares each SQL text once and hands the statement out again, reset to objects and never while it is busy', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'parley-db-')), 'statements.db');
    const { sqlite, db } = openDatabase(file);
    sqlite.exec('create table t (id integer primary key, name text)');
    sqlite.exec("insert into t (name) values ('a'), ('b')");
    const first = sqlite.prepare('select id, name from t order by id');
    expect(sqlite.prepare('select id, name from t order by id')).toBe(first);
    // Drizzle switches a statement to raw rows for its own queries; the next user gets objects again.
    first.raw(true);
    expect(sqlite.prepare('select id, name from t order by id').all()).toEqual([{ id: 1, name: 'a' }, { id: 2, name: 'b' }]);
    // While a statement is being iterated, the same text gets a statement of its own.
    const iterator = first.iterate();
    iterator.next();
    const second = sqlite.prepare('select id, name from t order by id');
    expect(second).not.toBe(first);
    expect(second.all()).toHaveLength(2);
    iterator.return?.();
    // Drizzle's own queries run through the kept statements and keep their shapes.
    expect(db.all(sql`select name from t order by id`)).toEqual([{ name: 'a' }, { name: 'b' }]);
    expect(db.values(sql`select name from t order by id`)).toEqual([['a'], ['b']]);
    expect(db.all(sql`select name from t order by id`)).toEqual([{ name: 'a' }, { name: 'b' }]);
    sqlite.close();
  });
});
