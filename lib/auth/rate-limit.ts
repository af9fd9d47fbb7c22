import 'server-only';
import { getEnv } from '@/lib/core/env';
import { AppError } from '@/lib/core/errors';

// Fixed-window counters per (bucket, client address), in memory: Parley is one process.
type Window = { count: number; resetAt: number };
const windows = new Map<string, Window>();

export const limits = {
  signIn: { max: 10, windowMs: 10 * 60_000 },
  publicForm: { max: 20, windowMs: 10 * 60_000 },
  linkReply: { max: 60, windowMs: 10 * 60_000 },
  // One request per file chosen on a personal link or the public form (up to 10 per message).
  upload: { max: 200, windowMs: 10 * 60_000 },
} as const;

export type LimitName = keyof typeof limits;

/**
 * The caller's address: the TCP peer recorded by scripts/server.mjs (clients cannot set it), or the first
 * X-Forwarded-For entry when TRUST_PROXY says a reverse proxy in front of Parley sets that header.
 */
export function clientAddress(headers: Headers): string {
  if (getEnv().TRUST_PROXY) {
    const forwarded = headers.get('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  return headers.get('x-parley-peer') ?? 'unknown';
}

/** Counts one attempt; throws a 429 AppError once the address has used up its window. */
export function consumeRateLimit(name: LimitName, address: string, now = Date.now()): void {
  const { max, windowMs } = limits[name];
  const key = `${name}:${address}`;
  let window = windows.get(key);
  if (!window || window.resetAt <= now) {
    window = { count: 0, resetAt: now + windowMs };
    windows.set(key, window);
  }
  window.count += 1;
  if (window.count > max) {
    const minutes = Math.ceil((window.resetAt - now) / 60_000);
    throw new AppError('rate_limited', `Too many attempts from your address. Try again in ${minutes} minute(s).`);
  }
  if (windows.size > 10_000) {
    for (const [k, w] of windows) if (w.resetAt <= now) windows.delete(k);
  }
}

/** Forgets an address's count, e.g. after a successful sign-in. */
export function resetRateLimit(name: LimitName, address: string): void {
  windows.delete(`${name}:${address}`);
}
