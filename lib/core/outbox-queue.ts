// A wake-up call from the code that writes outbox rows to the worker that sends them. It lives on globalThis
// because Next bundles instrumentation (which starts the worker) and routes (which enqueue) separately.

const holder = globalThis as unknown as { parleyOutboxNudge?: () => void };

export function setOutboxNudge(nudge: () => void): void {
  holder.parleyOutboxNudge = nudge;
}

/** Asks the worker to look for due rows soon. Called inside a write transaction, it takes effect after the commit. */
export function nudgeOutboxWorker(): void {
  holder.parleyOutboxNudge?.();
}
