import { describe, expect, it } from 'vitest';
import { createPickupScheduler, type Timers } from '@/lib/mail/worker/pickup-scheduler';

// The background thread's clock, driven by hand: what matters is the order of events, not wall time.
function fakeClock() {
  let now = 0;
  let seq = 0;
  const pending = new Map<number, { at: number; fn: () => void }>();
  const timers: Timers = {
    setTimeout: (fn, ms) => (pending.set(++seq, { at: now + ms, fn }), seq),
    clearTimeout: (handle) => pending.delete(handle as number),
    now: () => now,
  };
  /** Moves the clock forward to `until`, firing timers in order (and letting each pass's promise settle). */
  async function advanceTo(until: number) {
    for (;;) {
      const next = [...pending.entries()].sort((a, b) => a[1].at - b[1].at)[0];
      if (!next || next[1].at > until) break;
      pending.delete(next[0]);
      now = next[1].at;
      next[1].fn();
      await new Promise((resolve) => setImmediate(resolve));
    }
    now = until;
  }
  return { timers, advanceTo };
}

describe('the pick-up scheduler', () => {
  it('is not starved by a steady stream of nudges: the pick-up they asked for still happens', async () => {
    const clock = fakeClock();
    const passes: number[] = [];
    const scheduler = createPickupScheduler({ pass: async () => (passes.push(clock.timers.now()), null), pollMs: 1_000, nudgeDelayMs: 25, timers: clock.timers });
    await clock.advanceTo(0);
    expect(passes).toEqual([0]);

    // A nudge every 5 ms, each of which would have postponed a "25 ms from now" timer forever.
    for (let t = 100; t <= 400; t += 5) {
      await clock.advanceTo(t);
      scheduler.nudge();
    }
    expect(passes.filter((at) => at > 0 && at <= 400).length).toBeGreaterThanOrEqual(10);
    expect(passes[1]).toBe(125);
    scheduler.stop();
  });

  it('runs again straight after a pass during which a nudge came, and polls when nothing happens', async () => {
    const clock = fakeClock();
    const passes: number[] = [];
    let nudgeDuringPass: (() => void) | undefined;
    const scheduler = createPickupScheduler({
      pass: async () => {
        passes.push(clock.timers.now());
        nudgeDuringPass?.();
        nudgeDuringPass = undefined;
        return null;
      },
      pollMs: 1_000,
      timers: clock.timers,
    });
    await clock.advanceTo(500);
    nudgeDuringPass = () => scheduler.nudge();
    scheduler.nudge();
    await clock.advanceTo(500);
    expect(passes).toEqual([0, 500, 500]);
    await clock.advanceTo(2_600);
    expect(passes).toEqual([0, 500, 500, 1_500, 2_500]);
    scheduler.stop();
  });

  it('wakes when the next known work falls due, and keeps going after a failed pass', async () => {
    const clock = fakeClock();
    const passes: number[] = [];
    const errors: unknown[] = [];
    const results: Array<() => number | null> = [() => 300, () => { throw new Error('disk full'); }, () => null];
    const scheduler = createPickupScheduler({
      pass: async () => (passes.push(clock.timers.now()), (results.shift() ?? (() => null))()),
      pollMs: 1_000,
      timers: clock.timers,
      onError: (error) => errors.push(error),
    });
    await clock.advanceTo(2_400);
    expect(passes).toEqual([0, 300, 1_300, 2_300]);
    expect(errors).toHaveLength(1);
    scheduler.stop();
  });
});
