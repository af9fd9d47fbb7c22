import { describe, expect, it } from 'vitest';
import { DISPLAY_NAME_MAX, safeDisplayName } from '@/lib/people/display-names';

describe('safeDisplayName', () => {
  it('keeps ordinary names', () => {
    for (const name of ['Carla Customer', 'J. Smith', 'O’Brien, Mary', 'Jürgen Müller', 'Anna (Sales)', '山田 太郎']) expect(safeDisplayName(name)).toBe(name);
  });

  it('drops addresses and anything in angle brackets, so no name reads as an address', () => {
    expect(safeDisplayName('Carla Customer <customer@acme.com>')).toBe('Carla Customer');
    expect(safeDisplayName('customer@acme.com')).toBe('');
    expect(safeDisplayName('"Carla" <x> support@acme.com')).toBe('Carla');
    expect(safeDisplayName('Carla <customer@acme.com')).toBe('Carla');
  });

  it('drops links: with a scheme, www., or a bare domain with or without a path', () => {
    expect(safeDisplayName('Log in at https://evil.test/login now')).toBe('Log in at now');
    expect(safeDisplayName('Go to evil.test/x please')).toBe('Go to please');
    expect(safeDisplayName('www.evil.test')).toBe('');
    expect(safeDisplayName('mailto:x javascript:alert(1)')).toBe('');
    expect(safeDisplayName('Team: acme.com')).toBe('Team');
  });

  it('drops control and format characters and caps the length', () => {
    expect(safeDisplayName('Carla\u202E\u0000 Customer')).toBe('Carla Customer');
    expect(safeDisplayName('a'.repeat(300))).toHaveLength(DISPLAY_NAME_MAX);
    expect(DISPLAY_NAME_MAX).toBe(100);
    expect([...safeDisplayName('😀'.repeat(150))]).toHaveLength(100);
  });
});
