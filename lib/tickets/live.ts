import 'server-only';
import type Database from 'better-sqlite3';
import type { TicketStatus } from '@/db/schema';
import { isSessionCurrent } from '@/lib/auth/agents';
import { getSqlite } from '@/lib/core/db';
import { LIVE_POLL_MS } from '@/lib/tickets/live-interval';
import { canViewEveryTicket, canViewTicket, mustSetUpTwoFactor } from '@/lib/auth/policy';
import { defaultSettings, storedSettingValue } from '@/lib/core/settings';

// Live updates: open ticket pages, the ticket list and personal ticket pages ask every LIVE_POLL_MS (3 s) whether
// anything changed, and re-render (router.refresh) when it did.
//
// Why short polling rather than server-sent events: each poll is an ordinary short request, so the session, the
// agent's role and the ticket policy — or the personal link — are checked afresh every time, exactly as for a page;
// nothing holds a connection open (browsers allow six per host over HTTP/1.1, and agents keep many tabs open; proxies
// buffer or cut long responses); and the same request carries the presence heartbeat ("… is viewing"). A poll costs
// one prepared SQLite statement made of primary-key and index lookups (tickets_updated_idx, replies_ticket_idx), and
// nothing else; a few seconds of delay is what the issue asks for.
//
// A ticket's `updated_at` is its change marker: replies, notes, status, assignment, participants and link rotation
// all move it (lib/tickets/tickets.ts touchTicket and friends).


/** The agents' poll statements (a personal page's is in lib/participants/link-poll.ts); tests/tickets/live.test.ts checks with EXPLAIN QUERY PLAN that each uses indexes only. */
export const pollSql = {
  // The agent (by id), the ticket (by id), one setting (by key) and — only when the ticket changed since the caller's
  // version — its latest reply (replies_ticket_idx).
  agentTicket: `
    select a.name as agentName, a.role as role, a.active as active, a.session_version as sessionVersion,
           a.two_factor_enabled_at as twoFactorEnabledAt,
           (select value from settings where key = 'requireTwoFactor') as requireTwoFactorSetting,
           t.id as ticketId, t.assignee_id as assigneeId, t.status as status, t.updated_at as version,
           (select value from settings where key = 'restrictAgentsToAssigned') as restrictSetting,
           case when t.updated_at > @since then (
             select json_object('id', r.id, 'authorKind', r.author_kind, 'authorId', r.author_id, 'authorName', r.author_name)
             from replies r where r.ticket_id = t.id order by r.created_at desc limit 1
           ) end as lastReply
    from agents a left join tickets t on t.id = @ticketId
    where a.id = @agentId`,
  // The newest change to any ticket (the end of tickets_updated_idx) and to the tickets a restricted agent sees — the
  // unassigned ones and their own (the ends of two ranges of tickets_assignee_updated_idx) — so an agent who may not
  // see a ticket never sees the list's version move when it changes.
  agentList: `
    select a.active as active, a.role as role, a.session_version as sessionVersion,
           a.two_factor_enabled_at as twoFactorEnabledAt,
           (select value from settings where key = 'requireTwoFactor') as requireTwoFactorSetting,
           (select value from settings where key = 'restrictAgentsToAssigned') as restrictSetting,
           (select max(updated_at) from tickets) as allVersion,
           max(coalesce((select max(updated_at) from tickets where assignee_id is null), 0),
               coalesce((select max(updated_at) from tickets where assignee_id = a.id), 0)) as visibleVersion
    from agents a where a.id = @agentId`,
} as const;

type Statements = { agentTicket: Database.Statement; agentList: Database.Statement };
const statementCache = new WeakMap<Database.Database, Statements>();

function statements(): Statements {
  const sqlite = getSqlite();
  let cached = statementCache.get(sqlite);
  if (!cached) {
    cached = {
      agentTicket: sqlite.prepare(pollSql.agentTicket),
      agentList: sqlite.prepare(pollSql.agentList),
    };
    statementCache.set(sqlite, cached);
  }
  return cached;
}

// ---- Presence: who has a ticket open, and who is writing a reply ----
// Kept in this process's memory (Parley runs as one process): it is fleeting by nature, and every poll renews it.

export type PresenceActivity = 'viewing' | 'replying';
export type PresenceEntry = { agentId: number; name: string; activity: PresenceActivity; seenAt: number };

/** An agent who stops polling (tab closed, network gone) disappears after three missed polls. */
export const PRESENCE_TTL_MS = 3 * LIVE_POLL_MS + 1000;
const SWEEP_EVERY_MS = 60_000;

const globalPresence = globalThis as unknown as { parleyPresence?: { byTicket: Map<number, Map<number, PresenceEntry>>; sweptAt: number } };
const presence = () => (globalPresence.parleyPresence ??= { byTicket: new Map(), sweptAt: 0 });

