import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { getEnv } from '@/lib/core/env';
import { AppError } from '@/lib/core/errors';
import { runningServerPid } from '@/lib/core/server-lock';
import { attachmentFilePath, attachmentsFolder } from '@/lib/files/store';

// Backups copy the attachments with the database, consistently: the database copy is taken first (one snapshot),
// then exactly the files that copy references are copied beside it, in the store's own layout. Stored files never
// change once written, so a file copied after the snapshot is the file the snapshot means. A snapshot is written
// under a `.partial` name and renamed only once it is checked and its files are copied: a backup killed half-way
// leaves no file that looks like a backup (and never touches the live database, which it only reads).

/** `backups/parley-2026-11-25.db` keeps its files in `backups/parley-2026-11-25-attachments/`. */
export function backupAttachmentsFolder(backupFile: string): string {
  const parsed = path.parse(path.resolve(backupFile));
  return path.join(parsed.dir, `${parsed.name}-attachments`);
}

/** Hard-links (copies where the file system does not allow it) every file the database `dbFile` references. */
function copyAttachmentsForBackup(dbFile: string, folder: string, sourceFolder = attachmentsFolder()): { copied: number; missing: string[] } {
  const copy = new Database(dbFile, { readonly: true, fileMustExist: true });
  let hashes: string[];
  try {
    hashes = (copy.prepare('select distinct sha256 from attachments where removed_at is null').all() as { sha256: string }[]).map((r) => r.sha256);
  } finally {
    copy.close();
  }
  fs.mkdirSync(folder, { recursive: true });
  const missing: string[] = [];
  let copied = 0;
  for (const sha256 of hashes) {
    const source = path.join(sourceFolder, path.relative(attachmentsFolder(), attachmentFilePath(sha256)));
    const target = path.join(folder, sha256.slice(0, 2), sha256);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    try {
      fs.linkSync(source, target);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        missing.push(sha256);
        continue;
      }
      if (code !== 'EEXIST') fs.copyFileSync(source, target);
    }
    copied++;
  }
  return { copied, missing };
}

