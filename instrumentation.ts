// Runs once when a Next.js server process starts: the email worker and the attachment sweep live in the Node.js
// server process only.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startOutboxWorker } = await import('./lib/mail/outbox-worker');
  startOutboxWorker();
  const { startAttachmentSweeper } = await import('./lib/attachments/sweeper');
  startAttachmentSweeper();
}
