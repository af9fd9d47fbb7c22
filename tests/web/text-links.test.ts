import { describe, expect, it } from 'vitest';
import { splitLinks } from '@/lib/web/text-links';

describe('splitLinks', () => {
  it('returns plain text as one segment, and nothing for empty text', () => {
    expect(splitLinks('Hello,\nno links here.')).toEqual([{ kind: 'text', text: 'Hello,\nno links here.' }]);
    expect(splitLinks('')).toEqual([]);
  });

  it('finds http and https links between text', () => {
    expect(splitLinks('See https://example.com/a?b=1#c and http://x.test too')).toEqual([
      { kind: 'text', text: 'See ' },
      { kind: 'link', text: 'https://example.com/a?b=1#c', href: 'https://example.com/a?b=1#c' },
      { kind: 'text', text: ' and ' },
      { kind: 'link', text: 'http://x.test', href: 'http://x.test/' },
      { kind: 'text', text: ' too' },
    ]);
  });

  it('leaves sentence punctuation and unmatched brackets outside the link', () => {
    expect(splitLinks('Go to https://example.com/page.')).toEqual([
      { kind: 'text', text: 'Go to ' },
      { kind: 'link', text: 'https://example.com/page', href: 'https://example.com/page' },
      { kind: 'text', text: '.' },
    ]);
    expect(splitLinks('(see https://example.com/x)')[1]).toEqual({ kind: 'link', text: 'https://example.com/x', href: 'https://example.com/x' });
    expect(splitLinks('https://en.wikipedia.org/wiki/Foo_(bar)!')[0]).toEqual({
      kind: 'link',
      text: 'https://en.wikipedia.org/wiki/Foo_(bar)',
      href: 'https://en.wikipedia.org/wiki/Foo_(bar)',
    });
  });

  it('never links other schemes, and keeps markup as text', () => {
    const text = 'javascript:alert(1) <a href="https://evil.test">x</a> ftp://files.test';
    const links = splitLinks(text).filter((s) => s.kind === 'link');
    expect(links).toEqual([{ kind: 'link', text: 'https://evil.test', href: 'https://evil.test/' }]);
    expect(splitLinks(text).map((s) => s.text).join('')).toBe(text);
  });

  it('keeps a bare scheme without a host as text', () => {
    expect(splitLinks('try http:// later')).toEqual([{ kind: 'text', text: 'try http:// later' }]);
  });

  it('keeps every character of the input across the segments', () => {
    const text = 'a https://one.test/x, b https://two.test/y.\n\nline (https://three.test)';
    expect(splitLinks(text).map((s) => s.text).join('')).toBe(text);
    expect(splitLinks(text).filter((s) => s.kind === 'link')).toHaveLength(3);
  });
});
