// The background thread's entry (compiled by scripts/build-worker.ts, started by lib/mail/worker/host.ts). It opens its
// own SQLite connection (WAL lets it write beside the server's) and runs the background jobs, so rendering and
// sending mail never block a request.
//
// Adding a job: append it to `jobs` below. Its `pass` handles what is
// waiting and returns the milliseconds until its next known work (null: none known, the safety poll covers it). The
// server wakes every job with one nudge after each commit that may have queued work (lib/core/outbox-queue.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { getDb } from '@/lib/core/db';
import { msUntilNextBackup } from '@/lib/files/backup';
import { startImapReader } from '@/lib/mail/inbound/imap';
import { hasBackgroundWork, hasLinkRequests, msUntilNextDue, msUntilNextInbound, msUntilNextWebhook } from '@/lib/mail/worker/due';
import { createPickupScheduler, type PickupScheduler } from '@/lib/mail/worker/pickup-scheduler';

type BackgroundJob = { name: string; pass: () => Promise<number | null> };

// The code that does a job's work is imported when there is work for it, not when the thread starts: React Email
// and the mail transports when a message is due, the inbound pipeline (mailparser) when a stored message is. An idle
// thread, which is most of the time, keeps only the database and these checks in memory. (scripts/build-worker.ts
// splits the bundle so each of these imports is a file of its own, loaded on first use.)
const jobs: BackgroundJob[] = [
  {
    name: 'outbox',
    pass: async () => {
      // Queued "email me a fresh link" requests are looked up first, so the links they send go out in this pass.
      if (hasLinkRequests(getDb())) (await import('@/lib/participants/portal')).processLinkRequests();
      if (msUntilNextDue() === 0) await (await import('@/lib/mail/outbox-worker')).deliverDueMessages();
      return msUntilNextDue();
    },
  },
  {
    // Inbound mail stored by the webhook, the IMAP reader or the pipe command, applied once each.
    name: 'inbound',
    pass: async () => {
      if (msUntilNextInbound(getDb()) === 0) await (await import('@/lib/mail/inbound/processor')).processInboundBatch(getDb());
      return msUntilNextInbound(getDb());
    },
  },
  {
    // Webhook deliveries, signed and sent with the outbox's backoff (lib/mail/webhook-delivery.ts).
    name: 'webhooks',
    pass: async () => {
      if (msUntilNextWebhook(getDb()) === 0) await (await import('@/lib/mail/webhook-delivery')).deliverDueWebhooks();
      return msUntilNextWebhook(getDb());
    },
  },
  {
    // Scheduled snapshots (BACKUP_EVERY): lib/mail/scheduled-backup.ts.
    name: 'backup',
    pass: async () => (msUntilNextBackup() === 0 ? (await import('@/lib/mail/scheduled-backup')).runDueBackup() : msUntilNextBackup()),
  },
  // Service levels: due times kept up to date, "about to be missed"/"missed" emails sent once (lib/mail/worker/service-level-job.ts).
  { name: 'service-levels', pass: async () => (await import('@/lib/mail/worker/service-level-job')).serviceLevelJobPass(getDb()) },
  // Reports' per-ticket figures follow every ticket change (lib/tickets/report-facts.ts; same module).
  { name: 'report-facts', pass: async () => (await import('@/lib/mail/worker/service-level-job')).reportFactsJobPass(getDb()) },
  // Snoozed tickets reopen when their time comes (same module).
  { name: 'snooze', pass: async () => (await import('@/lib/mail/worker/service-level-job')).snoozeJobPass(getDb()) },
  // Tickets on hold too long are reminded about, then closed (Settings → Tickets; same module).
  { name: 'auto-close', pass: async () => (await import('@/lib/mail/worker/service-level-job')).autoCloseJobPass(getDb()) },
];

// The IMAP reader lives here too, over this thread's connection: it stores mail and the inbound job applies it. It
// loads the IMAP client only once a mailbox is configured.
startImapReader(getDb());

// Work committed by another process (the CLI) or missed in a restart is found by this poll at the latest.
const SAFETY_POLL_MS = 1_000;

const schedulers: PickupScheduler[] = jobs.map((job) =>
  createPickupScheduler({
    pass: job.pass,
    pollMs: SAFETY_POLL_MS,
    onError: (error) => console.error(`parley: the ${job.name} job failed a pass and will try again:`, error),
  }),
);

/** From the server: `nudge`, work was committed. To the server: `idle`, the thread is ending for lack of work. */
export type WorkerMessage = 'nudge' | 'idle';
export type WorkerOptions = { idleExitMs: number };

parentPort?.on('message', (message: WorkerMessage) => {
  if (message === 'nudge') for (const scheduler of schedulers) scheduler.nudge();
});

// With nothing to do for `idleExitMs`, the thread ends: its V8 heap and the mail code it loaded are given back. The
// server starts it again as soon as there is work (a nudge, or its own check of the same queries).
// Started without options (as a test may), it never ends by itself.
const idleExitMs = (workerData as Partial<WorkerOptions> | null)?.idleExitMs ?? Infinity;
let lastBusy = Date.now();
const idleCheck = setInterval(() => {
  if (hasBackgroundWork(getDb())) lastBusy = Date.now();
  else if (Date.now() - lastBusy >= idleExitMs) {
    clearInterval(idleCheck);
    for (const scheduler of schedulers) scheduler.stop();
    parentPort?.postMessage('idle' satisfies WorkerMessage);
    process.exit(0);
  }
}, Math.min(1_000, idleExitMs));
