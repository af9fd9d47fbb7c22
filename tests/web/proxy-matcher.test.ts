import { unstable_doesMiddlewareMatch } from 'next/experimental/testing/server';
import { describe, expect, it } from 'vitest';
import { config } from '@/proxy';

const matches = (url: string, headers: Record<string, string> = {}) => unstable_doesMiddlewareMatch({ config, url, headers });
const multipart = { 'content-type': 'multipart/form-data; boundary=x' };

describe('the proxy matcher', () => {
  it('sees pages, actions, API JSON calls and downloads, so each gets its session check and security headers', () => {
    for (const url of ['/', '/tickets/1', '/login', '/t/1.c2.1.sig', '/submit', '/api/health', '/api/v1/tickets', '/api/v1/tickets/1/replies', '/t/1.c2.1.sig/files/3']) {
      expect(matches(url), url).toBe(true);
    }
    expect(matches('/tickets/1', multipart)).toBe(true);
  });

  it('lets streamed uploads by: Next would buffer their bodies in memory and cut them off past 10 MB', () => {
    for (const url of ['/api/uploads', '/submit/uploads', '/t/1.c2.1.sig/uploads']) expect(matches(url), url).toBe(false);
    expect(matches('/api/v1/tickets', multipart)).toBe(false);
    expect(matches('/api/v1/tickets/7/replies', multipart)).toBe(false);
  });
});
