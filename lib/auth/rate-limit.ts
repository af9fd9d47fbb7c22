import 'server-only';
import { and, eq, lte, sql } from 'drizzle-orm';
import { rateLimits } from '@/db/schema';
import { getDb } from '@/lib/core/db';
import { getEnv } from '@/lib/core/env';
import { AppError } from '@/lib/core/errors';

// Fixed-window counters per (limit, key), kept in SQLite (table rate_limits) so that every serving process counts
// the same attempts: one atomic upsert per attempt.

const MINUTES = 60_000;

type Limit = { max: number; windowMs: number; refusal: (minutes: number) => string };

const tryAgain = (minutes: number) => `Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;

export const limits = {
  // Sign-in failures, counted both per client address and per account (the email typed, whether or not an agent has
  // it, so the answer does not tell which addresses exist). A success takes its own attempt back from the address
  // and clears only its own account's count (lib/auth/next-auth.ts).
  signInAddress: { max: 10, windowMs: 10 * MINUTES, refusal: (m) => `Too many failed sign-ins from your address. ${tryAgain(m)}` },
  signInAccount: { max: 10, windowMs: 15 * MINUTES, refusal: (m) => `Too many failed sign-ins for this account. ${tryAgain(m)}` },
  // Wrong two-factor or recovery codes, per agent.
  twoFactorCode: { max: 5, windowMs: 15 * MINUTES, refusal: (m) => `Too many wrong codes for this account. ${tryAgain(m)}` },
  publicForm: { max: 20, windowMs: 10 * MINUTES, refusal: (m) => `Too many attempts from your address. ${tryAgain(m)}` },
  linkReply: { max: 60, windowMs: 10 * MINUTES, refusal: (m) => `Too many attempts from your address. ${tryAgain(m)}` },
  // People added through one personal link (the key names the ticket and the link's holder): 10 a day.
  linkAddPerson: { max: 10, windowMs: 24 * 60 * MINUTES, refusal: (m) => `You have added 10 people through this link today. Try again in ${Math.ceil(m / 60)} hour${Math.ceil(m / 60) === 1 ? '' : 's'}, or ask the support team.` },
  // One request per file chosen on a personal link or the public form (up to 10 per message).
  upload: { max: 200, windowMs: 10 * MINUTES, refusal: (m) => `Too many attempts from your address. ${tryAgain(m)}` },
} as const satisfies Record<string, Limit>;

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

/** A refusal by one of the limits: its message says when to try again; `limit` says which one. */
export class RateLimitError extends AppError {
  constructor(
    readonly limit: LimitName,
    readonly minutes: number,
  ) {
    super('rate_limited', limits[limit].refusal(minutes));
  }
}

// Expired windows are deleted at most once a minute per process (keys such as typed emails are unbounded).
let nextSweepAt = 0;

/** Counts one attempt; throws a RateLimitError (429) once the key has used up its window. */
export function consumeRateLimit(name: LimitName, key: string, now = Date.now()): void {
  const { max, windowMs } = limits[name];
  const db = getDb();
  if (now >= nextSweepAt) {
    nextSweepAt = now + MINUTES;
    db.delete(rateLimits).where(lte(rateLimits.resetAt, new Date(now))).run();
  }
  const expired = sql`${rateLimits.resetAt} <= ${now}`;
  const window = db
    .insert(rateLimits)
    .values({ bucket: name, key, count: 1, resetAt: new Date(now + windowMs) })
    .onConflictDoUpdate({
      target: [rateLimits.bucket, rateLimits.key],
      // Both expressions read the row as it was: a window that has run out starts again at this attempt.
      set: {
        count: sql`CASE WHEN ${expired} THEN 1 ELSE ${rateLimits.count} + 1 END`,
        resetAt: sql`CASE WHEN ${expired} THEN excluded.reset_at ELSE ${rateLimits.resetAt} END`,
      },
    })
    .returning({ count: rateLimits.count, resetAt: rateLimits.resetAt })
    .get();
  if (window.count > max) throw new RateLimitError(name, Math.max(1, Math.ceil((window.resetAt.getTime() - now) / MINUTES)));
}

/** Takes one counted attempt back (a sign-in that succeeded is no failure of its address). */
export function forgiveAttempt(name: LimitName, key: string): void {
  getDb()
    .update(rateLimits)
    .set({ count: sql`max(${rateLimits.count} - 1, 0)` })
    .where(and(eq(rateLimits.bucket, name), eq(rateLimits.key, key)))
    .run();
}

/** Forgets a key's count, e.g. an account's failures after it signed in. */
export function resetRateLimit(name: LimitName, key: string): void {
  getDb()
    .delete(rateLimits)
    .where(and(eq(rateLimits.bucket, name), eq(rateLimits.key, key)))
    .run();
}
