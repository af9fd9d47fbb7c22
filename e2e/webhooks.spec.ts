import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { adminApi, createAdminToken } from './support/admin-api';
import { signIn } from './support/auth';

// Issue 23: a webhook to a local receiver gets a signed reply.created exactly once across a receiver outage: while it
// answers 503 Parley retries with the outbox's backoff (200 ms base here), always with the same webhook-id, and stops
// once the receiver took it.

type Received = { headers: http.IncomingHttpHeaders; body: string; answered: number };

/** A receiver on loopback that answers 503 while `down` is set, and 204 otherwise. */
async function startReceiver() {
  const received: Received[] = [];
  const state = { down: true };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const answered = state.down ? 503 : 204;
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), answered });
      res.writeHead(answered);
      res.end(state.down ? 'down for maintenance' : undefined);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/parley`, received, state, close: () => new Promise((resolve) => server.close(resolve)) };
}

test('a signed reply.created reaches a local receiver exactly once across its outage', async ({ page, request }) => {
  const stamp = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
  const token = createAdminToken(`webhooks ${stamp}`);
  const api = adminApi(request, token);
  const receiver = await startReceiver();
  try {
    // Made through the API: 201 with the secret, shown this once.
    const created = await request.post('/api/v1/webhooks', { headers: { Authorization: `Bearer ${token}` }, data: { url: receiver.url, events: ['reply.created'] } });
    expect(created.status()).toBe(201);
    const { webhook, secret } = (await created.json()) as { webhook: { id: number; url: string; events: string[] }; secret: string };
    expect(secret).toMatch(/^whsec_/);
    expect(webhook).toMatchObject({ url: receiver.url, events: ['reply.created'], active: true });
    const fetched = await request.get(`/api/v1/webhooks/${webhook.id}`, { headers: { Authorization: `Bearer ${token}` } });
    expect(JSON.stringify(await fetched.json())).not.toContain(secret);

    const ticket = await api.createTicket({ subject: `Hooked ${stamp}`, message: 'Tell our CRM.', customer: { email: `hook-${stamp}@example.com` } });
    const reply = (await api.reply(ticket.id, `Webhook reply ${stamp}`)).reply as { id: number };

    // Down: the delivery is tried, refused, and tried again.
    await expect.poll(() => receiver.received.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    receiver.state.down = false;
    await expect.poll(() => receiver.received.filter((r) => r.answered === 204).length, { timeout: 30_000 }).toBe(1);
    // Nothing more comes once it was taken.
    await page.waitForTimeout(3_000);
    expect(receiver.received.filter((r) => r.answered === 204)).toHaveLength(1);

    const ids = new Set(receiver.received.map((r) => r.headers['webhook-id']));
    expect(ids.size).toBe(1);
    for (const delivery of receiver.received) {
      const headers = { 'webhook-id': String(delivery.headers['webhook-id']), 'webhook-timestamp': String(delivery.headers['webhook-timestamp']), 'webhook-signature': String(delivery.headers['webhook-signature']) };
      expect(() => new StandardWebhook(secret).verify(delivery.body, headers)).not.toThrow();
    }
    const body = JSON.parse(receiver.received.at(-1)!.body);
    expect(body).toMatchObject({ type: 'reply.created', data: { ticket: { id: ticket.id }, reply: { id: reply.id, private: false, body: `Webhook reply ${stamp}` } } });

    // The delivery log shows it sent, with the refusals before.
    await signIn(page);
    await page.goto('/admin/webhooks');
    await page.getByRole('link', { name: receiver.url }).click();
    const row = page.getByRole('row').filter({ hasText: 'reply.created' });
    await expect(row.getByText('Sent')).toBeVisible();
    await expect(row.getByText('503').first()).toBeVisible();

    // Deleted through the API: gone.
    expect((await request.delete(`/api/v1/webhooks/${webhook.id}`, { headers: { Authorization: `Bearer ${token}` } })).status()).toBe(204);
    expect((await request.get(`/api/v1/webhooks/${webhook.id}`, { headers: { Authorization: `Bearer ${token}` } })).status()).toBe(404);
  } finally {
    await receiver.close();
  }
});
