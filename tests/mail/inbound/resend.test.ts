import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboundMessages } from '@/db/schema';
import { getDb } from '@/lib/core/db';
import { AppError } from '@/lib/core/errors';
import { receiveResendWebhook } from '@/lib/mail/inbound/resend';

// The real resend SDK against a loopback stand-in for Resend's receiving API (RESEND_BASE_URL).
const secret = `whsec_${Buffer.from('inbound-webhook-secret-0123456789').toString('base64')}`;
const raw = 'From: Ann <ann@example.test>\r\nTo: support@inbound.parley.test\r\nSubject: Hello\r\nMessage-ID: <resend-1@example.test>\r\n\r\nHi!';
const partsOnly = {
  object: 'email',
  id: 'em_parts',
  from: 'Bea <bea@example.test>',
  to: ['support@inbound.parley.test'],
  cc: ['carl@example.test'],
  bcc: null,
  reply_to: null,
  received_for: ['support@inbound.parley.test'],
  subject: 'Parts only',
  message_id: '<parts-1@example.test>',
  created_at: '2026-11-20T10:00:00.000Z',
  text: 'Rebuilt from parts.',
  html: '<p>Rebuilt from <b>parts</b>.</p>',
  // The original's own MIME headers describe a body that is not there any more: they must not survive the rebuild.
  headers: { 'In-Reply-To': '<ticket-thread@example.test>', 'X-Mailer': 'Bea Mail 1.0', 'Content-Type': 'multipart/mixed; boundary=gone', 'MIME-Version': '1.0' },
  raw: null,
  attachments: [],
};
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
    if (req.url === '/emails/receiving/em_parts') {
      // No raw copy: the message comes as its parts, which Parley rebuilds into one RFC 822 message.
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify(partsOnly));
    }
    if (req.url === '/emails/receiving/em_raw_fails') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ object: 'email', id: 'em_raw_fails', raw: { download_url: `${base}/raw/broken` }, attachments: [] }));
    }
    if (req.url === '/raw/broken') {
      res.writeHead(500);
      return res.end();
    }
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

  it('rebuilds a message Resend offers no raw copy of from its parts, keeping its own headers but not the MIME ones', async () => {
    const delivery = signed(event('em_parts'));
    expect(await receiveResendWebhook(getDb(), delivery.payload, delivery.headers)).toMatchObject({ stored: true });
    const row = getDb().select().from(inboundMessages).where(eq(inboundMessages.sourceId, 'em_parts')).get()!;
    expect(row).toMatchObject({ source: 'resend', messageId: 'parts-1@example.test', fromEmail: 'bea@example.test' });
    const parsed = await simpleParser(row.raw);
    expect(parsed.subject).toBe('Parts only');
    expect(parsed.text?.trim()).toBe('Rebuilt from parts.');
    expect(parsed.html).toContain('<b>parts</b>');
    expect(parsed.inReplyTo).toBe('<ticket-thread@example.test>');
    expect(parsed.headers.get('x-mailer')).toBe('Bea Mail 1.0');
    expect(parsed.date?.toISOString()).toBe('2026-11-20T10:00:00.000Z');
    expect([parsed.cc].flat().flatMap((a) => a?.value.map((v) => v.address))).toEqual(['carl@example.test']);
    expect(row.raw.toString()).not.toContain('boundary=gone');
  });

  it('answers 503 (so Resend retries) when the email or its raw copy cannot be fetched, and ignores other events', async () => {
    const before = getDb().select().from(inboundMessages).all().length;
    const missing = signed(event('em_missing'));
    expect(await statusOf(receiveResendWebhook(getDb(), missing.payload, missing.headers))).toBe(503);
    const rawFails = signed(event('em_raw_fails'));
    expect(await statusOf(receiveResendWebhook(getDb(), rawFails.payload, rawFails.headers))).toBe(503);
    expect(getDb().select().from(inboundMessages).all()).toHaveLength(before);
    const other = signed({ type: 'email.delivered', created_at: new Date().toISOString(), data: {} });
    expect(await receiveResendWebhook(getDb(), other.payload, other.headers)).toMatchObject({ stored: false, ignored: 'event email.delivered' });
  });
});
