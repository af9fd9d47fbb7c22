import { describe, expect, it } from 'vitest';
import { calendarSchema, type Calendar } from '@/lib/core/service-level-schema';
import { addBusinessMinutes, businessMsBetween, dueWithPauses } from '@/lib/tickets/business-hours';

const nineToFive = [['09:00', '17:00']] as [string, string][];
const weekdaysOnly = (timeZone: string, holidays: string[] = []): Calendar => ({
  timeZone,
  week: { mon: nineToFive, tue: nineToFive, wed: nineToFive, thu: nineToFive, fri: nineToFive, sat: [], sun: [] },
  holidays,
});
const at = (iso: string) => new Date(iso);
const iso = (date: Date | null) => date?.toISOString() ?? null;
const HOUR = 3_600_000;

describe('addBusinessMinutes', () => {
  const utc = weekdaysOnly('UTC');

  it('counts within the day, and from before opening starts at opening', () => {
    expect(iso(addBusinessMinutes(utc, at('2026-03-02T10:00:00Z'), 90))).toBe('2026-03-02T11:30:00.000Z'); // a Monday
    expect(iso(addBusinessMinutes(utc, at('2026-03-02T06:00:00Z'), 60))).toBe('2026-03-02T10:00:00.000Z');
  });

  it('carries over the night and the weekend', () => {
    expect(iso(addBusinessMinutes(utc, at('2026-03-02T16:30:00Z'), 60))).toBe('2026-03-03T09:30:00.000Z');
    // Friday 16:00 + 2 h: one hour on Friday, one on Monday.
    expect(iso(addBusinessMinutes(utc, at('2026-03-06T16:00:00Z'), 120))).toBe('2026-03-09T10:00:00.000Z');
    // Saturday: nothing open until Monday 09:00.
    expect(iso(addBusinessMinutes(utc, at('2026-03-07T12:00:00Z'), 30))).toBe('2026-03-09T09:30:00.000Z');
  });

  it('skips holidays', () => {
    const christmas = weekdaysOnly('UTC', ['2026-12-24', '2026-12-25']);
    // Wednesday 23 Dec 16:00 + 2 h: one hour that day, then Thursday and Friday are holidays, then Monday 28th.
    expect(iso(addBusinessMinutes(christmas, at('2026-12-23T16:00:00Z'), 120))).toBe('2026-12-28T10:00:00.000Z');
  });

  it('follows the team’s time zone, across DST changes in spring and autumn', () => {
    const berlin = weekdaysOnly('Europe/Berlin');
    // Winter: 09:00 Berlin is 08:00 UTC.
    expect(iso(addBusinessMinutes(berlin, at('2026-03-27T06:00:00Z'), 60))).toBe('2026-03-27T09:00:00.000Z');
    // Clocks go forward on Sunday 29 March 2026: from Friday 16:00 local (15:00 UTC) + 2 h → Monday 10:00 CEST (08:00 UTC).
    expect(iso(addBusinessMinutes(berlin, at('2026-03-27T15:00:00Z'), 120))).toBe('2026-03-30T08:00:00.000Z');
    // Clocks go back on Sunday 25 October 2026: Friday 16:00 CEST (14:00 UTC) + 2 h → Monday 10:00 CET (09:00 UTC).
    expect(iso(addBusinessMinutes(berlin, at('2026-10-23T14:00:00Z'), 120))).toBe('2026-10-26T09:00:00.000Z');
    const newYork = weekdaysOnly('America/New_York');
    // 8 March 2026 is the US change: Monday 9 March 09:00 EDT is 13:00 UTC (it was 14:00 UTC the week before).
    expect(iso(addBusinessMinutes(newYork, at('2026-03-06T22:00:00Z'), 1))).toBe('2026-03-09T13:01:00.000Z');
  });

  it('keeps a 24-hour day 24 business hours even on a DST night, and 24/7 runs straight through', () => {
    const allDay = [['00:00', '24:00']] as [string, string][];
    const always: Calendar = { timeZone: 'Europe/Berlin', week: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay }, holidays: [] };
    expect(iso(addBusinessMinutes(always, at('2026-03-28T12:00:00Z'), 48 * 60))).toBe('2026-03-30T12:00:00.000Z');
    expect(businessMsBetween(always, at('2026-03-28T23:00:00Z').getTime(), at('2026-03-29T23:00:00Z').getTime())).toBe(24 * HOUR);
  });

  it('counts overnight hours into the next morning', () => {
    const night = [['22:00', '06:00']] as [string, string][];
    const nights: Calendar = { timeZone: 'UTC', week: { mon: night, tue: night, wed: night, thu: night, fri: night, sat: [], sun: [] }, holidays: [] };
    expect(iso(addBusinessMinutes(nights, at('2026-03-02T23:00:00Z'), 120))).toBe('2026-03-03T01:00:00.000Z');
    // Tuesday 05:00 is inside Monday night's hours: one hour left that night, the next starts Tuesday 22:00.
    expect(iso(addBusinessMinutes(nights, at('2026-03-03T05:00:00Z'), 120))).toBe('2026-03-03T23:00:00.000Z');
    // Friday night runs into Saturday morning; nothing else until Monday night.
    expect(iso(addBusinessMinutes(nights, at('2026-03-07T05:30:00Z'), 60))).toBe('2026-03-09T22:30:00.000Z');
  });

  it('answers null when the calendar never opens again within its horizon', () => {
    const closed = weekdaysOnly('UTC');
    const everyDay = Array.from({ length: 900 }, (_, i) => new Date(Date.UTC(2026, 0, 1) + i * 86_400_000).toISOString().slice(0, 10));
    expect(addBusinessMinutes({ ...closed, holidays: everyDay }, at('2026-01-01T00:00:00Z'), 10)).toBeNull();
  });
});

