import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeTransport, MailSendError, sendEmail, type OutgoingEmail } from '@/lib/mail/send';

// SMTP_URL sends through a real SMTP server (smtp-server on loopback).
const received: { from: string; to: string[]; raw: Buffer }[] = [];
let refuseNext = 0;
let server: SMTPServer;

beforeAll(async () => {
  server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    disableReverseLookup: true,
    logger: false,
    onRcptTo(address, _session, callback) {
      if (refuseNext > 0) {
        refuseNext -= 1;
        const error = Object.assign(new Error('5.1.1 No such user'), { responseCode: 550 });
        return callback(error);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  process.env.SMTP_URL = `smtp://127.0.0.1:${port}?ignoreTLS=true`;
});
afterAll(() => new Promise<void>((resolve) => (server.server.listening ? server.close(() => resolve()) : resolve())));

const email: OutgoingEmail = {
  outboxId: 5,
  from: 'Parley <support@localhost>',
  to: 'carol@acme.test',
  subject: '[PAR-1001] Re: Invoices',
  html: '<p>Hello</p>',
  text: 'Hello',
  replyTo: 'reply+1-c2-0123456789abcdef0123@inbound.parley.test',
  headers: { 'Message-ID': '<outbox-5.1.0123456789abcdef0123@localhost>', 'In-Reply-To': '<ticket-1.x@localhost>', 'Auto-Submitted': 'auto-generated' },
  links: [],
};

describe('sending through SMTP_URL', () => {
  it('is used when no RESEND_API_KEY is set, with the row’s Message-ID, Reply-To and headers, the same on a retry', async () => {
    expect(activeTransport()).toBe('smtp');
    const first = await sendEmail(email, { idempotencyKey: 'k' });
    const retry = await sendEmail(email, { idempotencyKey: 'k' });
    expect(first).toEqual({ providerId: '<outbox-5.1.0123456789abcdef0123@localhost>', transport: 'smtp' });
    expect(retry).toEqual(first);
    const [a, b] = await Promise.all(received.slice(-2).map((m) => simpleParser(m.raw)));
    expect(a.messageId).toBe('<outbox-5.1.0123456789abcdef0123@localhost>');
    expect(b.messageId).toBe(a.messageId);
    expect(a.replyTo?.text).toBe(email.replyTo);
    expect(a.headers.get('auto-submitted')).toBe('auto-generated');
    expect(a.inReplyTo).toBe('<ticket-1.x@localhost>');
    expect(received.at(-1)!.to).toEqual(['carol@acme.test']);
  });

  it('a 5xx refusal is permanent (not retried)', async () => {
    refuseNext = 1;
    const refused = await sendEmail(email, { idempotencyKey: 'k' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(MailSendError);
    expect((refused as MailSendError).permanent).toBe(true);
  });

  it('a server that cannot be reached is a temporary failure (retried)', async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const down = await sendEmail(email, { idempotencyKey: 'k' }).catch((e: unknown) => e);
    expect(down).toBeInstanceOf(MailSendError);
    expect((down as MailSendError).permanent).toBe(false);
  });
});
