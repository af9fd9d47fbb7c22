// Runs once when a Next.js server process starts: the background thread (email sending) and the attachment sweep
// belong to the Node.js server process only.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startBackgroundWorker } = await import('./lib/mail/worker/host');
  startBackgroundWorker(process.env.PARLEY_WORKER_FILE);
  // On the main thread, where requests store files: see lib/files/sweeper.ts.
  const { startAttachmentSweeper } = await import('./lib/files/sweeper');
  startAttachmentSweeper();
}
