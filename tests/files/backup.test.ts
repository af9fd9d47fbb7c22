import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from '@/db/schema';
import { closeDatabase, getSqlite } from '@/lib/core/db';
import { backupAttachmentsFolder, checkSnapshot, listSnapshots, pruneSnapshots, restoreSnapshot, writeSnapshot } from '@/lib/files/backup';
import { attachmentFilePath, storeAttachmentFile } from '@/lib/files/store';
import { addAgentReply, createTicket } from '@/lib/tickets/tickets';
import { appErrorFrom } from '@/tests/support/helpers';
import { newAgent, repliesOf, unique } from '@/tests/support/link-fixtures';

const databasePath = process.env.DATABASE_PATH!;
const scratch = () => fs.mkdtempSync(path.join(os.tmpdir(), 'parley-backup-'));

let admin: Agent;
beforeAll(async () => {
  admin = await newAgent('admin');
});

async function ticketWithFile(text: string) {
  const file = await storeAttachmentFile({ data: Buffer.from(`${text} ${Math.random()}`), filename: `${text}.txt` });
  const ticket = createTicket({ subject: unique(text), message: text, customer: { email: `${unique('c')}@backup.test`, name: 'Cy' } }, { kind: 'public', source: 'web' }, [file]);
  return { ticket, sha256: file.sha256 };
}

const count = (db: Database.Database, table: string) => (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;

describe('snapshots', { timeout: 60_000 }, () => {
  it('are consistent while replies are being written: each two-reply transaction is in the copy whole or not at all', async () => {
    const { ticket } = await ticketWithFile('busy');
    // Another connection writes pairs of replies with the same body, one transaction per pair, as fast as it can.
    const progress = new Int32Array(new SharedArrayBuffer(8));
    const writer = new Worker(
      `const { workerData } = require('node:worker_threads');
       const db = new (require('better-sqlite3'))(workerData.file);
       db.pragma('busy_timeout = 5000');
       const insert = db.prepare("insert into replies (ticket_id, body, author_kind, author_email, author_name, created_at) values (?, ?, 'agent', 'w@x.test', 'W', ?)");
       const pair = db.transaction((n) => { insert.run(workerData.ticketId, 'pair ' + n, Date.now()); insert.run(workerData.ticketId, 'pair ' + n, Date.now()); });
       for (let n = 1; Atomics.load(workerData.progress, 1) === 0; n++) { pair.immediate(n); Atomics.store(workerData.progress, 0, n); }
       db.close();`,
      { eval: true, workerData: { file: databasePath, ticketId: ticket.id, progress } },
    );
    const waitForPairs = async (n: number) => {
      while (Atomics.load(progress, 0) < n) await new Promise((resolve) => setTimeout(resolve, 5));
    };
    await waitForPairs(50);
    const before = Atomics.load(progress, 0);
    const snapshot = writeSnapshot(getSqlite(), path.join(scratch(), 'busy.db'));
    await waitForPairs(before + 50);
    Atomics.store(progress, 1, 1);
    await new Promise((resolve) => writer.once('exit', resolve));

    checkSnapshot(snapshot.file);
    const copy = new Database(snapshot.file, { readonly: true });
    const pairs = copy.prepare("select body, count(*) as n from replies where ticket_id = ? and body like 'pair %' group by body").all(ticket.id) as { body: string; n: number }[];
    copy.close();
    expect(pairs.length).toBeGreaterThanOrEqual(before);
    // The writer went on after the copy was taken: the copy holds a moment in the middle.
    expect(pairs.length).toBeLessThan(Atomics.load(progress, 0));
    expect(pairs.filter((p) => p.n !== 2)).toEqual([]);
  });

  it('keep the newest BACKUP_KEEP with their attachment folders', () => {
    const dir = scratch();
    const names = ['2026-01-01T00-00-00-000Z', '2026-01-02T00-00-00-000Z', '2026-01-03T00-00-00-000Z'].map((at) => `parley-${at}.db`);
    for (const name of names) writeSnapshot(getSqlite(), path.join(dir, name));
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'not ours');
    pruneSnapshots(dir, 2);
    expect(fs.readdirSync(dir).sort()).toEqual(['notes.txt', ...names.slice(1).flatMap((name) => [`${name.slice(0, -3)}-attachments`, name])].sort());
  });

  it('refuse a file that is not a sound Parley database', async () => {
    const dir = scratch();
    fs.writeFileSync(path.join(dir, 'garbage.db'), Buffer.alloc(8192, 7));
    new Database(path.join(dir, 'other.db')).exec('create table t (x)');
    for (const file of ['garbage.db', 'other.db', 'missing.db']) {
      const error = await appErrorFrom(() => checkSnapshot(path.join(dir, file)));
      expect(error.message).toContain(file);
    }
  });
});

