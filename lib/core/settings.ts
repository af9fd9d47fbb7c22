import 'server-only';
import { z } from 'zod';
import { settings } from '@/db/schema';
import { getDb, type DbOrTx } from '@/lib/core/db';
import { validationError } from '@/lib/core/errors';
import { noServiceTarget, serviceLevelsSchema } from '@/lib/core/service-level-schema';

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
  // Every agent must sign in with a second factor (lib/auth/two-factor.ts); those without it are sent to set it up.
  requireTwoFactor: z.boolean(),
  copyParticipants: z.boolean(),
  // "Customers and participants may add people": through their personal link (lib/auth/policy.ts canLinkHolderAddPeople).
  participantsMayAddPeople: z.boolean(),
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
  // Tickets on hold this many days are closed by the background thread, after one reminder two days before to the
  // customer and the participants; null: never (lib/tickets/auto-close.ts).
  autoCloseOnHoldDays: z
    .number('must be a whole number of days')
    .int('must be a whole number of days')
    .min(3, 'must be at least 3 days (the reminder goes out 2 days before)')
    .max(365, 'must be at most 365 days')
    .nullable(),
  // Satisfaction (lib/tickets/ratings.ts): the closing email asks the customer "How did we do?"; with
  // ratingAsksParticipants, the participants too (only while participants are enabled).
  askForRating: z.boolean(),
  ratingAsksParticipants: z.boolean(),
});

export type Settings = z.infer<typeof settingsSchema>;

export const defaultSettings: Settings = {
  siteName: 'Parley',
  ticketPrefix: 'PAR-',
  ticketSuffix: '',
  ticketNumberStart: 1001,
  restrictAgentsToAssigned: false,
  customersCanReopen: true,
  // On for new installs; an install made before they were (migration 0013) keeps the stored old default, off.
  participantsEnabled: true,
  requireTwoFactor: false,
  copyParticipants: true,
  participantsMayAddPeople: false,
  autoAddParticipants: false,
  inboundBlocklist: [],
  dmarcAuthservId: '',
  // Monday to Friday, 9 to 5, in UTC, and no targets: nothing is due until an admin sets some.
  serviceLevels: {
    timeZone: 'UTC',
    week: { mon: [['09:00', '17:00']], tue: [['09:00', '17:00']], wed: [['09:00', '17:00']], thu: [['09:00', '17:00']], fri: [['09:00', '17:00']], sat: [], sun: [] },
    holidays: [],
    targets: { low: noServiceTarget, normal: noServiceTarget, high: noServiceTarget, urgent: noServiceTarget },
    warnBeforeMinutes: 30,
  },
  autoCloseOnHoldDays: null,
  askForRating: false,
  ratingAsksParticipants: false,
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
