import { describe, expect, it } from 'vitest';
import { accessLinkUrl, readUnverifiedClaims, signAccessToken, verifyAccessToken, type LinkClaims } from '@/lib/participants/links';

const secret = 'access-link-test-secret-0123456789abcdef';
const otherSecret = 'another-secret-entirely-0123456789abcdef';
const claims: LinkClaims = { ticketId: 42, holder: { kind: 'participant', id: 7 }, version: 3 };
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

describe('signAccessToken / verifyAccessToken', () => {
  it('round-trips the ticket, the holder and the version', () => {
    const token = signAccessToken(claims, secret);
    expect(token).toMatch(/^42\.p7\.3\.[A-Za-z0-9_-]{43}$/);
    expect(verifyAccessToken(token, secret)).toEqual(claims);
    const customer: LinkClaims = { ticketId: 1, holder: { kind: 'customer', id: 1 }, version: 1 };
    expect(verifyAccessToken(signAccessToken(customer, secret), secret)).toEqual(customer);
  });

  it('refuses a token with any single character changed', () => {
    const token = signAccessToken(claims, secret);
    for (let i = 0; i < token.length; i++) {
      for (const replacement of BASE64URL + '.') {
        if (replacement === token[i]) continue;
        const altered = token.slice(0, i) + replacement + token.slice(i + 1);
        expect(verifyAccessToken(altered, secret), altered).toBeNull();
      }
    }
  });

  it('refuses every spelling of the signature but the one it signed, including the last character’s unused bits', () => {
    // 32 bytes in base64url leave two spare bits in the 43rd character; decoding alone would ignore them.
    for (let ticketId = 1; ticketId <= 40; ticketId++) {
      const token = signAccessToken({ ...claims, ticketId }, secret);
      for (const last of BASE64URL) {
        if (last === token.at(-1)) continue;
        expect(verifyAccessToken(token.slice(0, -1) + last, secret)).toBeNull();
      }
    }
  });

  it('refuses added, removed or padded characters', () => {
    const token = signAccessToken(claims, secret);
    for (const altered of [`${token}=`, `${token}A`, token.slice(0, -1), ` ${token}`, `${token}\n`, `0${token}`, token.toUpperCase()]) {
      expect(verifyAccessToken(altered, secret)).toBeNull();
    }
  });

  it('refuses a token signed with another secret', () => {
    expect(verifyAccessToken(signAccessToken(claims, otherSecret), secret)).toBeNull();
  });

  it('refuses one ticket’s, holder’s or version’s signature moved onto other claims', () => {
    const signature = signAccessToken(claims, secret).split('.').at(-1);
    for (const body of ['43.p7.3', '42.p8.3', '42.c7.3', '42.p7.4', '42.p7.2']) {
      expect(verifyAccessToken(`${body}.${signature}`, secret)).toBeNull();
    }
  });

  it('gives different tokens to different tickets, holders and versions', () => {
    const tokens = new Set([
      signAccessToken(claims, secret),
      signAccessToken({ ...claims, ticketId: 43 }, secret),
      signAccessToken({ ...claims, holder: { kind: 'participant', id: 8 } }, secret),
      signAccessToken({ ...claims, holder: { kind: 'customer', id: 7 } }, secret),
      signAccessToken({ ...claims, version: 4 }, secret),
    ]);
    expect(tokens.size).toBe(5);
  });
});

describe('readUnverifiedClaims', () => {
  it('reads well-formed tokens without checking the signature', () => {
    const forged = `42.p7.3.${'A'.repeat(43)}`;
    expect(verifyAccessToken(forged, secret)).toBeNull();
    expect(readUnverifiedClaims(forged)).toEqual(claims);
  });

  it('returns null for anything that is not shaped like a token', () => {
    for (const garbage of ['', 'hello', '42.p7.3', `0.p7.3.${'A'.repeat(43)}`, `42.x7.3.${'A'.repeat(43)}`, `42.p7.3.${'A'.repeat(42)}`, `42.p7.3.${'A'.repeat(43)}/`]) {
      expect(readUnverifiedClaims(garbage)).toBeNull();
    }
  });
});

describe('token patterns', () => {
  it('verifies tokens with many-digit ticket, holder and version numbers (links keep working past the ninth rotation)', () => {
    for (const version of [9, 10, 11, 99, 123456789]) {
      const big = { ticketId: 1234567, holder: { kind: 'participant' as const, id: 98765 }, version };
      expect(verifyAccessToken(signAccessToken(big, secret), secret)).toEqual(big);
    }
  });

  it('refuses anything before or after a well-formed token', () => {
    const token = signAccessToken(claims, secret);
    for (const padded of [` ${token}`, `x${token}`, `/${token}`, `${token} `, `${token}x`, `${token}\n`]) {
      expect(readUnverifiedClaims(padded)).toBeNull();
      expect(verifyAccessToken(padded, secret)).toBeNull();
    }
  });
});

describe('accessLinkUrl', () => {
  it('puts the token under /t/ on the app’s address', () => {
    expect(accessLinkUrl('https://help.example.com', '1.c2.1.sig')).toBe('https://help.example.com/t/1.c2.1.sig');
  });
});
