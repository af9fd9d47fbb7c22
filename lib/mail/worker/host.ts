import 'server-only';
import { Worker } from 'node:worker_threads';
import { setOutboxNudge } from '@/lib/core/outbox-queue';
import { hasBackgroundWork } from '@/lib/mail/worker/due';
import type { WorkerMessage, WorkerOptions } from '@/lib/mail/worker/thread';

// Runs the background thread (lib/mail/worker/thread.ts, compiled to PARLEY_WORKER_FILE by `npm start`) while there
// is background work: it is started by a nudge (a commit that may have queued mail), or by this server's own check
// of the queues every CHECK_MS (work committed by another process, retries falling due, a mailbox configured), and
// it ends itself after a spell without work, so an idle server does not carry its memory. A thread that dies is
// started again; rows it had claimed are retried once their claim expires, with the same idempotency key.

const RESTART_DELAY_MS = 1_000;
const CHECK_MS = 2_000;
const IDLE_EXIT_MS = 30_000;
// The thread's own heap: rendering a big batch must not grow the server process without bound.
const resourceLimits = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 8 };

const holder = globalThis as unknown as { parleyBackgroundWorker?: object };

export function startBackgroundWorker(file: string | undefined, { idleExitMs = IDLE_EXIT_MS, checkMs = CHECK_MS } = {}): void {
  if (holder.parleyBackgroundWorker) return;
  if (!file) {
    console.error('parley: PARLEY_WORKER_FILE is not set, so no email will be sent: start the server with `npm start`.');
    return;
  }
  const state: { worker?: Worker; ending: boolean } = { ending: false };
  holder.parleyBackgroundWorker = state;

  const spawn = () => {
    const worker = new Worker(file, { resourceLimits, name: 'parley-background', workerData: { idleExitMs } satisfies WorkerOptions });
    state.worker = worker;
    state.ending = false;
    worker.on('message', (message: WorkerMessage) => {
      if (message === 'idle') state.ending = true;
    });
    worker.on('error', (error) => console.error('parley: the background thread crashed:', error));
    worker.on('exit', (code) => {
      if (state.worker !== worker) return;
      state.worker = undefined;
      if (state.ending && code === 0) {
        // A nudge that came while it was ending found no one: the queues say whether one is needed.
        startIfWork();
        return;
      }
      console.error(`parley: the background thread stopped (code ${code}); starting it again.`);
      setTimeout(() => state.worker ?? spawn(), RESTART_DELAY_MS).unref();
    });
  };

  function startIfWork() {
    if (state.worker) return;
    try {
      if (hasBackgroundWork()) spawn();
    } catch (error) {
      console.error('parley: could not check for background work:', error);
    }
  }
  startIfWork();
  setInterval(startIfWork, checkMs).unref();

  // Nudges come from inside write transactions (better-sqlite3 runs them synchronously): posting from setImmediate
  // sends the message after the commit, once for all the rows a request queued.
  let queued = false;
  setOutboxNudge(() => {
    if (queued) return;
    queued = true;
    setImmediate(() => {
      queued = false;
      if (!state.worker) spawn();
      else if (!state.ending) state.worker.postMessage('nudge' satisfies WorkerMessage);
    });
  });
}
