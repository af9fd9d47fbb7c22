import { minutesOfClock, weekdays, type Calendar } from '@/lib/core/service-level-schema';

// Business time: the opening hours of a weekly calendar in the team's time zone, less holidays. Pure functions of the
// calendar and the instants given (no clock, no database), so the same history always gives the same due times.
// Local times are turned into instants with the zone's own offset at that moment (Intl), so DST changes move the
// opening hours with the wall clock: 09:00–17:00 is 8 hours on the day clocks change too, unless the change falls inside
// the hours (then the day is an hour shorter or longer, as it is for the people working it).

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
// How far ahead a due time is looked for: a calendar whose holidays close it for longer has no due time.
const HORIZON_DAYS = 800;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timeZone, format);
  }
  return format;
}

type LocalParts = { year: number; month: number; day: number; hour: number; minute: number; second: number };

function localParts(timeZone: string, instant: number): LocalParts {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(instant))) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  return parts as LocalParts;
}

/** The zone's offset from UTC at an instant, in ms (Europe/Berlin in summer: +7,200,000). */
function offsetAt(timeZone: string, instant: number): number {
  const p = localParts(timeZone, instant);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(instant / 1000) * 1000;
}

/** The calendar date an instant falls on in the zone, as 'YYYY-MM-DD' (reports count tickets per team day). */
export const localDateOf = (timeZone: string, instant: number): string => isoDate(localDayOf(timeZone, instant));

/** The instant a local wall-clock time names (a time skipped by a DST change lands just after the change). */
function localToInstant(timeZone: string, localDay: number, minuteOfDay: number): number {
  const wall = localDay + minuteOfDay * MINUTE_MS;
  const first = wall - offsetAt(timeZone, wall);
  const second = wall - offsetAt(timeZone, first);
  return second;
}

/** The local calendar day of an instant, as UTC midnight of that date (a day number that ignores zones). */
function localDayOf(timeZone: string, instant: number): number {
  const p = localParts(timeZone, instant);
  return Date.UTC(p.year, p.month - 1, p.day);
}

const isoDate = (localDay: number) => new Date(localDay).toISOString().slice(0, 10);
// getUTCDay: 0 is Sunday.
const weekdayOf = (localDay: number) => weekdays[(new Date(localDay).getUTCDay() + 6) % 7];

/**
 * The calendar's open intervals [start, end) in ms, in order, from the one open at `from` (or the next) onwards;
 * overlapping ones (an overnight interval running into the next day's hours) are joined.
 */
export function* openIntervals(calendar: Calendar, from: number): Generator<[number, number]> {
  const holidays = new Set(calendar.holidays);
  // Yesterday's overnight hours may still be open at `from`.
  const firstDay = localDayOf(calendar.timeZone, from) - DAY_MS;
  let cursor = from;
  for (let day = firstDay; day < firstDay + HORIZON_DAYS * DAY_MS; day += DAY_MS) {
    if (holidays.has(isoDate(day))) continue;
    const intervals = [...calendar.week[weekdayOf(day)]].sort((a, b) => minutesOfClock(a[0]) - minutesOfClock(b[0]));
    for (const [open, close] of intervals) {
      const opens = minutesOfClock(open);
      const closes = minutesOfClock(close) > opens ? minutesOfClock(close) : minutesOfClock(close) + 1440;
      const start = Math.max(cursor, localToInstant(calendar.timeZone, day, opens));
      const end = localToInstant(calendar.timeZone, day, closes);
      if (end <= start) continue;
      cursor = end;
      yield [start, end];
    }
  }
}

/** The instant `minutes` of business time after `from`, or null when the calendar is closed for the whole horizon. */
export function addBusinessMinutes(calendar: Calendar, from: Date, minutes: number): Date | null {
  return addBusinessMs(calendar, from.getTime(), minutes * MINUTE_MS);
}

export function addBusinessMs(calendar: Calendar, from: number, ms: number): Date | null {
  let remaining = ms;
  if (remaining <= 0) return new Date(from);
  for (const [start, end] of openIntervals(calendar, from)) {
    if (end - start >= remaining) return new Date(start + remaining);
    remaining -= end - start;
  }
  return null;
}

/** Business time between two instants, in ms (0 when `to` is not after `from`). */
export function businessMsBetween(calendar: Calendar, from: number, to: number): number {
  let total = 0;
  if (to <= from) return 0;
  for (const [start, end] of openIntervals(calendar, from)) {
    if (start >= to) break;
    total += Math.min(end, to) - start;
  }
  return total;
}

/** A stretch of time the clock stood still; `to` null: it still does. */
export type Pause = { from: number; to: number | null };

/**
 * When a clock started at `from` with `minutes` of business time runs out, standing still during the pauses
 * (sorted, not overlapping). Null while it stands still now, or when the calendar never opens again.
 */
export function dueWithPauses(calendar: Calendar, from: number, minutes: number, pauses: Pause[]): Date | null {
  let remaining = minutes * MINUTE_MS;
  let cursor = from;
  for (const pause of pauses) {
    if (pause.to !== null && pause.to <= cursor) continue;
    const pauseStart = Math.max(pause.from, cursor);
    if (pauseStart > cursor) {
      const due = addBusinessMs(calendar, cursor, remaining);
      if (due === null || due.getTime() <= pauseStart) return due;
      remaining -= businessMsBetween(calendar, cursor, pauseStart);
    }
    if (pause.to === null) return null;
    cursor = pause.to;
  }
  return addBusinessMs(calendar, cursor, remaining);
}

/** A wall-clock date and time in the zone (`2026-12-01T09:30`, as a datetime-local field sends it), as an instant; null if malformed. */
export function zonedDateTimeToInstant(timeZone: string, local: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!match) return null;
  const [, y, m, d, hh, mm] = match.map(Number);
  return new Date(localToInstant(timeZone, Date.UTC(y, m - 1, d), hh * 60 + mm));
}
