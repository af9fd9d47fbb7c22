import { createHmac, timingSafeEqual } from 'node:crypto';

// Signed access links for the people outside the team: the ticket's customer and each participant.
// A token names the ticket, the holder and the ticket's link version, and carries an HMAC-SHA256 of all three
// under the server secret. Altering any part breaks the signature; bumping the version (rotation) or removing the
// participant (their id is never reused) makes a correctly signed token refer to nothing valid.

export type LinkHolder = { kind: 'customer' | 'participant'; id: number };
export type LinkClaims = { ticketId: number; holder: LinkHolder; version: number };

const kindCode = { customer: 'c', participant: 'p' } as const;
const TOKEN_PATTERN = /^([1-9]\d{0,15})\.([cp])([1-9]\d{0,15})\.([1-9]\d{0,9})\.([A-Za-z0-9_-]{43})$/;

function mac(body: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(`parley-access-link:v1:${body}`).digest();
}

export function signAccessToken(claims: LinkClaims, secret: string): string {
  const body = `${claims.ticketId}.${kindCode[claims.holder.kind]}${claims.holder.id}.${claims.version}`;
  return `${body}.${mac(body, secret).toString('base64url')}`;
}

/** Reads the claims without trusting them: used only to decide where a fresh-link request may be sent. */
export function readUnverifiedClaims(token: string): LinkClaims | null {
  const m = TOKEN_PATTERN.exec(token);
  if (!m) return null;
  return {
    ticketId: Number(m[1]),
    holder: { kind: m[2] === 'c' ? 'customer' : 'participant', id: Number(m[3]) },
    version: Number(m[4]),
  };
}

/** The claims of a token signed with this secret, or null when it was altered or signed with another secret. */
export function verifyAccessToken(token: string, secret: string): LinkClaims | null {
  const claims = readUnverifiedClaims(token);
  if (!claims) return null;
  const body = token.slice(0, token.lastIndexOf('.'));
  // Compared as text, not as decoded bytes: the last base64url character carries two unused bits, so decoding
  // would accept four spellings of one signature.
  const given = Buffer.from(token.slice(token.lastIndexOf('.') + 1));
  const expected = Buffer.from(mac(body, secret).toString('base64url'));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return claims;
}

export function accessLinkUrl(appUrl: string, token: string): string {
  return `${appUrl}/t/${token}`;
}
