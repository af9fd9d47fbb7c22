import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '@/lib/db';

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
});
