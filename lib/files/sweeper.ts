import 'server-only';
import { sweepAttachmentFiles } from '@/lib/files/store';

// Runs the sweep of unreferenced attachment files inside the server process — the process whose requests store
// files, so a sweep's check-and-delete of one file can never interleave with a request placing that same file.

const FIRST_SWEEP_MS = 60_000;
const SWEEP_EVERY_MS = 60 * 60_000;

let started = false;

export function startAttachmentSweeper(): void {
  if (started) return;
  started = true;
  const run = () => {
    sweepAttachmentFiles()
      .then((deleted) => {
        if (deleted > 0) console.log(`parley: swept ${deleted} unreferenced attachment file(s)`);
      })
      .catch((error) => console.error('parley: the attachment sweep failed:', error));
  };
  setTimeout(run, FIRST_SWEEP_MS).unref();
  setInterval(run, SWEEP_EVERY_MS).unref();
}