describe('dueWithPauses: the clock stands still while on hold', () => {
  const utc = weekdaysOnly('UTC');
  const start = at('2026-03-02T09:00:00Z').getTime();

  it('moves the due time by the business time of each pause, and is null while paused', () => {
    // 4 h target; on hold 10:00–14:00 (4 business hours) → due 17:00 instead of 13:00.
    expect(iso(dueWithPauses(utc, start, 240, []))).toBe('2026-03-02T13:00:00.000Z');
    expect(iso(dueWithPauses(utc, start, 240, [{ from: start + HOUR, to: start + 5 * HOUR }]))).toBe('2026-03-02T17:00:00.000Z');
    expect(dueWithPauses(utc, start, 240, [{ from: start + HOUR, to: null }])).toBeNull();
    // A pause over the night costs only the business hours inside it: 16:00 Monday to 10:00 Tuesday is 2 hours.
    const overnight = { from: at('2026-03-02T16:00:00Z').getTime(), to: at('2026-03-03T10:00:00Z').getTime() };
    expect(iso(dueWithPauses(utc, start, 480, [overnight]))).toBe('2026-03-03T11:00:00.000Z');
  });

  it('ignores pauses before the clock started or after it ran out, and replays to the same due time', () => {
    const before = { from: start - 10 * HOUR, to: start - HOUR };
    const after = { from: start + 6 * HOUR, to: start + 7 * HOUR };
    const a = dueWithPauses(utc, start, 120, [before, after]);
    expect(iso(a)).toBe('2026-03-02T11:00:00.000Z');
    expect(iso(dueWithPauses(utc, start, 120, [before, after]))).toBe(iso(a));
  });
});

describe('calendarSchema', () => {
  const valid = { timeZone: 'Europe/Berlin', week: { mon: [['09:00', '17:00']] }, holidays: ['2026-12-25'] };

  it('accepts a calendar and fills the days not named as closed', () => {
    const parsed = calendarSchema.parse(valid);
    expect(parsed.week.sun).toEqual([]);
    expect(calendarSchema.parse({ ...valid, week: { mon: [['22:00', '06:00']], tue: [['00:00', '24:00']] } }).week.mon).toEqual([['22:00', '06:00']]);
  });

  it('refuses bad calendars with a reason per field', () => {
    const problems = (input: unknown) => calendarSchema.safeParse(input).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(problems({ ...valid, timeZone: 'Mars/Olympus' })).toEqual(['timeZone: must be an IANA time zone such as Europe/Berlin']);
    expect(problems({ ...valid, week: { mon: [['9:00', '17:00']] } })?.[0]).toMatch(/^week\.mon\.0\.0: must be a time/);
    expect(problems({ ...valid, week: { mon: [['09:00', '09:00']] } })).toEqual(['week.mon.0: must not start at 24:00 or end where it starts']);
    expect(problems({ ...valid, week: { mon: [['09:00', '12:00'], ['11:00', '14:00']] } })).toEqual(['week.mon: must not overlap']);
    expect(problems({ ...valid, week: {} })).toEqual(['week: must have opening hours on at least one day']);
    expect(problems({ ...valid, week: { monday: [['09:00', '17:00']] } })?.[0]).toMatch(/^week/);
    expect(problems({ ...valid, holidays: ['2026-02-30'] })).toEqual(['holidays.0: must be a real date']);
    expect(problems({ ...valid, holidays: ['25.12.2026'] })).toEqual(['holidays.0: must be a date like 2026-12-25']);
  });
});
