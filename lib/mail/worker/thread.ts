// The background thread's entry (compiled by scripts/build-worker.ts, started by lib/mail/worker/host.ts). It opens its
// own SQLite connection (WAL lets it write beside the server's) and runs the background jobs, so rendering and
// sending mail never block a request.
//
// Adding a job: append it to `jobs` below. Its `pass` handles what is
// waiting and returns the milliseconds until its next known work (null: none known, the safety poll covers it). The
// server wakes every job with one nudge after each commit that may have queued work (lib/mail/outbox-nudge.ts).
import { parentPort } from 'node:worker_threads';
import { getDb } from '@/lib/db';
import { startImapReader } from '@/lib/mail/inbound/imap';
import { msUntilNextInbound, processInboundBatch } from '@/lib/mail/inbound/processor';
import { deliverDueMessages, msUntilNextDue } from '@/lib/mail/outbox-worker';
import { createPickupScheduler, type PickupScheduler } from '@/lib/mail/worker/pickup-scheduler';
import { processLinkRequests } from '@/lib/ticket-portal';

type BackgroundJob = { name: string; pass: () => Promise<number | null> };

const jobs: BackgroundJob[] = [
  {
    name: 'outbox',
    pass: async () => {
      // Queued "email me a fresh link" requests are looked up first, so the links they send go out in this pass.
      processLinkRequests();
      await deliverDueMessages();
      return msUntilNextDue();
    },
  },
  {
    // Inbound mail stored by the webhook, the IMAP reader or the pipe command, applied once each.
    name: 'inbound',
    pass: async () => {
      await processInboundBatch(getDb());
      return msUntilNextInbound(getDb());
    },
  },
];

// The IMAP reader lives here too, over this thread's connection: it stores mail and the inbound job applies it.
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

export type WorkerMessage = 'nudge';

parentPort?.on('message', (message: WorkerMessage) => {
  if (message === 'nudge') for (const scheduler of schedulers) scheduler.nudge();
});
