import { describe, expect, it } from 'vitest';
import { formatTicketNumber, parseTicketSearch } from '@/lib/tickets/numbers';

const format = { ticketPrefix: 'PAR-', ticketSuffix: '' };

describe('formatTicketNumber', () => {
  it('wraps the number in the prefix and suffix', () => {
    expect(formatTicketNumber(1001, format)).toBe('PAR-1001');
    expect(formatTicketNumber(7, { ticketPrefix: '', ticketSuffix: '/EU' })).toBe('7/EU');
  });
});

describe('parseTicketSearch', () => {
  it.each([
    ['1001', false],
    ['#1001', true],
    ['PAR-1001', true],
    ['par-1001', true],
  ])('reads %s as ticket 1001', (query, explicit) => {
    expect(parseTicketSearch(query, format)).toEqual({ number: 1001, explicit, words: [] });
  });

  it('reads a suffix format', () => {
    expect(parseTicketSearch('T12-X', { ticketPrefix: 'T', ticketSuffix: '-X' })).toEqual({ number: 12, explicit: true, words: [] });
  });

  it('keeps other words for text search, and only the first number as the number', () => {
    expect(parseTicketSearch('  printer #42 jam 43 ', format)).toEqual({ number: 42, explicit: true, words: ['printer', 'jam', '43'] });
  });

  it('does not read a number with the wrong prefix', () => {
    expect(parseTicketSearch('ABC-1001', format)).toEqual({ number: null, explicit: false, words: ['ABC-1001'] });
  });

  it('treats regex characters in the prefix literally', () => {
    expect(parseTicketSearch('(1)5', { ticketPrefix: '(1)', ticketSuffix: '' }).number).toBe(5);
    expect(parseTicketSearch('x1x5', { ticketPrefix: '.1.', ticketSuffix: '' }).number).toBeNull();
  });

  it('returns nothing for an empty query', () => {
    expect(parseTicketSearch('   ', format)).toEqual({ number: null, explicit: false, words: [] });
  });
});
