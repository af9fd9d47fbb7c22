import 'server-only';
import { z } from 'zod';
import { settings } from '@/db/schema';
import { getDb, type DbOrTx } from '@/lib/core/db';
import { validationError } from '@/lib/core/errors';

// ---- Service levels: business hours and targets (lib/tickets/business-hours.ts, lib/tickets/service-levels.ts) ----

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
const noTarget: ServiceTarget = { firstResponse: null, nextResponse: null, resolution: null };

export const serviceLevelsSchema = calendarSchema
  .extend({
    targets: z
      .object(Object.fromEntries(priorityKeys.map((p) => [p, serviceTargetSchema.default(noTarget)])) as Record<(typeof priorityKeys)[number], z.ZodDefault<typeof serviceTargetSchema>>)
      .strict(),
    // "About to be missed" emails go this long (business minutes are not used: a warning is about the clock on the wall).
    warnBeforeMinutes: z.number('must be a number of minutes').int('must be a whole number').min(1, 'must be at least 1 minute').max(10_080, 'must be at most a week'),
  })
  .strict();
export type ServiceLevels = z.infer<typeof serviceLevelsSchema>;

export const settingsSchema = z.object({
  siteName: z.string().trim().min(1, 'is required').max(80, 'must be at most 80 characters'),
  ticketPrefix: z.string().max(20).regex(/^[^\s]*$/, 'must not contain spaces'),
  ticketSuffix: z.string().max(20).regex(/^[^\s]*$/, 'must not contain spaces'),
  ticketNumberStart: z
    .number('must be a whole number')
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(1_000_000_000, 'must be at most 1000000000'),
  restrictAgentsToAssigned: z.boolean(),
  customersCanReopen: z.boolean(),
  participantsEnabled: z.boolean(),
  copyParticipants: z.boolean(),
  // Inbound mail: a sender the reply rule does not allow becomes a participant (only while participants are enabled).
  autoAddParticipants: z.boolean(),
  // Addresses (`someone@example.com`) and domains (`example.com`) whose mail is refused and who are never added.
  inboundBlocklist: z
    .array(
      z
        .string()
        .trim()
        .toLowerCase()
        .regex(/^([^\s@]+@)?[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'must be an email address or a domain'),
    )
    .max(500, 'must hold at most 500 entries'),
  // The authserv-id of the team's own receiving server: only its Authentication-Results header is trusted for DMARC.
  dmarcAuthservId: z
    .string()
    .trim()
    .toLowerCase()
    .max(253)
    .regex(/^[a-z0-9.-]*$/, 'must be a host name'),
  serviceLevels: serviceLevelsSchema,
});

export type Settings = z.infer<typeof settingsSchema>;

export const defaultSettings: Settings = {
  siteName: 'Parley',
  ticketPrefix: 'PAR-',
  ticketSuffix: '',
  ticketNumberStart: 1001,
  restrictAgentsToAssigned: false,
  customersCanReopen: true,
  participantsEnabled: false,
  copyParticipants: false,
  autoAddParticipants: false,
  inboundBlocklist: [],
  dmarcAuthservId: '',
  // Monday to Friday, 9 to 5, in UTC, and no targets: nothing is due until an admin sets some.
  serviceLevels: {
    timeZone: 'UTC',
    week: { mon: [['09:00', '17:00']], tue: [['09:00', '17:00']], wed: [['09:00', '17:00']], thu: [['09:00', '17:00']], fri: [['09:00', '17:00']], sat: [], sun: [] },
    holidays: [],
    targets: { low: noTarget, normal: noTarget, high: noTarget, urgent: noTarget },
    warnBeforeMinutes: 30,
  },
};

export const settingsPatchSchema = settingsSchema.partial().strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

export function getSettings(db: DbOrTx = getDb()): Settings {
  const rows = db.select().from(settings).all();
  const stored: Record<string, unknown> = {};
  for (const row of rows) {
    try {
      stored[row.key] = JSON.parse(row.value);
    } catch {
      // An unreadable value falls back to its default below.
    }
  }
  const merged = { ...defaultSettings };
  for (const key of Object.keys(defaultSettings) as (keyof Settings)[]) {
    const parsed = settingsSchema.shape[key].safeParse(stored[key]);
    if (parsed.success) (merged as Record<string, unknown>)[key] = parsed.data;
  }
  return merged;
}

/** Validates a partial update (unknown keys are refused) and returns it; nothing is written. */
export function parseSettingsPatch(input: unknown): SettingsPatch {
  const parsed = settingsPatchSchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error.issues);
  return parsed.data;
}

export function writeSettings(tx: DbOrTx, patch: SettingsPatch): void {
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const json = JSON.stringify(value);
    tx.insert(settings).values({ key, value: json }).onConflictDoUpdate({ target: settings.key, set: { value: json } }).run();
  }
}

/** One stored setting as a query read it (a JSON text or null), validated as getSettings does. */
export function storedSettingValue<K extends keyof Settings>(key: K, stored: string | null): Settings[K] {
  if (stored === null) return defaultSettings[key];
  try {
    const parsed = settingsSchema.shape[key].safeParse(JSON.parse(stored));
    return parsed.success ? (parsed.data as Settings[K]) : defaultSettings[key];
  } catch {
    return defaultSettings[key];
  }
}
