import { DateTime } from '@/app/_components/date-time';
import { Card } from '@/app/_components/ui';
import { formatBackupInterval, getEnv } from '@/lib/core/env';
import { listSnapshots, readBackupStatus } from '@/lib/files/backup';
import { formatBytes } from '@/lib/files/limits';

/** Scheduled backups: where they go, how often, and what the last one did (its failure, if it failed). */
export function BackupSettings() {
  const { BACKUP_DIR, BACKUP_EVERY, BACKUP_KEEP } = getEnv();
  const status = readBackupStatus();
  const kept = listSnapshots().length;
  return (
    <Card aria-labelledby="backups-heading">
      <h2 id="backups-heading" className="mb-1 text-lg font-semibold">
        Backups
      </h2>
      <dl className="space-y-1 text-sm">
        <div>
          <dt className="inline font-medium">Schedule: </dt>
          <dd className="inline break-all">
            {BACKUP_EVERY === null
              ? 'off (BACKUP_EVERY=off)'
              : `every ${formatBackupInterval(BACKUP_EVERY)}, the newest ${BACKUP_KEEP} kept in ${BACKUP_DIR} (${kept} there now)`}
          </dd>
        </div>
        <div>
          <dt className="inline font-medium">Last backup: </dt>
          <dd className="inline">
            {status === null ? (
              'none yet'
            ) : status.ok ? (
              <span role="status">
                <DateTime value={new Date(status.at)} /> · {formatBytes(status.size ?? 0)}, {status.attachments} attachment file(s) · succeeded
              </span>
            ) : (
              <span role="alert" className="text-red-800">
                <DateTime value={new Date(status.at)} /> · failed: {status.error}
                {status.alertedAt ? ' (administrators were emailed)' : ''}
              </span>
            )}
          </dd>
        </div>
      </dl>
      {/* break-all: a deep BACKUP_DIR is one unbreakable word that would make a phone's page scroll sideways. */}
      <p className="mt-3 text-sm break-all text-slate-600">
        Restore one with the server stopped: <code>parley restore {BACKUP_DIR}/parley-….db</code> (from a checkout: <code>npm run cli -- restore …</code>).
      </p>
    </Card>
  );
}
