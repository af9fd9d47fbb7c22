import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, newNonce, securityHeaders } from '@/lib/web/security-headers';

const page = (pathname: string, appUrl = 'http://parley.test') => securityHeaders({ pathname, appUrl, nonce: 'abc123==' });

describe('securityHeaders', () => {
  it('gives pages a nonce-based CSP that forbids framing, plugins and <base>', () => {
    const csp = page('/tickets')['Content-Security-Policy'];
    expect(csp).toContain("script-src 'self' 'nonce-abc123==' 'strict-dynamic'");
    expect(csp).not.toContain('unsafe-eval');
    for (const directive of ["frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'"]) expect(csp).toContain(directive);
    expect(page('/tickets')).toMatchObject({
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'strict-origin-when-cross-origin',
      'X-Frame-Options': 'DENY',
    });
    expect(page('/tickets')['Permissions-Policy']).toMatch(/camera=\(\), microphone=\(\), geolocation=\(\)/);
    // A feature Chromium does not know is logged as an error on every page.
    expect(page('/tickets')['Permissions-Policy']).not.toMatch(/bluetooth/);
  });

  it('keeps personal links out of Referer headers', () => {
    expect(page('/t/1.c1.1.sig')['Referrer-Policy']).toBe('no-referrer');
    expect(page('/unsubscribe/1-c1-abc')['Referrer-Policy']).toBe('no-referrer');
    expect(page('/tickets/1')['Referrer-Policy']).toBe('strict-origin-when-cross-origin');
  });

  it('marks API answers uncacheable', () => {
    expect(page('/api/v1/tickets')['Cache-Control']).toBe('no-store');
    expect(page('/tickets')['Cache-Control']).toBeUndefined();
  });

  it('sends HSTS only when Parley is served over https', () => {
    expect(page('/tickets')['Strict-Transport-Security']).toBeUndefined();
    expect(page('/tickets', 'https://help.example.com')['Strict-Transport-Security']).toMatch(/^max-age=\d{8,}/);
    expect(page('/api/v1/tickets', 'https://help.example.com')['Strict-Transport-Security']).toBeDefined();
  });

  it('leaves file downloads their own sandboxing headers', () => {
    for (const path of ['/tickets/3/files/9', '/t/1.c1.1.sig/files/9', '/api/v1/attachments/9']) {
      expect(page(path)).toEqual({});
      expect(page(path, 'https://help.example.com')).toEqual({ 'Strict-Transport-Security': expect.any(String) });
    }
  });

  it('allows eval only in development, and makes a new nonce every time', () => {
    expect(contentSecurityPolicy({ nonce: 'n', dev: true })).toContain("'unsafe-eval'");
    const nonces = new Set(Array.from({ length: 50 }, newNonce));
    expect(nonces.size).toBe(50);
    expect([...nonces][0]).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });
});
