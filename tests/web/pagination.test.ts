import { describe, expect, it } from 'vitest';
import { listHref, parsePage } from '@/lib/web/pagination';

describe('listHref', () => {
  it('keeps the search and filters, leaves out empty values and page 1', () => {
    expect(listHref('/customers', { q: 'acme', page: 2 })).toBe('/customers?q=acme&page=2');
    expect(listHref('/tickets', { status: 'open', assignee: undefined, q: '', page: 1 })).toBe('/tickets?status=open');
    expect(listHref('/tickets', { q: '#1001 printer', page: 3 })).toBe('/tickets?q=%231001+printer&page=3');
    expect(listHref('/tickets', {})).toBe('/tickets');
  });
});

describe('parsePage', () => {
  it('reads a positive whole number and falls back to 1', () => {
    expect(parsePage('4')).toBe(4);
    expect(parsePage(['2', '5'])).toBe(2);
    for (const bad of [undefined, '', '0', '-1', '1.5', 'abc', '100001']) expect(parsePage(bad)).toBe(1);
  });
});
