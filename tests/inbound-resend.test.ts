import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboundMessages } from '@/db/schema';
import { getDb } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { receiveResendWebhook } from '@/lib/mail/inbound/resend';

// The real resend SDK against a loopback stand-in for Resend's receiving API (RESEND_BASE_URL).
const secret = `whsec_${Buffer.from('inbound-webhook-secret-0123456789').toString('base64')}`;
const raw = 'From: Ann <ann@example.test>\r\nTo: support@inbound.parley.test\r\nSubject: Hello\r\nMessage-ID: <resend-1@example.test>\r\n\r\nHi!';
let server: http.Server;
let fetches = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    if (req.url === '/emails/receiving/em_1') {
      fetches += 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ object: 'email', id: 'em_1', raw: { download_url: `${base}/raw/em_1` }, attachments: [] }));
    }
    if (req.url === '/raw/em_1') return res.end(raw);
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ name: 'not_found', message: 'nope', statusCode: 404 }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.env.RESEND_BASE_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.RESEND_API_KEY = 're_test';
  process.env.RESEND_WEBHOOK_SECRET = secret;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function signed(body: object, at = new Date(), key = secret) {
  const payload = JSON.stringify(body);
  const id = `msg_${Math.random().toString(36).slice(2)}`;
  return { payload, headers: { id, timestamp: String(Math.floor(at.getTime() / 1000)), signature: new Webhook(key).sign(id, at, payload) } };
}

const event = (emailId: string) => ({ type: 'email.received', created_at: new Date().toISOString(), data: { email_id: emailId } });

async function statusOf(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return 200;
  } catch (error) {
    if (error instanceof AppError) return error.status;
    throw error;
  }
}

describe('Resend inbound webhook', () => {
  it('stores the fetched raw message once, however often the webhook is delivered', async () => {
    const first = signed(event('em_1'));
    expect(await receiveResendWebhook(getDb(), first.payload, first.headers)).toMatchObject({ stored: true });
    const again = signed(event('em_1'));
    expect(await receiveResendWebhook(getDb(), again.payload, again.headers)).toMatchObject({ stored: false });
    const rows = getDb().select().from(inboundMessages).where(eq(inboundMessages.sourceId, 'em_1')).all();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ source: 'resend', messageId: 'resend-1@example.test', fromEmail: 'ann@example.test' });
    expect(rows[0].raw.toString()).toBe(raw);
  });

  it('refuses a bad signature, a missing one and a stale timestamp with 401, storing nothing', async () => {
    const before = getDb().select().from(inboundMessages).all().length;
    const good = signed(event('em_1'));
    expect(await statusOf(receiveResendWebhook(getDb(), good.payload.replace('em_1', 'em_2'), good.headers))).toBe(401);
    const otherKey = signed(event('em_1'), new Date(), `whsec_${Buffer.from('another-secret-another-secret-01').toString('base64')}`);
    expect(await statusOf(receiveResendWebhook(getDb(), otherKey.payload, otherKey.headers))).toBe(401);
    expect(await statusOf(receiveResendWebhook(getDb(), good.payload, { ...good.headers, signature: '' }))).toBe(401);
    const stale = signed(event('em_1'), new Date(Date.now() - 6 * 60_000));
    expect(await statusOf(receiveResendWebhook(getDb(), stale.payload, stale.headers))).toBe(401);
    expect(getDb().select().from(inboundMessages).all()).toHaveLength(before);
  });

  it('answers 503 (so Resend retries) when the email cannot be fetched, and ignores other events', async () => {
    const missing = signed(event('em_missing'));
    expect(await statusOf(receiveResendWebhook(getDb(), missing.payload, missing.headers))).toBe(503);
    const other = signed({ type: 'email.delivered', created_at: new Date().toISOString(), data: {} });
    expect(await receiveResendWebhook(getDb(), other.payload, other.headers)).toMatchObject({ stored: false, ignored: 'event email.delivered' });
  });
});
