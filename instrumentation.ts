// Runs once when a Next.js server process starts: the background thread (email sending, scheduled backups) and the
// attachment sweep belong to the Node.js server process only.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  // Marks the database as served, so `parley restore` refuses to swap it out meanwhile.
  const { holdServerLock } = await import('./lib/core/server-lock');
  const { getEnv } = await import('./lib/core/env');
  holdServerLock(getEnv().DATABASE_PATH);
  const { startBackgroundWorker } = await import('./lib/mail/worker/host');
  startBackgroundWorker(process.env.PARLEY_WORKER_FILE);
  // On the main thread, where requests store files: see lib/files/sweeper.ts.
  const { startAttachmentSweeper } = await import('./lib/files/sweeper');
  startAttachmentSweeper();
}
