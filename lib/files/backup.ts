import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { attachmentFilePath } from '@/lib/files/store';

// Backups copy the attachments with the database, consistently: the database copy is taken first (one snapshot),
// then exactly the files that copy references are copied beside it, in the store's own layout. Stored files never
// change once written, so a file copied after the snapshot is the file the snapshot means.

/** `backups/parley-2026-11-25.db` keeps its files in `backups/parley-2026-11-25-attachments/`. */
export function backupAttachmentsFolder(backupFile: string): string {
  const parsed = path.parse(path.resolve(backupFile));
  return path.join(parsed.dir, `${parsed.name}-attachments`);
}

/** Copies (hard-links where the file system allows) every file the backed-up database references. */
export function copyAttachmentsForBackup(backupFile: string): { folder: string; copied: number; missing: string[] } {
  const folder = backupAttachmentsFolder(backupFile);
  const copy = new Database(backupFile, { readonly: true });
  let hashes: string[];
  try {
    hashes = (copy.prepare('select distinct sha256 from attachments where removed_at is null').all() as { sha256: string }[]).map((r) => r.sha256);
  } finally {
    copy.close();
  }
  const missing: string[] = [];
  let copied = 0;
  for (const sha256 of hashes) {
    const source = attachmentFilePath(sha256);
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
  return { folder, copied, missing };
}
