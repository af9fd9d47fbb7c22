import { describe, expect, it } from 'vitest';
import { sameOriginPath } from '@/lib/auth/redirects';

const appUrl = 'http://parley.test';

describe('sameOriginPath', () => {
  it('keeps paths on this site, with their query and fragment', () => {
    expect(sameOriginPath('/tickets/12?status=open#reply', appUrl)).toBe('/tickets/12?status=open#reply');
    expect(sameOriginPath('http://parley.test/customers', appUrl)).toBe('/customers');
    expect(sameOriginPath('/admin/../tickets', appUrl)).toBe('/tickets');
  });

  it.each([
    // The spellings the hostile pass used (search params arrive decoded: %5C is a backslash, %09 a tab).
    '/\\127.0.0.2:9/x',
    '/\t/127.0.0.2:9/x',
    '/\\/127.0.0.2:9/x',
    '\\\\127.0.0.2:9/x',
    '//127.0.0.2:9/x',
    '///127.0.0.2:9/x',
    ' //127.0.0.2:9/x',
    'http://127.0.0.2:9/x',
    'https://parley.test/x',
    'http://parley.test:8080/x',
    'http://user@parley.test/x',
    'http://parley.test//127.0.0.2/x',
    'javascript:alert(1)',
    'data:text/html,hi',
    '',
    null,
  ])('refuses %j', (target) => {
    expect(sameOriginPath(target, appUrl)).toBeNull();
  });
});
