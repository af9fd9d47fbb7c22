import 'server-only';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { settings, type Agent } from '@/db/schema';
import { agentActor, recordAudit } from '@/lib/core/audit';
import { getDb, type DbOrTx } from '@/lib/core/db';
import { getEnv } from '@/lib/core/env';
import { forbidden, validationError } from '@/lib/core/errors';
import { canManageSettings } from '@/lib/auth/policy';

// The team's own mailbox, read over IMAP: from IMAP_URL when set, else from Settings → Emails (stored under the
// settings key `imap`, never returned by the settings API because it holds a password).

export type ImapConfig = {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  password: string;
  mailbox: string;
  // What happens to a message once it is stored: flagged \Seen (and left where it is), or moved to a folder.
  afterProcessing: 'flag' | 'move';
  moveTo: string;
};

export type ImapConfigSource = 'env' | 'settings' | null;

const storedSchema = z.object({
  enabled: z.boolean(),
  host: z.string().trim().max(253),
  port: z.coerce.number().int().min(1).max(65535),
  secure: z.boolean(),
  user: z.string().trim().max(254),
  password: z.string().max(500),
  mailbox: z.string().trim().min(1, 'is required').max(200),
  afterProcessing: z.enum(['flag', 'move']),
  moveTo: z.string().trim().max(200),
});
export type StoredImapSettings = z.infer<typeof storedSchema>;

export const defaultImapSettings: StoredImapSettings = {
  enabled: false,
  host: '',
  port: 993,
  secure: true,
  user: '',
  password: '',
  mailbox: 'INBOX',
  afterProcessing: 'flag',
  moveTo: 'Processed',
};

/** `imaps://user%40example.com:pass@imap.example.com/INBOX` → a config; `?move=Folder` moves processed mail. */
export function parseImapUrl(url: string): ImapConfig {
  const parsed = new URL(url);
  if (parsed.protocol !== 'imap:' && parsed.protocol !== 'imaps:') throw new Error('must start with imap:// or imaps://');
  if (!parsed.hostname || !parsed.username) throw new Error('must name a host and a user');
  const secure = parsed.protocol === 'imaps:';
  const moveTo = parsed.searchParams.get('move') ?? '';
  return {
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : secure ? 993 : 143,
    secure,
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    mailbox: decodeURIComponent(parsed.pathname.replace(/^\/+/, '')) || 'INBOX',
    afterProcessing: moveTo ? 'move' : 'flag',
    moveTo,
  };
}

export function getStoredImapSettings(db: DbOrTx = getDb()): StoredImapSettings {
  const row = db.select().from(settings).where(eq(settings.key, 'imap')).get();
  if (!row) return defaultImapSettings;
  try {
    const parsed = storedSchema.safeParse({ ...defaultImapSettings, ...(JSON.parse(row.value) as object) });
    return parsed.success ? parsed.data : defaultImapSettings;
  } catch {
    return defaultImapSettings;
  }
}

/** The mailbox to read and where its settings come from; IMAP_URL wins over Settings. */
export function getImapConfig(db: DbOrTx = getDb()): { config: ImapConfig | null; source: ImapConfigSource } {
  const url = getEnv().IMAP_URL;
  if (url) return { config: parseImapUrl(url), source: 'env' };
  const stored = getStoredImapSettings(db);
  if (!stored.enabled || !stored.host || !stored.user) return { config: null, source: null };
  const { enabled: _enabled, ...config } = stored;
  return { config, source: 'settings' };
}

/** Settings → Emails → Mailbox. An empty password keeps the one stored. */
export function saveImapSettings({ agent, input }: { agent: Agent; input: Record<string, unknown> }): void {
  if (!canManageSettings(agent)) throw forbidden('Only administrators can change the mailbox settings.');
  const current = getStoredImapSettings();
  const parsed = storedSchema.safeParse({
    ...input,
    password: typeof input.password === 'string' && input.password !== '' ? input.password : current.password,
  });
  if (!parsed.success) throw validationError(parsed.error.issues);
  const next = parsed.data;
  if (next.enabled && (!next.host || !next.user)) {
    throw validationError([{ path: [!next.host ? 'host' : 'user'], message: 'is required to read the mailbox' }]);
  }
  if (next.afterProcessing === 'move' && !next.moveTo) {
    throw validationError([{ path: ['moveTo'], message: 'is required when processed mail is moved' }]);
  }
  const value = JSON.stringify(next);
  getDb().transaction((tx) => {
    tx.insert(settings).values({ key: 'imap', value }).onConflictDoUpdate({ target: settings.key, set: { value } }).run();
    recordAudit(tx, {
      ticketId: null,
      actor: agentActor(agent),
      action: 'settings.updated',
      detail: { changes: { imap: { from: redact(current), to: redact(next) } } },
    });
  });
}

const redact = ({ password, ...rest }: StoredImapSettings) => ({ ...rest, password: password ? '••••' : '' });