describe('restore', { timeout: 60_000 }, () => {
  it('round-trips rows and attachment files, setting the current data and its -wal/-shm aside', async () => {
    const kept = await ticketWithFile('kept');
    const snapshot = writeSnapshot(getSqlite(), path.join(scratch(), 'before.db'));
    const snapshotFiles = backupAttachmentsFolder(snapshot.file);
    const repliesAtBackup = count(getSqlite(), 'replies');
    // After the backup: a new ticket with its file, and the kept ticket's file lost from the store.
    const later = await ticketWithFile('later');
    fs.rmSync(attachmentFilePath(kept.sha256));
    closeDatabase();
    // What a server killed with -9 leaves: a -wal file beside the database (here, a stale one on purpose).
    const live = new Database(databasePath);
    live.pragma('wal_checkpoint(TRUNCATE)');
    live.close();
    fs.writeFileSync(`${databasePath}-wal`, 'stale');

    const result = restoreSnapshot(snapshot.file);
    expect(fs.existsSync(`${databasePath}-wal`)).toBe(false);
    expect(fs.readFileSync(path.join(result.setAside, `${path.basename(databasePath)}-wal`), 'utf8')).toBe('stale');
    expect(count(getSqlite(), 'replies')).toBe(repliesAtBackup);
    expect(repliesOf(kept.ticket.id)).toHaveLength(1);
    expect(repliesOf(later.ticket.id)).toHaveLength(0);
    expect(fs.readFileSync(attachmentFilePath(kept.sha256))).toEqual(fs.readFileSync(path.join(snapshotFiles, kept.sha256.slice(0, 2), kept.sha256)));
    expect(fs.existsSync(attachmentFilePath(later.sha256))).toBe(false);
    expect(fs.existsSync(path.join(result.setAside, 'attachments', later.sha256.slice(0, 2), later.sha256))).toBe(true);
  });

  it('takes the files of a backup copied without its folder from the live store', async () => {
    const { ticket, sha256 } = await ticketWithFile('alone');
    const snapshot = writeSnapshot(getSqlite(), path.join(scratch(), 'alone.db'));
    fs.rmSync(backupAttachmentsFolder(snapshot.file), { recursive: true });
    closeDatabase();
    const result = restoreSnapshot(snapshot.file);
    expect(result.missing).toEqual([]);
    expect(repliesOf(ticket.id)).toHaveLength(1);
    expect(fs.readFileSync(attachmentFilePath(sha256), 'utf8')).toMatch(/^alone /);
  });

  it('is refused while a server runs on the database, and changes nothing', async () => {
    const snapshot = writeSnapshot(getSqlite(), path.join(scratch(), 'x.db'));
    const server = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    fs.writeFileSync(`${databasePath}.server-pid`, `${server.pid}\n`);
    const repliesNow = count(getSqlite(), 'replies');
    try {
      const error = await appErrorFrom(() => restoreSnapshot(snapshot.file));
      expect(error.code).toBe('conflict');
      expect(error.message).toContain(`process ${server.pid}`);
      expect(count(getSqlite(), 'replies')).toBe(repliesNow);
    } finally {
      server.kill('SIGKILL');
      await new Promise((resolve) => server.once('exit', resolve));
    }
    // A server killed with -9 leaves its file behind; a dead process does not count.
    closeDatabase();
    expect(() => restoreSnapshot(snapshot.file)).not.toThrow();
  });
});

// Last: the bulk it adds would slow every backup after it.
describe('a backup killed half-way', { timeout: 120_000 }, () => {
  it('kill -9 during a backup leaves the live database intact, and the half-written copy is cleared away', async () => {
    // Enough data that VACUUM INTO is still writing when the process is killed.
    const { ticket } = await ticketWithFile('bulk');
    const filler = 'x'.repeat(4096);
    const insert = getSqlite().prepare("insert into replies (ticket_id, body, author_kind, author_email, author_name, created_at) values (?, ?, 'agent', 'b@x.test', 'B', ?)");
    getSqlite().transaction(() => {
      for (let i = 0; i < 8_000; i++) insert.run(ticket.id, `${i} ${filler}`, Date.now());
    })();
    const repliesBefore = count(getSqlite(), 'replies');
    const dir = scratch();
    const out = path.join(dir, 'parley-2026-01-01T00-00-00-000Z.db');
    const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=react-server', path.join(__dirname, '../support/snapshot-child.ts'), out], {
      cwd: path.resolve(__dirname, '../..'),
      env: { ...process.env, DATABASE_PATH: databasePath },
      stdio: 'ignore',
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    while (!(fs.existsSync(`${out}.partial`) && fs.statSync(`${out}.partial`).size > 0)) await new Promise((resolve) => setImmediate(resolve));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    // What it left does not pass for a backup.
    expect(listSnapshots(dir)).toEqual([]);
    expect(fs.existsSync(out)).toBe(false);

    const live = new Database(databasePath);
    expect(live.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(count(live, 'replies')).toBe(repliesBefore);
    live.close();
    // The live database still takes writes, and the next backup succeeds and clears what the killed one left.
    addAgentReply({ ticketId: ticket.id, agent: admin, message: 'after the kill' });
    expect(fs.existsSync(`${out}.partial`)).toBe(true);
    const next = writeSnapshot(getSqlite(), path.join(dir, 'parley-2026-01-02T00-00-00-000Z.db'));
    pruneSnapshots(dir, 7);
    expect(fs.existsSync(`${out}.partial`)).toBe(false);
    expect(listSnapshots(dir).map((s) => s.file)).toEqual([next.file]);
  });
});
