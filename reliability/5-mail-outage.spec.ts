import { expect, test } from '@playwright/test';
import { openReadOnly } from './support/db';
import { appDatabasePath, appUrl, captureUrl } from './support/env';
import { printFigure } from './support/figures';
import { api } from './support/http';
import { captured, deliveries, failuresLeft, setOutage, waitForDrain, type OutboxRow } from './support/outbox';
import { readWorld } from './support/world';

// A mail-provider outage: the loopback stand-in for Resend first cuts connections, then answers 500, then accepts
// messages but loses its answers, then recovers. Every notification queued meanwhile is delivered exactly once.

test('mail outage: every notification delivered exactly once', async () => {
  const w = readWorld();
  const adminApi = (method: string, path: string, data?: unknown) => api(appUrl, w.adminToken, method, path, data);
  const db = openReadOnly(appDatabasePath);
  await waitForDrain(db);
  const firstId = (db.prepare('select coalesce(max(id), 0) from outbox').pluck().get() as number) + 1;

  const unique = Date.now().toString(36);
  const { ticket } = (await adminApi('POST', '/api/v1/tickets', { subject: `Outage ${unique}`, message: 'Hello', customer: { email: `outage-${unique}@example.test` } })) as { ticket: { id: number } };
  for (let i = 0; i < 3; i++) await adminApi('POST', `/api/v1/tickets/${ticket.id}/participants`, { email: `outage-guest-${i}-${unique}@example.test` });
  const replies = async (phase: string) => {
    for (let i = 0; i < 8; i++) await adminApi('POST', `/api/v1/tickets/${ticket.id}/replies`, { message: `${phase} reply ${i}` });
  };

  for (const [phase, outage] of [
    ['unreachable', { failures: 12, drop: true }],
    ['failing', { failures: 20, status: 503 }],
    ['lost answers', { failures: 12, loseResponse: true }],
  ] as const) {
    await setOutage(captureUrl, outage);
    await replies(phase);
    await expect.poll(() => failuresLeft(captureUrl), { timeout: 60_000, message: `the ${phase} phase used up its failures` }).toBe(0);
  }
  await waitForDrain(db);

  const rows = db.prepare('select * from outbox where id >= ? order by id').all(firstId) as OutboxRow[];
  const failed = rows.filter((row) => row.status !== 'sent').map((row) => `${row.id} ${row.status}`);
  const { missing, duplicated, retried } = deliveries(rows, await captured(captureUrl));
  db.close();
  printFigure('mail outage', `${rows.length} notifications through 44 failed sends (unreachable, 503, lost answers), ${rows.length - missing.length - duplicated.length} delivered once, ${missing.length} missing, ${duplicated.length} twice, ${failed.length} not sent, ${retried} retried`);
  expect(rows.length).toBeGreaterThan(44);
  expect(failed).toEqual([]);
  expect(missing).toEqual([]);
  expect(duplicated).toEqual([]);
});
