import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { outbox } from '@/db/schema';
import { getDb } from '@/lib/core/db';
import { listSnapshots, msUntilNextBackup, readBackupStatus } from '@/lib/files/backup';
import { composeOutboxMessage } from '@/lib/mail/compose';
import { runDueBackup } from '@/lib/mail/scheduled-backup';
import { newAgent } from '@/tests/support/link-fixtures';

// Read once, on first use: set before anything reads the environment.
const backupDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'parley-scheduled-')), 'backups');
Object.assign(process.env, { BACKUP_DIR: backupDir, BACKUP_EVERY: '6h', BACKUP_KEEP: '2' });

const alerts = () => getDb().select().from(outbox).where(eq(outbox.template, 'backup_failed')).all();
const hours = (n: number) => n * 3_600_000;

beforeAll(async () => {
  await newAgent('admin');
  await newAgent('admin');
  await newAgent('agent');
});

describe('scheduled backups', () => {
  const start = Date.parse('2026-12-01T00:00:00Z');

  it('take a snapshot at once when none exists, then not until BACKUP_EVERY has passed', async () => {
    expect(msUntilNextBackup(start)).toBe(0);
    expect(await runDueBackup(new Date(start))).toBe(hours(6));
    expect(readBackupStatus()).toMatchObject({ ok: true, error: null, alertedAt: null });
    expect(listSnapshots()).toHaveLength(1);
    expect(await runDueBackup(new Date(start + hours(5)))).toBe(hours(1));
    expect(listSnapshots()).toHaveLength(1);
  });

  it('keep the newest BACKUP_KEEP', async () => {
    await runDueBackup(new Date(start + hours(6)));
    await runDueBackup(new Date(start + hours(12)));
    expect(listSnapshots().map((s) => path.basename(s.file))).toEqual(['parley-2026-12-01T12-00-00-000Z.db', 'parley-2026-12-01T06-00-00-000Z.db']);
  });

  it('on failure, record it and email every active admin once, until a backup succeeds again', async () => {
    // A file where the backup folder should be: every snapshot fails.
    fs.renameSync(backupDir, `${backupDir}.moved`);
    fs.writeFileSync(backupDir, 'not a folder');
    let at = start + hours(18);
    await runDueBackup(new Date(at));
    const failed = readBackupStatus()!;
    expect(failed.ok).toBe(false);
    expect(failed.error).toMatch(/ENOTDIR|EEXIST|not a directory/i);
    expect(failed.alertedAt).toBe(new Date(at).toISOString());
    const first = alerts();
    expect(first).toHaveLength(2);
    expect(first.every((row) => row.recipientKind === 'agent' && row.ticketId === null)).toBe(true);
    const email = await composeOutboxMessage(first[0]);
    expect(email.subject).toBe('The scheduled backup of Parley failed');
    expect(email.text).toContain('Settings → Backups');

    // Retried within 15 minutes, and failing again sends nothing more.
    expect(msUntilNextBackup(at + 60_000)).toBe(14 * 60_000);
    at += 15 * 60_000;
    await runDueBackup(new Date(at));
    expect(readBackupStatus()).toMatchObject({ ok: false, alertedAt: failed.alertedAt });
    expect(alerts()).toHaveLength(2);

    // Fixed: the next backup succeeds, and a later failure emails again.
    fs.rmSync(backupDir);
    fs.renameSync(`${backupDir}.moved`, backupDir);
    at += 15 * 60_000;
    await runDueBackup(new Date(at));
    expect(readBackupStatus()).toMatchObject({ ok: true, alertedAt: null });
    fs.renameSync(backupDir, `${backupDir}.moved`);
    fs.writeFileSync(backupDir, 'not a folder');
    await runDueBackup(new Date(at + hours(6)));
    expect(alerts()).toHaveLength(4);
  });

  it('BACKUP_EVERY takes 15m, 6h, 1d… or off; anything else stops the start with a clear message', async () => {
    const { parseBackupInterval, parseEnv: parseEnvOf } = await import('@/lib/core/env');
    const parseEnv = (vars: Record<string, string>) => parseEnvOf({ NODE_ENV: 'test', ...vars });
    expect(parseEnv({ BACKUP_EVERY: 'off' }).BACKUP_EVERY).toBeNull();
    expect(() => parseEnv({ BACKUP_EVERY: '1w' })).toThrow('Invalid environment variable BACKUP_EVERY: must be a duration such as 15m, 6h or 1d, or "off" (got "1w")');
    expect(parseEnv({ DATA_DIR: '/srv/parley' })).toMatchObject({ DATABASE_PATH: '/srv/parley/parley.db', BACKUP_DIR: '/srv/parley/backups' });
    expect(parseBackupInterval('off')).toBeNull();
    expect(parseBackupInterval('15m')).toBe(15 * 60_000);
    expect(parseBackupInterval('1d')).toBe(86_400_000);
    for (const bad of ['0h', '15', '1w', '-1d', '']) expect(parseBackupInterval(bad)).toBeUndefined();
  });
});
