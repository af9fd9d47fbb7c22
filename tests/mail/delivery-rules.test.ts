import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  replyAddress,
  signAccessToken,
  signRecipientToken,
  tokenFromReplyAddress,
  verifyAccessToken,
  verifyRecipientToken,
  type RecipientClaims,
} from '@/lib/participants/links';
import { idempotencyKeyFor, messageIdFor, notificationHeaders, senderDomain, threadIdFor, verifyParleyMessageId } from '@/lib/mail/headers';

import { MAX_RETRY_DELAY_MS, MAX_SEND_ATTEMPTS, retryDelayMs, shouldRetry } from '@/lib/mail/retry';

const secret = 'recipient-token-secret-recipient-token-secret';
const claims: RecipientClaims = { ticketId: 1042, recipient: { kind: 'participant', id: 77 }, version: 3 };

describe('retry backoff', () => {
  it('doubles from the base delay and is capped at an hour', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, 10_000))).toEqual([10_000, 20_000, 40_000, 80_000]);
    expect(retryDelayMs(9, 10_000)).toBe(2_560_000);
    expect(retryDelayMs(10, 10_000)).toBe(MAX_RETRY_DELAY_MS);
    expect(retryDelayMs(60, 10_000)).toBe(MAX_RETRY_DELAY_MS);
    expect(retryDelayMs(1, 50)).toBe(50);
  });

  it('retries transient errors up to the attempt limit, permanent ones never', () => {
    expect(shouldRetry({ attempts: 1, permanent: false })).toBe(true);
    expect(shouldRetry({ attempts: MAX_SEND_ATTEMPTS - 1, permanent: false })).toBe(true);
    expect(shouldRetry({ attempts: MAX_SEND_ATTEMPTS, permanent: false })).toBe(false);
    expect(shouldRetry({ attempts: 1, permanent: true })).toBe(false);
  });
});

describe('recipient tokens (Reply-To and unsubscribe)', () => {
  it('round-trips for each purpose and kind of recipient', () => {
    for (const kind of ['agent', 'customer', 'participant'] as const) {
      const c: RecipientClaims = { ticketId: 5, recipient: { kind, id: 9 }, version: 12 };
      expect(verifyRecipientToken('reply-address', signRecipientToken('reply-address', c, secret), secret)).toEqual(c);
      expect(verifyRecipientToken('unsubscribe', signRecipientToken('unsubscribe', c, secret), secret)).toEqual(c);
    }
  });

  it('fits a 64-character local part even with the largest ids', () => {
    const big: RecipientClaims = { ticketId: 9_999_999_999, recipient: { kind: 'participant', id: 9_999_999_999 }, version: 9_999_999_999 };
    const address = replyAddress(signRecipientToken('reply-address', big, secret), 'inbound.example.com');
    expect(address.split('@')[0].length).toBeLessThanOrEqual(64);
    expect(address).toMatch(/^reply\+[0-9a-z-]+@inbound\.example\.com$/);
  });

  it('survives a mail system that changes the case of the address', () => {
    const token = signRecipientToken('reply-address', claims, secret);
    expect(verifyRecipientToken('reply-address', token.toUpperCase(), secret)).toEqual(claims);
    // An unsubscribe path or a header value may carry stray whitespace around the token.
    expect(verifyRecipientToken('unsubscribe', ` ${signRecipientToken('unsubscribe', claims, secret)}\n`, secret)).toEqual(claims);
    expect(tokenFromReplyAddress(`REPLY+${token.toUpperCase()}@Inbound.Example.com`)).toBe(token.toUpperCase());
    expect(tokenFromReplyAddress('support@example.com')).toBeNull();
  });

  it('reads a token only from an address that starts with reply+', () => {
    const token = signRecipientToken('reply-address', claims, secret);
    expect(tokenFromReplyAddress(` reply+${token}@inbound.example.com `)).toBe(token);
    for (const other of [`noreply+${token}@inbound.example.com`, `xreply+${token}@inbound.example.com`, `"reply+${token}"@inbound.example.com`, `reply+@inbound.example.com`]) {
      expect(tokenFromReplyAddress(other)).toBeNull();
    }
  });

  it('refuses anything before or after a well-formed token', () => {
    const token = signRecipientToken('reply-address', claims, secret);
    for (const padded of [`x${token}`, `-${token}`, `${token}x`, `${token}-`, `1${token}`]) {
      expect(verifyRecipientToken('reply-address', padded, secret)).toBeNull();
    }
  });

  it('refuses tampering, another ticket or recipient, another secret, and the other purpose', () => {
    const token = signRecipientToken('reply-address', claims, secret);
    const [ticket, recipient, mac] = token.split('-');
    expect(verifyRecipientToken('reply-address', `1043-${recipient}-${mac}`, secret)).toBeNull();
    expect(verifyRecipientToken('reply-address', `${ticket}-p78-${mac}`, secret)).toBeNull();
    expect(verifyRecipientToken('reply-address', `${ticket}-c77-${mac}`, secret)).toBeNull();
    const flipped = mac.slice(0, -1) + (mac.endsWith('0') ? '1' : '0');
    expect(verifyRecipientToken('reply-address', `${ticket}-${recipient}-${flipped}`, secret)).toBeNull();
    expect(verifyRecipientToken('reply-address', token, `${secret}-other`)).toBeNull();
    expect(verifyRecipientToken('unsubscribe', token, secret)).toBeNull();
    expect(verifyRecipientToken('reply-address', `${token}0`, secret)).toBeNull();
    expect(verifyRecipientToken('reply-address', '', secret)).toBeNull();
  });

  it('carries the link version: another version under the same MAC is refused', () => {
    const token = signRecipientToken('reply-address', claims, secret);
    expect(token).toMatch(/^1042-p77v3-[0-9a-f]{20}$/);
    const mac = token.split('-')[2];
    for (const other of [`1042-p77v4-${mac}`, `1042-p77v0-${mac}`, `1042-p77v03-${mac}`, `1042-p77-${mac}`]) {
      expect(verifyRecipientToken('reply-address', other, secret)).toBeNull();
    }
  });

  it('reads a token from before tokens carried a version as version 1 (links had never changed then)', () => {
    // Signed as every token was before the version was added: `<ticket>-<kind><id>` under the same label.
    const legacyMac = createHmac('sha256', secret).update('parley-reply-address:v1:1042-c5').digest('hex').slice(0, 20);
    expect(verifyRecipientToken('reply-address', `1042-c5-${legacyMac}`, secret)).toEqual({ ticketId: 1042, recipient: { kind: 'customer', id: 5 }, version: 1 });
    expect(verifyRecipientToken('unsubscribe', `1042-c5-${legacyMac}`, secret)).toBeNull();
    expect(verifyRecipientToken('reply-address', `1042-c5v1-${legacyMac}`, secret)).toBeNull();
  });

  it('is not an access link, and an access link is not one of these', () => {
    const access = signAccessToken({ ticketId: 1042, holder: { kind: 'participant', id: 77 }, version: 1 }, secret);
    expect(verifyRecipientToken('unsubscribe', access, secret)).toBeNull();
    expect(verifyAccessToken(signRecipientToken('unsubscribe', claims, secret), secret)).toBeNull();
  });
});

