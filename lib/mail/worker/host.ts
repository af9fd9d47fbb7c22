import 'server-only';
import { Worker } from 'node:worker_threads';
import { setOutboxNudge } from '@/lib/mail/outbox-nudge';
import type { WorkerMessage } from '@/lib/mail/worker/thread';

// Starts the background thread (lib/mail/worker/thread.ts, compiled to PARLEY_WORKER_FILE by `npm start`) from the
// server process and wires the nudge to it. A thread that dies is started again; rows it had claimed are retried
// once their claim expires, with the same idempotency key.

const RESTART_DELAY_MS = 1_000;
// The thread's own heap: rendering a big batch must not grow the server process without bound.
const resourceLimits = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 8 };

const holder = globalThis as unknown as { parleyBackgroundWorker?: { worker?: Worker } };

export function startBackgroundWorker(file: string | undefined): void {
  if (holder.parleyBackgroundWorker) return;
  if (!file) {
    console.error('parley: PARLEY_WORKER_FILE is not set, so no email will be sent: start the server with `npm start`.');
    return;
  }
  const state: { worker?: Worker } = {};
  holder.parleyBackgroundWorker = state;
  const post = (message: WorkerMessage) => state.worker?.postMessage(message);

  const spawn = () => {
    const worker = new Worker(file, { resourceLimits, name: 'parley-background' });
    state.worker = worker;
    worker.on('error', (error) => console.error('parley: the background thread crashed:', error));
    worker.on('exit', (code) => {
      if (state.worker !== worker) return;
      state.worker = undefined;
      console.error(`parley: the background thread stopped (code ${code}); starting it again.`);
      setTimeout(spawn, RESTART_DELAY_MS).unref();
    });
  };
  spawn();

  // Nudges come from inside write transactions (better-sqlite3 runs them synchronously): posting from setImmediate
  // sends the message after the commit, once for all the rows a request queued.
  let queued = false;
  setOutboxNudge(() => {
    if (queued) return;
    queued = true;
    setImmediate(() => {
      queued = false;
      post('nudge');
    });
  });
}
