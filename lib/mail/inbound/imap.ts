import 'server-only';
import { eq } from 'drizzle-orm';
import type { ImapFlow } from 'imapflow';
import { imapState, type ImapStateRow } from '@/db/schema';
import type { Db, DbOrTx } from '@/lib/core/db';
import { getEnv } from '@/lib/core/env';
import { getImapConfig, type ImapConfig } from '@/lib/mail/inbound/imap-settings';
import { storeInboundMessage } from '@/lib/mail/inbound/intake';

// The team's own mailbox over IMAP. New mail is noticed through IDLE where the server offers it, else by polling
// every 30 s. Each message is stored (durable intake) before the mailbox cursor (UIDVALIDITY + last UID) moves
// past it, and only then flagged \Seen or moved as the admin chose — so a restart neither misses nor repeats mail.
// Connection errors are retried with capped backoff and shown in Settings → Emails; they never crash the server.

export const IMAP_POLL_MS = 30_000;
const MAX_BACKOFF_MS = 5 * 60_000;
const CONFIG_CHECK_MS = 10_000;

export const mailboxKey = (config: Pick<ImapConfig, 'user' | 'host' | 'mailbox'>) => `${config.user}@${config.host}/${config.mailbox}`;

export function getImapStatus(db: Db, config: ImapConfig): ImapStateRow | undefined {
  return db.select().from(imapState).where(eq(imapState.mailbox, mailboxKey(config))).get();
}

function saveState(db: DbOrTx, key: string, patch: Partial<Omit<ImapStateRow, 'mailbox'>>): void {
  db.insert(imapState)
    .values({ mailbox: key, ...patch })
    .onConflictDoUpdate({ target: imapState.mailbox, set: patch })
    .run();
}

/** Backoff after `failures` failed connections in a row: base·2^(n−1), at most five minutes. */
export const imapBackoffMs = (failures: number, baseMs: number) => Math.min(baseMs * 2 ** Math.max(0, failures - 1), MAX_BACKOFF_MS);

/**
 * Stores every message after the cursor, then advances the cursor, then flags or moves them. On the first run in a
 * mailbox (no cursor yet) only unread mail is taken, so connecting a mailbox does not import years of history.
 */
export async function fetchNewMessages(db: Db, client: ImapFlow, config: ImapConfig): Promise<number> {
  const key = mailboxKey(config);
  const mailbox = client.mailbox;
  if (!mailbox) throw new Error('No mailbox is open.');
  const uidValidity = String(mailbox.uidValidity);
  const state = db.select().from(imapState).where(eq(imapState.mailbox, key)).get();
  const sameNumbering = state?.uidValidity === uidValidity;
  const lastUid = sameNumbering ? state.lastUid : 0;
  const firstRun = !state?.uidValidity;
  const found = await client.search(firstRun ? { seen: false } : { uid: `${lastUid + 1}:*` }, { uid: true });
  const uids = (found || []).filter((uid) => uid > lastUid).sort((a, b) => a - b);
  if (uids.length === 0) {
    if (!sameNumbering) saveState(db, key, { uidValidity, lastUid });
    return 0;
  }
  // Fetched whole, then stored one by one: no other IMAP command may run while a FETCH is being read.
  const messages: { uid: number; source: Buffer }[] = [];
  for await (const message of client.fetch(uids, { uid: true, source: true }, { uid: true })) {
    if (message.source) messages.push({ uid: message.uid, source: message.source });
  }
  messages.sort((a, b) => a.uid - b.uid);
  const done: number[] = [];
  for (const message of messages) {
    db.transaction((tx) => {
      storeInboundMessage(tx, { source: 'imap', sourceId: `${key}:${uidValidity}:${message.uid}`, raw: message.source });
      saveState(tx, key, { uidValidity, lastUid: message.uid });
    });
    done.push(message.uid);
  }
  if (done.length > 0) {
    if (config.afterProcessing === 'move' && config.moveTo) {
      await client.mailboxCreate(config.moveTo).catch(() => undefined);
      await client.messageMove(done, config.moveTo, { uid: true });
    } else {
      await client.messageFlagsAdd(done, ['\\Seen'], { uid: true });
    }
  }
  return done.length;
}

