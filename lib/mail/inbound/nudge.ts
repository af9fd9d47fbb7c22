// A wake-up call from intake to the inbound worker, on globalThis for the same reason as the outbox's nudge:
// Next bundles instrumentation (which starts the worker) and route handlers (which store messages) separately.

const holder = globalThis as unknown as { parleyInboundNudge?: () => void };

export function setInboundNudge(nudge: () => void): void {
  holder.parleyInboundNudge = nudge;
}

export function nudgeInboundWorker(): void {
  holder.parleyInboundNudge?.();
}