/** Refuses a file that is not a sound Parley database: unreadable, failing SQLite's integrity check, or foreign. */
export function checkSnapshot(file: string): void {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new AppError('not_found', `There is no backup file at ${file}.`);
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const result = (db.pragma('integrity_check') as { integrity_check: string }[]).map((row) => row.integrity_check);
    if (result.join() !== 'ok') throw new AppError('validation_failed', `${file} fails SQLite's integrity check: ${result.slice(0, 3).join('; ')}`);
    const isParley = db.prepare("select 1 from sqlite_master where type = 'table' and name in ('__drizzle_migrations', 'tickets')").all().length === 2;
    if (!isParley) throw new AppError('validation_failed', `${file} is not a Parley database.`);
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('validation_failed', `${file} is not a readable SQLite database: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    db?.close();
  }
}

export type Snapshot = { file: string; size: number; attachments: number; missing: string[] };

/**
 * A consistent online copy of the live database at `out` (VACUUM INTO: one read snapshot, however busy the writers,
 * and a compact file), checked, with the attachments it references in `out`'s attachments folder.
 */
export function writeSnapshot(sqlite: Database.Database, out: string): Snapshot {
  const file = path.resolve(out);
  const folder = backupAttachmentsFolder(file);
  for (const target of [file, folder]) {
    if (fs.existsSync(target)) throw new AppError('conflict', `${target} already exists; choose a new file name.`);
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.partial`;
  fs.rmSync(partial, { force: true });
  try {
    sqlite.prepare('VACUUM INTO ?').run(partial);
    checkSnapshot(partial);
    const files = copyAttachmentsForBackup(partial, folder);
    fs.renameSync(partial, file);
    return { file, size: fs.statSync(file).size, attachments: files.copied, missing: files.missing };
  } catch (error) {
    fs.rmSync(partial, { force: true });
    fs.rmSync(folder, { recursive: true, force: true });
    throw error;
  }
}

// Scheduled snapshots: BACKUP_DIR/parley-<UTC time>.db (+ -attachments/), the newest BACKUP_KEEP kept.
// The name carries the time it was taken (a copied file's mtime would not).
const SNAPSHOT_NAME = /^parley-(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z\.db$/;
const snapshotName = (at: Date) => `parley-${at.toISOString().replace(/[:.]/g, '-')}.db`;
function takenAtOf(name: string): Date {
  const [, day, hours, minutes, seconds, ms] = SNAPSHOT_NAME.exec(name)!;
  return new Date(`${day}T${hours}:${minutes}:${seconds}.${ms}Z`);
}

export type SnapshotFile = { file: string; size: number; takenAt: Date };

/** The scheduled snapshots in `dir`, newest first. */
export function listSnapshots(dir = getEnv().BACKUP_DIR): SnapshotFile[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((name) => SNAPSHOT_NAME.test(name))
    .sort()
    .reverse()
    .map((name) => {
      const file = path.join(dir, name);
      return { file, size: fs.statSync(file).size, takenAt: takenAtOf(name) };
    });
}

/** Removes all but the newest `keep` snapshots (with their files) and what an interrupted backup left. */
export function pruneSnapshots(dir: string, keep: number): void {
  const kept = new Set(listSnapshots(dir).slice(0, keep).map((s) => path.basename(s.file)));
  for (const name of fs.readdirSync(dir)) {
    const owner = name.endsWith('-attachments') ? `${name.slice(0, -'-attachments'.length)}.db` : name.replace(/\.partial$/, '');
    const ours = SNAPSHOT_NAME.test(owner);
    if (ours && (name.endsWith('.partial') || !kept.has(owner))) fs.rmSync(path.join(dir, name), { recursive: true, force: true });
  }
}

/**
 * What the last scheduled backup did. Kept in the data folder, which is writable whenever the server runs (the
 * backup folder may be what fails), and outside the database (a restore does not rewrite it).
 */
export type BackupStatus = {
  at: string;
  ok: boolean;
  file: string | null;
  size: number | null;
  attachments: number | null;
  error: string | null;
  // When admins were emailed about this run of failures (once per run: a success ends it).
  alertedAt: string | null;
};

const statusFile = () => path.join(path.dirname(getEnv().DATABASE_PATH), 'backup-status.json');

export function readBackupStatus(): BackupStatus | null {
  try {
    return JSON.parse(fs.readFileSync(statusFile(), 'utf8')) as BackupStatus;
  } catch {
    return null;
  }
}

export function writeBackupStatus(status: BackupStatus): void {
  const temporary = `${statusFile()}.tmp`;
  fs.writeFileSync(temporary, `${JSON.stringify(status, null, 2)}\n`);
  fs.renameSync(temporary, statusFile());
}

// After a failed attempt the next one waits at most this long (or BACKUP_EVERY, when shorter).
const RETRY_AFTER_FAILURE_MS = 15 * 60_000;

/** Milliseconds until the next scheduled snapshot is due (0: now), or null when scheduled backups are off. */
export function msUntilNextBackup(now = Date.now()): number | null {
  const { BACKUP_EVERY: every, BACKUP_DIR: dir } = getEnv();
  if (every === null) return null;
  const newest = listSnapshots(dir)[0]?.takenAt.getTime();
  let due = newest === undefined ? now : newest + every;
  const status = readBackupStatus();
  if (status && !status.ok) due = Math.max(due, Date.parse(status.at) + Math.min(every, RETRY_AFTER_FAILURE_MS));
  return Math.max(0, due - now);
}

/** Takes the scheduled snapshot now and prunes the old ones. */
export function takeScheduledSnapshot(sqlite: Database.Database, now = new Date()): Snapshot {
  const { BACKUP_DIR: dir, BACKUP_KEEP: keep } = getEnv();
  const snapshot = writeSnapshot(sqlite, path.join(dir, snapshotName(now)));
  pruneSnapshots(dir, keep);
  return snapshot;
}

/**
 * Puts a backup in place of the live database (the server must be stopped): checks it, sets the current database,
 * its -wal/-shm files and attachments aside in `before-restore-<time>/` beside it, then copies the backup and its
 * attachments in. The next start migrates it if it comes from an older release.
 */
export function restoreSnapshot(backupFile: string, now = new Date()): { setAside: string; attachments: number; missing: string[] } {
  const { DATABASE_PATH: databasePath } = getEnv();
  const pid = runningServerPid(databasePath);
  if (pid !== null) throw new AppError('conflict', `The server (process ${pid}) is running on ${databasePath}; stop it before restoring.`);
  const source = path.resolve(backupFile);
  checkSnapshot(source);
  // A backup copied without its folder takes its files from the live store (files are named by their content).
  const sourceFiles = fs.existsSync(backupAttachmentsFolder(source)) ? backupAttachmentsFolder(source) : attachmentsFolder();

  const dataDir = path.dirname(databasePath);
  const setAside = path.join(dataDir, `before-restore-${now.toISOString().replace(/[:.]/g, '-')}`);
  fs.mkdirSync(setAside, { recursive: true });
  // The incoming copy is made whole before anything is moved, so a failure here leaves the live data as it was.
  const incoming = `${databasePath}.restoring`;
  fs.copyFileSync(source, incoming);
  const incomingFiles = `${attachmentsFolder()}.restoring`;
  fs.rmSync(incomingFiles, { recursive: true, force: true });
  const files = copyAttachmentsForBackup(incoming, incomingFiles, sourceFiles);

  // A stale -wal beside the restored file would be replayed into it; they go with the database they belong to.
  for (const suffix of ['', '-wal', '-shm']) {
    if (fs.existsSync(databasePath + suffix)) fs.renameSync(databasePath + suffix, path.join(setAside, path.basename(databasePath) + suffix));
  }
  if (fs.existsSync(attachmentsFolder())) fs.renameSync(attachmentsFolder(), path.join(setAside, 'attachments'));
  fs.renameSync(incomingFiles, attachmentsFolder());
  fs.renameSync(incoming, databasePath);
  return { setAside, attachments: files.copied, missing: files.missing };
}
