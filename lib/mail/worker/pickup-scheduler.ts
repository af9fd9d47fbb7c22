// When the background thread looks for work: at once after a nudge, again as soon as the earliest pending row falls
// due, and at least every `pollMs` as a safety net. A nudge only ever brings a pick-up forward, never pushes an
// already scheduled one back, so a steady stream of nudges cannot starve the queue; nudges that arrive during a pass
// make it run again straight after.

export type Timers = {
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
  now: () => number;
};

export type PickupScheduler = {
  /** Work was committed: look for it soon (after `nudgeDelayMs`, unless a pick-up is already due sooner). */
  nudge(): void;
  stop(): void;
};

const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  now: () => Date.now(),
};

/**
 * Runs `pass` (which handles everything due and returns the milliseconds until the next known work, or null) on that
 * schedule, one pass at a time. The first pass starts at once.
 */
export function createPickupScheduler({
  pass,
  pollMs,
  nudgeDelayMs = 0,
  timers = realTimers,
  onError = (error) => console.error('parley: a background pass failed and will be tried again:', error),
}: {
  pass: () => Promise<number | null>;
  pollMs: number;
  nudgeDelayMs?: number;
  timers?: Timers;
  onError?: (error: unknown) => void;
}): PickupScheduler {
  let timer: unknown;
  let dueAt = Infinity;
  let running = false;
  let again = false;
  let stopped = false;

  /** Schedules a pick-up in `delay` ms unless one is already scheduled at or before then. */
  function wakeIn(delay: number) {
    if (stopped) return;
    const at = timers.now() + delay;
    if (timer !== undefined && dueAt <= at) return;
    if (timer !== undefined) timers.clearTimeout(timer);
    dueAt = at;
    timer = timers.setTimeout(tick, delay);
  }

  async function tick() {
    timer = undefined;
    dueAt = Infinity;
    running = true;
    again = false;
    let next = pollMs;
    try {
      next = Math.min(pollMs, (await pass()) ?? pollMs);
    } catch (error) {
      onError(error);
    } finally {
      running = false;
    }
    wakeIn(again ? 0 : next);
  }

  wakeIn(0);
  return {
    nudge() {
      if (running) again = true;
      else wakeIn(nudgeDelayMs);
    },
    stop() {
      stopped = true;
      if (timer !== undefined) timers.clearTimeout(timer);
      timer = undefined;
    },
  };
}
