import 'server-only';
import type Database from 'better-sqlite3';
import { getSqlite } from '@/lib/core/db';
import { getAuthSecret } from '@/lib/core/env';
import { defaultSettings, storedSettingValue } from '@/lib/core/settings';
import { linkRefusalFor } from '@/lib/participants/link-access';
import { verifyAccessToken } from '@/lib/participants/links';
import type { PollRefusal } from '@/lib/tickets/live';
import type { ReplyViewer } from '@/lib/auth/policy';
import type { Ticket } from '@/db/schema';
import { listRepliesPage, sharedUpdatedAt } from '@/lib/tickets/tickets';

// A personal page's live updates: the same short poll as the agents' (lib/tickets/live.ts), checked against the
// link's own rules each time.

/** The ticket (by id), one setting (by key) and whether the link's participant is still on it; tests check its plan. */
export const linkPollSql = `
    select t.link_version as linkVersion, t.customer_link_version as customerLinkVersion, t.customer_id as customerId,
           t.updated_at as updatedAt, t.side_reply_at as sideReplyAt, t.updated_before_side_at as updatedBeforeSideAt,
           (select value from settings where key = 'participantsEnabled') as participantsSetting,
           (select p.view || ':' || p.created_at from participants p where p.id = @participantId and p.ticket_id = t.id and p.removed_at is null) as participantView
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
  }) as
    | {
        linkVersion: number;
        customerLinkVersion: number;
        customerId: number;
        updatedAt: number;
        sideReplyAt: number | null;
        updatedBeforeSideAt: number | null;
        participantsSetting: string | null;
        participantView: string | null;
      }
    | undefined;
  // linkRefusalFor reads only participantsEnabled, the one setting the statement fetched.
  const settings = { ...defaultSettings, participantsEnabled: storedSettingValue('participantsEnabled', row?.participantsSetting ?? null) };
  const refusal = linkRefusalFor(claims, { ticket: row, participantActive: row?.participantView != null, settings });
  // A link that no longer works answers as a forged one does, like the page itself: nothing says it once worked.
  if (refusal || !row) return { ok: false, status: 404 };
  let viewer: ReplyViewer = { kind: 'customer', id: row.customerId };
  if (claims.holder.kind === 'participant') {
    const [view, joined] = row.participantView!.split(':');
    viewer = { kind: 'participant', id: claims.holder.id, view: view === 'addressed' ? 'addressed' : 'everything', joinedAt: new Date(Number(joined)) };
  }
  const date = (ms: number | null) => (ms === null ? null : new Date(ms));
  const ticket = { id: claims.ticketId, updatedAt: new Date(row.updatedAt), sideReplyAt: date(row.sideReplyAt), updatedBeforeSideAt: date(row.updatedBeforeSideAt) };
  return { ok: true, version: linkPageVersion(ticket, viewer) };
}

/**
 * A personal page's version: the ticket's last change everyone on it may notice, or the newest side reply to this
 * person when that is later. The page and its poll both use it, so a side reply to others, which changes the ticket,
 * does not move it: their page neither refreshes nor hints that something happened.
 */
export function linkPageVersion(ticket: Pick<Ticket, 'id' | 'updatedAt' | 'sideReplyAt' | 'updatedBeforeSideAt'>, viewer: ReplyViewer): number {
  const shared = sharedUpdatedAt(ticket).getTime();
  if (shared === ticket.updatedAt.getTime()) return shared;
  const newest = listRepliesPage({ ticketId: ticket.id, includePrivate: false, limit: 1, viewer }).replies[0];
  return Math.max(shared, newest?.audience === 'chosen' ? newest.createdAt.getTime() : 0);
}
