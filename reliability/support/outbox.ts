// The outbox as the database holds it, and what the capture server (the stand-in for Resend) received.
import type Database from 'better-sqlite3';
import { expect } from '@playwright/test';
import { send } from './http';

export type OutboxRow = { id: number; status: string; created_at: number; to_email: string; payload: string; next_attempt_at: number };
export type Captured = { idempotencyKey: string | null; attempts: number; body: { to: string | string[]; subject: string } };

/** The Idempotency-Key the app sends for a row (lib/mail/headers.ts), which Resend deduplicates on. */
export const keyOf = (row: Pick<OutboxRow, 'id' | 'created_at'>) => `parley-outbox-${row.id}-${row.created_at}`;

export async function captured(captureUrl: string): Promise<Captured[]> {
  return (JSON.parse((await send(captureUrl, { path: '/__messages' })).body) as { messages: Captured[] }).messages;
}

export async function setOutage(captureUrl: string, outage: Record<string, unknown>) {
  const reply = await send(captureUrl, { method: 'POST', path: '/__outage', headers: { 'content-type': 'application/json' }, body: JSON.stringify(outage) });
  expect(reply.status).toBe(200);
}

export async function failuresLeft(captureUrl: string): Promise<number> {
  return (JSON.parse((await send(captureUrl, { path: '/__outage' })).body) as { failuresLeft: number }).failuresLeft;
}

/** Waits until no outbox row is pending (every email sent or failed for good). */
export async function waitForDrain(db: Database.Database, timeout = 180_000) {
  await expect
    .poll(() => db.prepare("select count(*) from outbox where status = 'pending'").pluck().get(), { timeout, intervals: [250, 500, 1000], message: 'emails still pending' })
    .toBe(0);
}

/**
 * For each row: how many distinct messages the provider kept under its key. Exactly once means one message per
 * row (retries of a row reuse its key, so the provider keeps one), and no row missing.
 */
export function deliveries(rows: OutboxRow[], messages: Captured[]) {
  const byKey = new Map<string, Captured[]>();
  for (const message of messages) if (message.idempotencyKey) byKey.set(message.idempotencyKey, [...(byKey.get(message.idempotencyKey) ?? []), message]);
  const missing = rows.filter((row) => (byKey.get(keyOf(row)) ?? []).length === 0).map((row) => row.id);
  const duplicated = rows.filter((row) => (byKey.get(keyOf(row)) ?? []).length > 1).map((row) => row.id);
  const retried = rows.filter((row) => (byKey.get(keyOf(row))?.[0]?.attempts ?? 0) > 1).length;
  return { missing, duplicated, retried };
}
