// The loop both mail workers run in the background: a pass now, then again when work falls due (at the latest after
// POLL_MS), at once when nudged, never two passes at the same time. A failed pass is logged and tried again.

const POLL_MS = 2_000;

type LoopState = { timer?: NodeJS.Timeout; running: boolean; again: boolean };

export function startWorkerLoop({
  name,
  pass,
  msUntilNextDue,
  setNudge,
}: {
  name: string;
  pass: () => Promise<unknown>;
  // Milliseconds until the next piece of work falls due, or null when none is waiting.
  msUntilNextDue: () => number | null;
  setNudge: (nudge: () => void) => void;
}): void {
  const state: LoopState = { running: false, again: false };
  const schedule = (delay: number) => {
    clearTimeout(state.timer);
    state.timer = setTimeout(tick, delay);
  };
  async function tick() {
    if (state.running) {
      state.again = true;
      return;
    }
    state.running = true;
    state.again = false;
    let delay = POLL_MS;
    try {
      await pass();
      delay = Math.min(POLL_MS, msUntilNextDue() ?? POLL_MS);
    } catch (error) {
      console.error(`parley: the ${name} failed a pass and will try again:`, error);
    } finally {
      state.running = false;
    }
    schedule(state.again ? 0 : delay);
  }
  // A short delay lets the enqueuing transaction commit first, and gathers several events' work into one pass.
  setNudge(() => {
    if (state.running) state.again = true;
    else schedule(25);
  });
  schedule(0);
}