describe('headers', () => {
  it('takes the Message-ID domain from MAIL_FROM', () => {
    expect(senderDomain('Parley <Support@Help.Example.com>')).toBe('help.example.com');
    expect(senderDomain('support@localhost')).toBe('localhost');
    expect(senderDomain('nonsense')).toBe('localhost');
  });

  it('gives each message its own stable, MAC-signed Message-ID and threads it under its ticket', () => {
    const headers = notificationHeaders({ outboxId: 12, ticketId: 34, domain: 'example.com', secret, unsubscribeUrl: null });
    expect(headers).toEqual({
      'Message-ID': expect.stringMatching(/^<outbox-12\.34\.[0-9a-f]{20}@example\.com>$/),
      'In-Reply-To': expect.stringMatching(/^<ticket-34\.[0-9a-f]{20}@example\.com>$/),
      References: headers['In-Reply-To'],
      'Auto-Submitted': 'auto-generated',
    });
    expect(messageIdFor(12, 34, 'example.com', secret)).toBe(headers['Message-ID']);
    expect(threadIdFor(34, 'example.com', secret)).toBe(headers.References);
    expect(verifyParleyMessageId(headers['Message-ID'], secret)).toEqual({ ticketId: 34, outboxId: 12 });
    expect(verifyParleyMessageId(headers.References, secret)).toEqual({ ticketId: 34, outboxId: null });
  });

  it('accepts a Message-ID of ours only when its MAC verifies under this secret', () => {
    const thread = threadIdFor(34, 'example.com', secret);
    expect(verifyParleyMessageId(thread.toUpperCase(), secret)).toEqual({ ticketId: 34, outboxId: null });
    expect(verifyParleyMessageId(thread.slice(1, -1), secret)).toEqual({ ticketId: 34, outboxId: null });
    // The old unsigned thread id, a changed ticket number and another installation's id name nothing.
    expect(verifyParleyMessageId('<ticket-34@example.com>', secret)).toBeNull();
    expect(verifyParleyMessageId(thread.replace('ticket-34.', 'ticket-35.'), secret)).toBeNull();
    expect(verifyParleyMessageId(threadIdFor(34, 'example.com', `${secret}-other`), secret)).toBeNull();
    expect(verifyParleyMessageId(messageIdFor(1, 34, 'example.com', secret).replace('outbox-1.', 'outbox-2.'), secret)).toBeNull();
    expect(verifyParleyMessageId('<CAF=abc@mail.gmail.com>', secret)).toBeNull();
  });

  it('offers RFC 8058 one-click unsubscribe when given a link', () => {
    const headers = notificationHeaders({ outboxId: 1, ticketId: 2, domain: 'example.com', secret, unsubscribeUrl: 'https://help.example.com/unsubscribe/x' });
    expect(headers['List-Unsubscribe']).toBe('<https://help.example.com/unsubscribe/x>');
    expect(headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
  });

  it('derives one idempotency key per outbox row, different across databases', () => {
    const row = { id: 7, createdAt: new Date(1_700_000_000_000) };
    expect(idempotencyKeyFor(row)).toBe(idempotencyKeyFor({ ...row }));
    expect(idempotencyKeyFor(row)).not.toBe(idempotencyKeyFor({ id: 8, createdAt: row.createdAt }));
    expect(idempotencyKeyFor(row)).not.toBe(idempotencyKeyFor({ id: 7, createdAt: new Date(1_700_000_000_001) }));
  });
});