/** Records (or, with 'left', forgets) one agent on one ticket and returns the others currently there. */
export function notePresence(ticketId: number, agent: { id: number; name: string }, activity: PresenceActivity | 'left', now = Date.now()): PresenceEntry[] {
  const store = presence();
  if (now - store.sweptAt > SWEEP_EVERY_MS) {
    // Tickets nobody polls any more are dropped, so the map only holds tickets someone has open.
    for (const [id, agents] of store.byTicket) {
      for (const [agentId, entry] of agents) if (now - entry.seenAt > PRESENCE_TTL_MS) agents.delete(agentId);
      if (agents.size === 0) store.byTicket.delete(id);
    }
    store.sweptAt = now;
  }
  let here = store.byTicket.get(ticketId);
  if (activity === 'left') here?.delete(agent.id);
  else {
    if (!here) store.byTicket.set(ticketId, (here = new Map()));
    here.set(agent.id, { agentId: agent.id, name: agent.name, activity, seenAt: now });
  }
  if (!here) return [];
  return [...here.values()].filter((entry) => entry.agentId !== agent.id && now - entry.seenAt <= PRESENCE_TTL_MS);
}

// ---- Polls ----

/** As for pages and actions: while the team requires two-factor sign-in, an agent without it learns nothing from a poll. */
function mustSetUpFirst(row: { twoFactorEnabledAt: number | null; requireTwoFactorSetting: string | null }): boolean {
  const requireTwoFactor = storedSettingValue('requireTwoFactor', row.requireTwoFactorSetting);
  return mustSetUpTwoFactor({ twoFactorEnabledAt: row.twoFactorEnabledAt === null ? null : new Date(row.twoFactorEnabledAt) }, { requireTwoFactor });
}

export type LastReply = { id: number; authorKind: 'agent' | 'customer' | 'participant'; authorId: number | null; authorName: string };
export type PollRefusal = { ok: false; status: 401 | 403 | 404 };

export type AgentTicketPoll =
  | { ok: true; version: number; status: TicketStatus; lastReply: LastReply | null; presence: { name: string; activity: PresenceActivity }[] }
  | PollRefusal;

/** An agent's poll of one ticket: has it changed since `since`, its latest reply if so, and who else is there. */
export function pollTicketForAgent(input: {
  agentId: number;
  sessionVersion: unknown;
  ticketId: number;
  since: number;
  activity: PresenceActivity | 'left';
}): AgentTicketPoll {
  const row = statements().agentTicket.get({ agentId: input.agentId, ticketId: input.ticketId, since: input.since }) as
    | {
        agentName: string;
        role: 'admin' | 'agent';
        active: number;
        sessionVersion: number;
        twoFactorEnabledAt: number | null;
        requireTwoFactorSetting: string | null;
        ticketId: number | null;
        assigneeId: number | null;
        status: TicketStatus;
        version: number;
        restrictSetting: string | null;
        lastReply: string | null;
      }
    | undefined;
  if (!row || !isSessionCurrent({ active: Boolean(row.active), sessionVersion: row.sessionVersion }, input.sessionVersion)) return { ok: false, status: 401 };
  if (mustSetUpFirst(row)) return { ok: false, status: 403 };
  if (row.ticketId === null) return { ok: false, status: 404 };
  const agent = { id: input.agentId, role: row.role, active: true };
  // canViewTicket reads only restrictAgentsToAssigned, the one setting the statement fetched.
  const settings = { ...defaultSettings, restrictAgentsToAssigned: storedSettingValue('restrictAgentsToAssigned', row.restrictSetting) };
  if (!canViewTicket(agent, { assigneeId: row.assigneeId, status: row.status }, settings)) return { ok: false, status: 403 };
  const others = notePresence(input.ticketId, { id: input.agentId, name: row.agentName }, input.activity);
  return {
    ok: true,
    version: row.version,
    status: row.status,
    lastReply: row.lastReply ? (JSON.parse(row.lastReply) as LastReply) : null,
    presence: others.map(({ name, activity }) => ({ name, activity })),
  };
}

type ListRow = {
  active: number;
  role: 'admin' | 'agent';
  sessionVersion: number;
  twoFactorEnabledAt: number | null;
  requireTwoFactorSetting: string | null;
  restrictSetting: string | null;
  allVersion: number | null;
  visibleVersion: number;
};

/** The list's version for this agent: the newest change among the tickets the policy lets them see. */
function listVersionOf(agentId: number, row: ListRow): number {
  const settings = { ...defaultSettings, restrictAgentsToAssigned: storedSettingValue('restrictAgentsToAssigned', row.restrictSetting) };
  return canViewEveryTicket({ id: agentId, role: row.role, active: Boolean(row.active) }, settings) ? (row.allVersion ?? 0) : row.visibleVersion;
}

/** An agent's poll of the ticket list: the newest change to a ticket they may see (the list re-renders with its own filters). */
export function pollTicketListForAgent({ agentId, sessionVersion }: { agentId: number; sessionVersion: unknown }): { ok: true; version: number } | PollRefusal {
  const row = statements().agentList.get({ agentId }) as ListRow | undefined;
  if (!row || !isSessionCurrent({ active: Boolean(row.active), sessionVersion: row.sessionVersion }, sessionVersion)) return { ok: false, status: 401 };
  if (mustSetUpFirst(row)) return { ok: false, status: 403 };
  return { ok: true, version: listVersionOf(agentId, row) };
}

/** The version the ticket list is rendered at for this agent (what pollTicketListForAgent compares with). */
export function ticketListVersion(agentId: number): number {
  const row = statements().agentList.get({ agentId }) as ListRow | undefined;
  return row ? listVersionOf(agentId, row) : 0;
}
