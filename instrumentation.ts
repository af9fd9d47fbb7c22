// Runs once when a Next.js server process starts: the background thread (email sending) belongs to the Node.js
// server process only.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startBackgroundWorker } = await import('./lib/mail/worker/host');
  startBackgroundWorker(process.env.PARLEY_WORKER_FILE);
}