type ReaderState = { stopped: boolean; client: ImapFlow | null; configJson: string | null; failures: number; timer?: NodeJS.Timeout };
const holder = globalThis as unknown as { parleyImapReader?: ReaderState };

/** Starts the IMAP reader once per process; it follows the configuration (IMAP_URL or Settings) as it changes. */
export function startImapReader(db: Db): void {
  if (holder.parleyImapReader) return;
  const state: ReaderState = { stopped: false, client: null, configJson: null, failures: 0 };
  holder.parleyImapReader = state;

  const later = (ms: number) => {
    clearTimeout(state.timer);
    state.timer = setTimeout(() => void cycle(), ms);
  };

  async function cycle(): Promise<void> {
    if (state.stopped) return;
    let config: ImapConfig | null;
    try {
      config = getImapConfig(db).config;
    } catch (error) {
      console.error('parley: the IMAP settings could not be read:', error);
      return later(CONFIG_CHECK_MS);
    }
    const json = config ? JSON.stringify(config) : null;
    if (state.client && json === state.configJson) return later(CONFIG_CHECK_MS);
    // The configuration changed (or the connection ended): start over with the new one.
    await closeClient();
    state.configJson = json;
    if (!config) return later(CONFIG_CHECK_MS);
    await connect(config);
  }

  async function closeClient() {
    const client = state.client;
    state.client = null;
    if (client) await client.logout().catch(() => client.close());
  }

  async function connect(config: ImapConfig): Promise<void> {
    const key = mailboxKey(config);
    // Loaded once a mailbox is configured: most installs never read one.
    const { ImapFlow } = await import('imapflow');
    const client = new ImapFlow({
      host: config.host,
      port: config.port,
      secure: config.secure,
      auth: { user: config.user, pass: config.password },
      logger: false,
      autoIdleDelay: 1000,
      maxIdleTime: 5 * 60_000,
    });
    let busy = false;
    let again = false;
    let pollTimer: NodeJS.Timeout | undefined;
    const check = async () => {
      if (busy) {
        again = true;
        return;
      }
      busy = true;
      try {
        do {
          again = false;
          await fetchNewMessages(db, client, config);
        } while (again);
        saveState(db, key, { status: client.capabilities.has('IDLE') ? 'connected (IDLE)' : 'connected (polling every 30 s)', lastError: null, lastCheckedAt: new Date(), nextRetryAt: null });
      } catch (error) {
        console.error(`parley: reading ${key} failed:`, error);
        client.close();
      } finally {
        busy = false;
      }
    };
    client.on('error', (error: Error) => {
      saveState(db, key, { status: 'error', lastError: error.message });
    });
    client.on('close', () => {
      clearInterval(pollTimer);
      if (state.client !== client || state.stopped) return;
      state.client = null;
      state.failures += 1;
      const delay = imapBackoffMs(state.failures, getEnv().IMAP_RETRY_BASE_MS);
      saveState(db, key, { status: 'disconnected', nextRetryAt: new Date(Date.now() + delay) });
      later(delay);
    });
    try {
      state.client = client;
      saveState(db, key, { status: 'connecting' });
      await client.connect();
      await client.mailboxOpen(config.mailbox);
      state.failures = 0;
      client.on('exists', () => void check());
      // Without IDLE, look every 30 s; with it, the server tells us (the 30 s look is then a harmless safety net).
      pollTimer = setInterval(() => void check(), IMAP_POLL_MS);
      await check();
      later(CONFIG_CHECK_MS);
    } catch (error) {
      const message = error instanceof Error ? ((error as { responseText?: string }).responseText ?? error.message) : String(error);
      state.client = null;
      clearInterval(pollTimer);
      client.close();
      state.failures += 1;
      const delay = imapBackoffMs(state.failures, getEnv().IMAP_RETRY_BASE_MS);
      saveState(db, key, { status: 'error', lastError: message, nextRetryAt: new Date(Date.now() + delay) });
      console.error(`parley: could not connect to ${key} (${message}); trying again in ${Math.round(delay / 1000)} s.`);
      later(delay);
    }
  }

  later(0);
}
