// Runs once when a Next.js server process starts: the email worker lives in the Node.js server process only.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startOutboxWorker } = await import('./lib/mail/outbox-worker');
  startOutboxWorker();
}
