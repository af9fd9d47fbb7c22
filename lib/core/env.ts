import path from 'node:path';
import { z } from 'zod';

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .optional()
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const envSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  APP_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  // Where Parley keeps its files: the database (unless DATABASE_PATH says otherwise), attachments, backups, secret.
  DATA_DIR: z.string().trim().min(1).default('./data'),
  DATABASE_PATH: optionalText,
  // Scheduled snapshots (lib/files/backups.ts): the folder (default: backups/ beside the database), how often and how
  // many to keep.
  BACKUP_DIR: optionalText,
  BACKUP_EVERY: z
    .string()
    .trim()
    .toLowerCase()
    .default('1d')
    .transform((value, ctx) => {
      const ms = parseBackupInterval(value);
      if (ms === undefined) ctx.addIssue({ code: 'custom', message: 'must be a duration such as 15m, 6h or 1d, or "off"' });
      return ms ?? null;
    }),
  BACKUP_KEEP: z.coerce.number().int().min(1).max(10_000).default(7),
  AUTH_SECRET: optionalText.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
  ADMIN_EMAIL: optionalText.pipe(z.email().optional()),
  ADMIN_PASSWORD: optionalText.pipe(z.string().min(10, 'must be at least 10 characters').optional()),
  MAIL_FROM: z.string().trim().min(3).default('Parley <support@localhost>'),
  RESEND_API_KEY: optionalText,
  // First retry delay of an email that could not be sent; doubles per attempt, capped at an hour. Tests set it low.
  OUTBOX_RETRY_BASE_MS: z.coerce.number().int().min(1).max(3_600_000).default(10_000),
  // How long a claimed outbox row stays hidden from other passes; after a crash, its send is retried this long after the claim.
  OUTBOX_CLAIM_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(300_000),
  // Read by the resend SDK itself; checked here so a typo stops start instead of failing every send.
  RESEND_BASE_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  INBOUND_DOMAIN: optionalText.pipe(
    z
      .string()
      .regex(/^[a-z0-9.-]+\.[a-z]{2,}$|^localhost$/i, 'must be a domain name')
      .optional(),
  ),
  // Verifies Resend's inbound webhook (POST /api/inbound/resend); without it the route answers 404.
  RESEND_WEBHOOK_SECRET: optionalText,
  // The team's mailbox, read over IMAP: imaps://user%40example.com:pass@imap.example.com/INBOX[?move=Folder].
  IMAP_URL: optionalText.pipe(z.url({ protocol: /^imaps?$/, message: 'must be an imap:// or imaps:// URL' }).optional()),
  // Send through the team's own mail server instead of the local mailbox: smtp(s)://user:pass@host:port.
  SMTP_URL: optionalText.pipe(z.url({ protocol: /^smtps?$/, message: 'must be an smtp:// or smtps:// URL' }).optional()),
  // IMAP reconnect backoff: first delay, doubling up to five minutes. Tests set it low.
  IMAP_RETRY_BASE_MS: z.coerce.number().int().min(1).max(300_000).default(5_000),
  // Largest file accepted per attachment, in megabytes (at most ATTACHMENTS_PER_REPLY files per reply).
  ATTACHMENT_MAX_MB: z.coerce.number().positive().max(2048).default(20),
  // Honour X-Forwarded-For for per-address rate limits; only behind a proxy you trust.
  TRUST_PROXY: booleanFlag,
});

const DURATION_UNITS_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `15m`, `6h`, `1d` (or seconds, `30s`) in milliseconds; null for `off`; undefined when it is neither. */
export function parseBackupInterval(value: string): number | null | undefined {
  if (value === 'off') return null;
  const match = /^(\d{1,6})([smhd])$/.exec(value);
  if (!match || Number(match[1]) === 0) return undefined;
  return Number(match[1]) * DURATION_UNITS_MS[match[2] as keyof typeof DURATION_UNITS_MS];
}

/** An interval as BACKUP_EVERY would spell it: in its largest whole unit. */
export function formatBackupInterval(ms: number): string {
  const [unit, size] = Object.entries(DURATION_UNITS_MS).reverse().find(([, size]) => ms % size === 0) ?? ['s', 1_000];
  return `${Math.round(ms / size)}${unit}`;
}

export type Env = Omit<z.infer<typeof envSchema>, 'APP_URL' | 'DATABASE_PATH' | 'BACKUP_DIR'> & {
  APP_URL: string;
  DATABASE_PATH: string;
  BACKUP_DIR: string;
};

export class EnvError extends Error {}

/** Parses an environment; throws an EnvError whose message is one line naming the variable. */
export function parseEnv(source: NodeJS.ProcessEnv): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = String(issue.path[0] ?? 'environment');
    throw new EnvError(`Invalid environment variable ${name}: ${issue.message} (got ${JSON.stringify(source[name] ?? '')})`);
  }
  const env = result.data;
  const databasePath = path.resolve(env.DATABASE_PATH ?? path.join(env.DATA_DIR, 'parley.db'));
  return {
    ...env,
    APP_URL: (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ''),
    DATA_DIR: path.resolve(env.DATA_DIR),
    DATABASE_PATH: databasePath,
    BACKUP_DIR: path.resolve(env.BACKUP_DIR ?? path.join(path.dirname(databasePath), 'backups')),
  };
}

let cached: Env | undefined;

export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** The server secret that signs sessions and access links; `npm start` always provides one. */
export function getAuthSecret(): string {
  const secret = getEnv().AUTH_SECRET;
  if (!secret) throw new Error('AUTH_SECRET is not set: start the server with `npm start`, which generates one.');
  return secret;
}
