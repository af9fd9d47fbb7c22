import { z } from 'zod';

// Service levels' shapes, apart from lib/core/settings.ts (which only the server may load) so the Settings → Service
// levels form in the browser shares the weekday names and types: business hours and targets, read by
// lib/tickets/business-hours.ts and lib/tickets/service-levels.ts.

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];

/** "HH:MM" as minutes after midnight; "24:00" is the end of the day. */
export const minutesOfClock = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

const clockTime = z.string('must be a time').regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'must be a time from 00:00 to 24:00');
// An interval whose end is not after its start runs overnight, into the next day (["22:00", "06:00"]).
const openingInterval = z
  .tuple([clockTime, clockTime], 'must be a pair of times like ["09:00", "17:00"]')
  .refine(([from, to]) => from !== to && from !== '24:00', 'must not start at 24:00 or end where it starts');

const isTimeZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

const isCalendarDate = (text: string) => {
  const [y, m, d] = text.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
};

const dayHours = z
  .array(openingInterval, 'must be a list of opening intervals')
  .max(6, 'must hold at most 6 intervals')
  .refine((intervals) => {
    // Same-day intervals may not overlap (overnight ones are checked against their start only).
    const sorted = intervals.map(([from, to]) => [minutesOfClock(from), minutesOfClock(to) > minutesOfClock(from) ? minutesOfClock(to) : 1440] as const).sort((a, b) => a[0] - b[0]);
    return sorted.every(([from], i) => i === 0 || from >= sorted[i - 1][1]);
  }, 'must not overlap');

export const calendarSchema = z.object({
  timeZone: z.string('must be a time zone').refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin'),
  week: z
    .object(Object.fromEntries(weekdays.map((day) => [day, dayHours.default([])])) as Record<Weekday, z.ZodDefault<typeof dayHours>>, 'must name the opening hours of each weekday')
    .strict()
    .refine((week) => Object.values(week).some((intervals) => intervals.length > 0), 'must have opening hours on at least one day'),
  holidays: z
    .array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date like 2026-12-25', abort: true }).refine(isCalendarDate, 'must be a real date'), 'must be a list of dates')
    .max(400, 'must hold at most 400 dates'),
});
export type Calendar = z.infer<typeof calendarSchema>;

const targetMinutes = z
  .number('must be a number of minutes')
  .int('must be a whole number of minutes')
  .min(1, 'must be at least 1 minute')
  .max(525_600, 'must be at most a year')
  .nullable();
export const serviceTargetSchema = z
  .object({ firstResponse: targetMinutes.default(null), nextResponse: targetMinutes.default(null), resolution: targetMinutes.default(null) })
  .strict();
export type ServiceTarget = z.infer<typeof serviceTargetSchema>;

const priorityKeys = ['low', 'normal', 'high', 'urgent'] as const;
export const noServiceTarget: ServiceTarget = { firstResponse: null, nextResponse: null, resolution: null };

export const serviceLevelsSchema = calendarSchema
  .extend({
    targets: z
      .object(Object.fromEntries(priorityKeys.map((p) => [p, serviceTargetSchema.default(noServiceTarget)])) as Record<(typeof priorityKeys)[number], z.ZodDefault<typeof serviceTargetSchema>>)
      .strict(),
    // "About to be missed" emails go this long (business minutes are not used: a warning is about the clock on the wall).
    warnBeforeMinutes: z.number('must be a number of minutes').int('must be a whole number').min(1, 'must be at least 1 minute').max(10_080, 'must be at most a week'),
  })
  .strict();
export type ServiceLevels = z.infer<typeof serviceLevelsSchema>;
