import fs from 'node:fs';

// While a server runs on a database, a file beside it names the server's process: `parley restore` must not swap the
// database out from under a running server. A server killed with -9 leaves the file behind; a file whose process is
// gone counts for nothing.

const lockFileFor = (databasePath: string) => `${databasePath}.server-pid`;

/** Marks the database as served by this process until it exits. */
export function holdServerLock(databasePath: string): void {
  const file = lockFileFor(databasePath);
  fs.writeFileSync(file, `${process.pid}\n`);
  process.once('exit', () => {
    // Another server may have taken the database over since; only our own mark is removed.
    if (runningServerPid(databasePath) === process.pid) fs.rmSync(file, { force: true });
  });
}

/** The id of the live process serving this database, or null when none does. */
export function runningServerPid(databasePath: string): number | null {
  let pid: number;
  try {
    pid = Number.parseInt(fs.readFileSync(lockFileFor(databasePath), 'utf8'), 10);
  } catch {
    return null;
  }
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    // EPERM: the process exists but belongs to another user (it is running all the same).
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? pid : null;
  }
}
