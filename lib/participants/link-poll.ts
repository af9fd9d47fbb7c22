import 'server-only';
import type Database from 'better-sqlite3';
import { getSqlite } from '@/lib/core/db';
import { getAuthSecret } from '@/lib/core/env';
import { defaultSettings, storedSettingValue } from '@/lib/core/settings';
import { linkRefusalFor } from '@/lib/participants/link-access';
import { verifyAccessToken } from '@/lib/participants/links';
import type { PollRefusal } from '@/lib/tickets/live';

// A personal page's live updates: the same short poll as the agents' (lib/tickets/live.ts), checked against the
// link's own rules each time.

/** The ticket (by id), one setting (by key) and whether the link's participant is still on it; tests check its plan. */
export const linkPollSql = `
    select t.link_version as linkVersion, t.customer_link_version as customerLinkVersion, t.customer_id as customerId, t.updated_at as version,
           (select value from settings where key = 'participantsEnabled') as participantsSetting,
           exists (select 1 from participants p where p.id = @participantId and p.ticket_id = t.id and p.removed_at is null) as participantActive
    from tickets t where t.id = @ticketId`;

const statements = new WeakMap<Database.Database, Database.Statement>();

function linkPollStatement(): Database.Statement {
  const sqlite = getSqlite();
  let statement = statements.get(sqlite);
  if (!statement) statements.set(sqlite, (statement = sqlite.prepare(linkPollSql)));
  return statement;
}

/** A personal page's poll: has its ticket changed, and does the link still open it (the same rules as the page). */
export function pollTicketForLink({ token }: { token: string }): { ok: true; version: number } | PollRefusal {
  const claims = verifyAccessToken(token, getAuthSecret());
  if (!claims) return { ok: false, status: 404 };
  const row = linkPollStatement().get({
    ticketId: claims.ticketId,
    participantId: claims.holder.kind === 'participant' ? claims.holder.id : 0,
  }) as { linkVersion: number; customerLinkVersion: number; customerId: number; version: number; participantsSetting: string | null; participantActive: number } | undefined;
  // linkRefusalFor reads only participantsEnabled, the one setting the statement fetched.
  const settings = { ...defaultSettings, participantsEnabled: storedSettingValue('participantsEnabled', row?.participantsSetting ?? null) };
  const refusal = linkRefusalFor(claims, { ticket: row, participantActive: Boolean(row?.participantActive), settings });
  // A link that no longer works answers as a forged one does, like the page itself: nothing says it once worked.
  if (refusal || !row) return { ok: false, status: 404 };
  return { ok: true, version: row.version };
}
