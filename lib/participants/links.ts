import { createHmac, timingSafeEqual } from 'node:crypto';
import { readUnverifiedClaims, type LinkClaims } from '@/lib/participants/link-claims';

// Signed access links for the people outside the team: the ticket's customer and each participant.
// A token names the ticket, the holder and the ticket's link version, and carries an HMAC-SHA256 of all three
// under the server secret. Altering any part breaks the signature; bumping the version (rotation) or removing the
// participant (their id is never reused) makes a correctly signed token refer to nothing valid.

export { readUnverifiedClaims };
export type { LinkClaims, LinkHolder } from '@/lib/participants/link-claims';

const kindCode = { customer: 'c', participant: 'p' } as const;

function mac(body: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(`parley-access-link:v1:${body}`).digest();
}

export function signAccessToken(claims: LinkClaims, secret: string): string {
  const body = `${claims.ticketId}.${kindCode[claims.holder.kind]}${claims.holder.id}.${claims.version}`;
  return `${body}.${mac(body, secret).toString('base64url')}`;
}

/** The claims of a token signed with this secret, or null when it was altered or signed with another secret. */
export function verifyAccessToken(token: string, secret: string): LinkClaims | null {
  const claims = readUnverifiedClaims(token);
  // Stryker cannot disable one variant alone: `if (true)` here refuses every token, which tests/participants/links.test.ts catches.
  // Stryker disable next-line ConditionalExpression: an early exit only; without claims the function returns `claims`, null, whatever the signature says
  if (!claims) return null;
  const body = token.slice(0, token.lastIndexOf('.'));
  // Compared as text, not as decoded bytes: the last base64url character carries two unused bits, so decoding
  // would accept four spellings of one signature.
  const given = Buffer.from(token.slice(token.lastIndexOf('.') + 1));
  const expected = Buffer.from(mac(body, secret).toString('base64url'));
  // As above, the line's other variants (always or never refuse) are caught by tests/participants/links.test.ts.
  // Stryker disable next-line ConditionalExpression: readUnverifiedClaims admits only 43-character signatures, the length of every MAC; the check keeps timingSafeEqual from throwing should that pattern ever change
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return claims;
}

export function accessLinkUrl(appUrl: string, token: string): string {
  return `${appUrl}/t/${token}`;
}

// ---- Per-recipient tokens for outgoing mail ----
// Reply-To addresses (`reply+<token>@INBOUND_DOMAIN`) and one-click unsubscribe links name a ticket, one recipient
// and that recipient's link version (the customer's own, or the ticket's for participants), so rotating links,
// removing a participant or changing the customer's email makes every older token stale, as it does their links.
// They are lower-case only (mail systems may fold the case of an address's local part) and short enough for the
// 64-character limit of a local part. Each purpose has its own MAC label, so one can never stand in for the other.

export type RecipientRef = { kind: 'agent' | 'customer' | 'participant'; id: number };
export type RecipientClaims = { ticketId: number; recipient: RecipientRef; version: number };
export type RecipientTokenPurpose = 'reply-address' | 'unsubscribe';

const recipientCode = { agent: 'a', customer: 'c', participant: 'p' } as const;
const recipientKinds = { a: 'agent', c: 'customer', p: 'participant' } as const;
// `<ticket>-<kind><id>v<version>-<mac>`; tokens sent before they carried a version (`<ticket>-<kind><id>-<mac>`) were
// signed when every link version was still 1, and read as such.
const RECIPIENT_TOKEN_PATTERN = /^([1-9]\d{0,9})-([acp])([1-9]\d{0,9})(v[1-9]\d{0,9})?-([0-9a-f]{20})$/;

function recipientMac(purpose: RecipientTokenPurpose, body: string, secret: string): string {
  // 80 bits of HMAC-SHA256: unforgeable in practice, and the token stays well inside a local part.
  return createHmac('sha256', secret).update(`parley-${purpose}:v1:${body}`).digest('hex').slice(0, 20);
}

export function signRecipientToken(purpose: RecipientTokenPurpose, claims: RecipientClaims, secret: string): string {
  const body = `${claims.ticketId}-${recipientCode[claims.recipient.kind]}${claims.recipient.id}v${claims.version}`;
  return `${body}-${recipientMac(purpose, body, secret)}`;
}

/** The claims of a token made for this purpose with this secret (case-insensitively), or null. */
export function verifyRecipientToken(purpose: RecipientTokenPurpose, token: string, secret: string): RecipientClaims | null {
  const normalized = token.trim().toLowerCase();
  const m = RECIPIENT_TOKEN_PATTERN.exec(normalized);
  if (!m) return null;
  const body = `${m[1]}-${m[2]}${m[3]}${m[4] ?? ''}`;
  const given = Buffer.from(m[5], 'hex');
  const expected = Buffer.from(recipientMac(purpose, body, secret), 'hex');
  if (!timingSafeEqual(given, expected)) return null;
  return {
    ticketId: Number(m[1]),
    recipient: { kind: recipientKinds[m[2] as keyof typeof recipientKinds], id: Number(m[3]) },
    version: m[4] ? Number(m[4].slice(1)) : 1,
  };
}

/** `reply+<token>@domain`: replies by email find their ticket and sender through it (inbound mail). */
export function replyAddress(token: string, inboundDomain: string): string {
  return `reply+${token}@${inboundDomain}`;
}

/** The token of a `reply+<token>@…` address, or null when the address has none. */
export function tokenFromReplyAddress(address: string): string | null {
  const m = /^reply\+([^@]+)@/i.exec(address.trim());
  return m ? m[1] : null;
}

export function unsubscribeUrl(appUrl: string, token: string): string {
  return `${appUrl}/unsubscribe/${token}`;
}
