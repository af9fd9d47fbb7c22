import 'server-only';
import { and, eq } from 'drizzle-orm';
import { agents, outbox } from '@/db/schema';
import { getDb, getSqlite, type Db } from '@/lib/core/db';
import { msUntilNextBackup, readBackupStatus, takeScheduledSnapshot, writeBackupStatus } from '@/lib/files/backup';

// The background thread's backup job: a snapshot when one is due (lib/files/backup.ts says when), its result kept for
// Settings → Backups, and the administrators emailed once when backups start failing.

/** One email per active administrator about the failed backup; the outbox job sends them. */
function queueBackupFailedEmails(db: Db): void {
  const admins = db.select().from(agents).where(and(eq(agents.role, 'admin'), eq(agents.active, true))).all();
  for (const admin of admins) {
    db.insert(outbox).values({ ticketId: null, template: 'backup_failed', toEmail: admin.email, toName: admin.name, recipientKind: 'agent', recipientId: admin.id }).run();
  }
}

/** Takes the snapshot if one is due; returns the milliseconds until the next is (null: backups are off). */
export async function runDueBackup(now = new Date()): Promise<number | null> {
  const due = msUntilNextBackup(now.getTime());
  if (due !== 0) return due;
  const previous = readBackupStatus();
  try {
    const snapshot = takeScheduledSnapshot(getSqlite(), now);
    writeBackupStatus({ at: now.toISOString(), ok: true, file: snapshot.file, size: snapshot.size, attachments: snapshot.attachments, error: null, alertedAt: null });
    if (snapshot.missing.length > 0) console.warn(`parley: backup ${snapshot.file}: ${snapshot.missing.length} attachment file(s) were already gone.`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error('parley: the scheduled backup failed:', message);
    // Once per run of failures: the first failure after a success (or ever) emails, the ones after it do not.
    const alreadyAlerted = previous !== null && !previous.ok && previous.alertedAt !== null;
    if (!alreadyAlerted) queueBackupFailedEmails(getDb());
    writeBackupStatus({
      at: now.toISOString(),
      ok: false,
      file: null,
      size: null,
      attachments: null,
      error: message,
      alertedAt: alreadyAlerted ? previous.alertedAt : now.toISOString(),
    });
  }
  return msUntilNextBackup(now.getTime());
}
