// Runs once when a Next.js server process starts: the email worker lives in the Node.js server process only.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startOutboxWorker } = await import('./lib/mail/outbox-worker');
  startOutboxWorker();
  // Inbound mail: the worker that applies stored messages, and the IMAP reader when a mailbox is configured.
  const [{ getDb }, { startInboundWorker }, { startImapReader }] = await Promise.all([
    import('./lib/db'),
    import('./lib/mail/inbound/processor'),
    import('./lib/mail/inbound/imap'),
  ]);
  startInboundWorker(getDb());
  startImapReader(getDb());
}
