import { countInboundNeedingAttention, listRefusedSendersOfTicket } from '@/lib/mail/inbound/admin';
import type Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from '@/db/schema';
import { resolveAccessLink, ticketUrlFor } from '@/lib/participants/link-access';
import { authenticateApiToken, createApiToken } from '@/lib/auth/api-tokens';
import { systemActor } from '@/lib/core/audit';
import { listCustomers, searchCustomers } from '@/lib/people/customers';
import { getSqlite } from '@/lib/core/db';
import { listMailboxMessages } from '@/lib/mail/mailbox';
import { isTicketMuted } from '@/lib/tickets/notifications';
import { claimDueMessages, deliverMessage } from '@/lib/mail/outbox-worker';
import { msUntilNextDue } from '@/lib/mail/worker/due';
import { addParticipant, listParticipantViews } from '@/lib/participants/participants';
import { listActiveParticipants } from '@/lib/tickets/records';
import { listTicketHistory } from '@/lib/tickets/history';
import { replyThroughLink } from '@/lib/participants/portal';
import { addAgentReply, getTicketForAgent, listRepliesPage, listTicketsForAgent, updateTicket } from '@/lib/tickets/tickets';
import { newAgent, newTicket, setSettings, tokenOf } from '@/tests/support/link-fixtures';

// Every hot query runs through the real code that builds it; the statements it prepares are captured and their
// EXPLAIN QUERY PLAN read. A plan that scans a large table from end to end fails. Walking an index in its order is
// allowed only where the case names that index: such a walk stops at the query's LIMIT (the newest 25 tickets).

const LARGE_TABLES = ['tickets', 'replies', 'participants', 'customers', 'events', 'audit_log', 'outbox', 'mailbox', 'inbound_messages', 'ticket_report_facts', 'ratings'];

type Statement = { sql: string; params: unknown[] };

/** The statements `fn` runs, with their parameters. */
async function capture(fn: () => unknown): Promise<Statement[]> {
  const sqlite = getSqlite();
  const original = sqlite.prepare;
  const seen: Statement[] = [];
  sqlite.prepare = function (this: Database.Database, source: string) {
    const statement = original.call(this, source);
    for (const method of ['all', 'get', 'run', 'iterate'] as const) {
      const run = statement[method].bind(statement) as (...args: unknown[]) => unknown;
      (statement as unknown as Record<string, unknown>)[method] = (...params: unknown[]) => {
        seen.push({ sql: source, params });
        return run(...params);
      };
    }
    return statement;
  } as typeof sqlite.prepare;
  try {
    await fn();
  } finally {
    sqlite.prepare = original;
  }
  return seen;
}

type PlanRow = { id: number; parent: number; detail: string };

function planOf({ sql, params }: Statement): string[] {
  return (getSqlite().prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as PlanRow[]).map((row) => row.detail);
}

/** The plan lines that scan a large table: a SCAN without an index, or a full walk of an index not allowed here. */
function fullScans(plan: string[], allowedWalks: string[]): string[] {
  return plan.filter((line) => {
    const match = /^SCAN (\w+)(?: USING (?:COVERING )?INDEX (\w+))?/.exec(line);
    if (!match || !LARGE_TABLES.includes(match[1])) return false;
    return !(match[2] && allowedWalks.includes(match[2]));
  });
}

/** Runs `fn`, checks every statement it ran, and returns the statements (to show that the case ran any). */
async function expectIndexedPlans(fn: () => unknown, { walks = [] as string[] } = {}) {
  const statements = await capture(fn);
  expect(statements.length).toBeGreaterThan(0);
  for (const statement of statements) {
    if (!/^\s*(select|update|delete|insert|with)/i.test(statement.sql)) continue;
    const plan = planOf(statement);
    if (process.env.SHOW_PLANS) console.log(`${statement.sql}\n  ${plan.join('\n  ')}`);
    expect(fullScans(plan, walks), `${statement.sql}\n${plan.join('\n')}`).toEqual([]);
  }
  return statements;
}

let admin: Agent;
let restricted: Agent;
let ticketId: number;
let customerLink: string;
let participantLink: string;

beforeAll(async () => {
  admin = await newAgent('admin');
  restricted = await newAgent('agent');
  setSettings({ participantsEnabled: true, copyParticipants: true });
  for (let i = 0; i < 30; i++) {
    const ticket = newTicket();
    addAgentReply({ ticketId: ticket.id, agent: admin, message: `Reply about the printer ${i}` });
    updateTicket({ ticketId: ticket.id, agent: admin, input: { tags: i % 3 ? ['billing'] : ['billing', 'vip'], priority: i % 2 ? 'high' : 'normal' } });
  }
  const ticket = newTicket();
  ticketId = ticket.id;
  customerLink = tokenOf(ticketUrlFor(ticket, { kind: 'customer', id: ticket.customerId }));
  participantLink = tokenOf(addParticipant({ ticketId, agent: admin, input: { email: 'guest@guests.test' } }).ticketUrl);
  setSettings({ restrictAgentsToAssigned: true });
});

// The ticket list walks tickets_activity_idx (or the status/assignee index) newest first and stops after a page.
const listWalks = { walks: ['tickets_activity_idx', 'tickets_status_activity_idx', 'tickets_assignee_activity_idx', 'tickets_priority_activity_idx'] };

describe('query plans of the hot queries', () => {
  it('reports: the facts job, every filter for admins and restricted agents; CSV exports walk the list order', async () => {
    const { getDb } = await import('@/lib/core/db');
    const { runReportFactsPass } = await import('@/lib/tickets/report-facts');
    const { buildReport } = await import('@/lib/tickets/reports');
    const { exportTicketsForAgent } = await import('@/lib/tickets/tickets');
    await expectIndexedPlans(() => runReportFactsPass(getDb()), { walks: ['tickets_updated_idx'] });
    const company = (getSqlite().prepare('select id from companies limit 1').get() as { id: number } | undefined)?.id;
    for (const agent of [admin, restricted]) {
      for (const query of [{}, { interval: 'week' }, { tag: 'billing' }, { agent: admin.id }, ...(company ? [{ company }] : [])]) {
        await expectIndexedPlans(() => buildReport({ agent, query }));
      }
      const sortWalks = { walks: [...listWalks.walks, 'tickets_sla_due_idx', 'tickets_priority_rank_idx', 'tickets_created_idx'] };
      for (const sort of ['activity', 'created', 'due', 'priority'] as const) {
        await expectIndexedPlans(() => [...exportTicketsForAgent({ agent, sort })], sortWalks);
      }
    }
  });

  it('ticket list: every filter combination, for admins and for restricted agents', async () => {
    for (const agent of [admin, restricted]) {
      for (const status of [undefined, 'open', 'closed'] as const) {
        for (const assignee of ['any', 'mine', 'unassigned'] as const) {
          await expectIndexedPlans(() => listTicketsForAgent({ agent, status, assignee }), listWalks);
          await expectIndexedPlans(() => listTicketsForAgent({ agent, status, assignee, page: 40 }), listWalks);
        }
      }
    }
  });

  it('ticket list by tag and by priority: a tag is looked up in ticket_tags, never by walking every ticket', async () => {
    for (const agent of [admin, restricted]) {
      for (const query of [{ tag: 'billing' }, { tag: 'vip', status: 'new' as const }, { q: 'tag:vip tag:billing' }, { q: 'tag:vip printer' }, { priority: 'high' as const }, { priority: 'high' as const, tag: 'vip', assignee: 'mine' as const }]) {
        const statements = await expectIndexedPlans(() => listTicketsForAgent({ agent, ...query }), listWalks);
        for (const statement of statements.filter((s) => /"ticket_tags"/.test(s.sql))) {
          expect(planOf(statement).some((line) => /ticket_tags/.test(line) && /SEARCH/.test(line))).toBe(true);
        }
      }
      await expectIndexedPlans(() => listTicketsForAgent({ agent, priority: 'high', page: 40 }), listWalks);
    }
  });

  it('ticket list in every sort, and the service-level job’s queries', async () => {
    const { runServiceLevelPass } = await import('@/lib/tickets/service-level-sync');
    const { msUntilServiceLevelWork } = await import('@/lib/tickets/service-level-due');
    const sortWalks = { walks: [...listWalks.walks, 'tickets_sla_due_idx', 'tickets_priority_rank_idx', 'tickets_created_idx'] };
    for (const agent of [admin, restricted]) {
      for (const sort of ['activity', 'created', 'due', 'priority'] as const) {
        await expectIndexedPlans(() => listTicketsForAgent({ agent, sort }), sortWalks);
        await expectIndexedPlans(() => listTicketsForAgent({ agent, sort, page: 40 }), sortWalks);
      }
    }
    const { getDb } = await import('@/lib/core/db');
    await expectIndexedPlans(() => runServiceLevelPass(getDb()), { walks: ['tickets_updated_idx', 'tickets_sla_alert_idx'] });
    await expectIndexedPlans(() => msUntilServiceLevelWork(getDb(), Date.now()), { walks: ['tickets_updated_idx'] });
  });

  it('the next ticket of a list (each ticket page): the list’s own index from the carried position, in every sort', async () => {
    const { nextTicketInList } = await import('@/lib/tickets/tickets');
    const sortWalks = { walks: [...listWalks.walks, 'tickets_sla_due_idx', 'tickets_priority_rank_idx', 'tickets_created_idx'] };
    const at = { activity: [Date.now(), ticketId], created: [Date.now(), ticketId], due: [Date.now(), ticketId], priority: [1, Date.now(), ticketId] };
    for (const agent of [admin, restricted]) {
      for (const sort of ['activity', 'created', 'due', 'priority'] as const) {
        await expectIndexedPlans(() => nextTicketInList({ agent, query: { sort }, after: at[sort], ticketId }), sortWalks);
        await expectIndexedPlans(() => nextTicketInList({ agent, query: { sort, status: 'open', tag: 'billing' }, after: at[sort], ticketId }), sortWalks);
      }
    }
  });

  it('saved views: the list of them and each count (capped), for admins and restricted agents', async () => {
    const { countSavedViews, createSavedView, listSavedViews } = await import('@/lib/tickets/views');
    createSavedView({ agent: admin, input: { name: 'Billing', shared: true, query: { tag: 'billing', sort: 'priority' } } });
    createSavedView({ agent: admin, input: { name: 'Open, mine', shared: true, query: { status: 'open', assignee: 'mine' } } });
    createSavedView({ agent: admin, input: { name: 'High due', shared: true, query: { priority: 'high', sort: 'due' } } });
    const walks = { walks: [...listWalks.walks, 'tickets_sla_due_idx', 'tickets_priority_rank_idx', 'tickets_created_idx'] };
    for (const agent of [admin, restricted]) {
      await expectIndexedPlans(() => countSavedViews(agent, listSavedViews(agent)), walks);
    }
  });

  it('search: words, prefixes, numbers, with filters and for restricted agents', async () => {
    for (const agent of [admin, restricted]) {
      for (const q of ['printer', 'reply print', 'pri', '1001', '#1001', '1001 printer', '"*-:']) {
        await expectIndexedPlans(() => listTicketsForAgent({ agent, q }), listWalks);
        await expectIndexedPlans(() => listTicketsForAgent({ agent, q, status: 'new', assignee: 'unassigned' }), listWalks);
      }
    }
  });

  it('ticket list and search keep their plans with the statistics of a large install with few customers', async () => {
    // What ANALYZE wrote for a database of 20,000 tickets of 2,000 customers, one agent and no participants (npm run
    // bench's): with these, SQLite once preferred to start from customers and sort every ticket.
    const sqlite = getSqlite();
    sqlite.exec('analyze');
    const stats: [string, string, string][] = [
      ['tickets', 'tickets_customer_idx', '20000 10'],
      ['tickets', 'tickets_activity_idx', '20000 1'],
      ['tickets', 'tickets_status_activity_idx', '20000 5000 1'],
      ['tickets', 'tickets_assignee_activity_idx', '20000 10000 1'],
      ['tickets', 'tickets_number_unique', '20000 1'],
      ['tickets', 'tickets_updated_idx', '20000 1'],
      ['customers', 'customers_email_unique', '2000 1'],
      ['customers', 'customers_list_order_idx', '2000 1 1'],
      ['customers', 'customers_company_idx', '2000 2000'],
      ['replies', 'replies_ticket_idx', '100000 5 5'],
      ['participants', 'participants_active_unique', '0 0 0'],
      ['agents', 'agents_email_unique', '1 1'],
    ];
    sqlite.exec(`delete from sqlite_stat1 where tbl in ('tickets', 'customers', 'replies', 'participants', 'agents')`);
    const insert = sqlite.prepare('insert into sqlite_stat1 (tbl, idx, stat) values (?, ?, ?)');
    for (const row of stats) insert.run(...row);
    sqlite.exec('analyze sqlite_schema');
    try {
      for (const agent of [admin, restricted]) {
        await expectIndexedPlans(() => listTicketsForAgent({ agent }), listWalks);
        await expectIndexedPlans(() => listTicketsForAgent({ agent, status: 'open', assignee: 'mine' }), listWalks);
        await expectIndexedPlans(() => listTicketsForAgent({ agent, q: 'printer' }), listWalks);
      }
    } finally {
      sqlite.exec('delete from sqlite_stat1');
      sqlite.exec('analyze sqlite_schema');
    }
  });

  it('ticket page: ticket, conversation pages, participants, history, mute state', async () => {
    await expectIndexedPlans(() => {
      getTicketForAgent({ id: ticketId, agent: admin });
      const first = listRepliesPage({ ticketId, includePrivate: true, limit: 1 });
      listRepliesPage({ ticketId, includePrivate: false, before: first.olderCursor ?? undefined });
      listParticipantViews({ ticketId });
      listTicketHistory({ ticketId });
    });
  });

  it('inbound mail that needs attention: the navigation’s count and a ticket’s refused senders', async () => {
    await expectIndexedPlans(() => countInboundNeedingAttention({ agent: admin }));
    await expectIndexedPlans(() => listRefusedSendersOfTicket({ agent: admin, ticket: getTicketForAgent({ id: ticketId, agent: admin }) }));
  });

  it('personal links: resolving, the portal view and a reply through a link (with its notifications queued)', async () => {
    await expectIndexedPlans(() => {
      resolveAccessLink(customerLink);
      resolveAccessLink(participantLink);
      isTicketMuted({ ticketId, email: 'guest@guests.test' });
      listActiveParticipants({ ticketId });
      listRepliesPage({ ticketId, includePrivate: false });
      replyThroughLink({ token: participantLink, input: { email: 'guest@guests.test', message: 'Thanks' } });
    });
  });

  it('customers list and picker search', async () => {
    for (const q of ['', 'carol', 'customer.te', 'company', '%_"']) {
      await expectIndexedPlans(() => listCustomers({ q }), { walks: ['customers_list_order_idx'] });
      await expectIndexedPlans(() => listCustomers({ q, page: 40 }), { walks: ['customers_list_order_idx'] });
    }
    await expectIndexedPlans(() => searchCustomers({ q: 'car' }), { walks: ['customers_list_order_idx'] });
  });

  it('API token authentication', async () => {
    const { token } = createApiToken({ agentId: admin.id, label: 'plans' }, systemActor);
    await expectIndexedPlans(() => authenticateApiToken(`Bearer ${token}`));
  });

  it('outbox pick-up, delivery into the local mailbox and its list', async () => {
    await expectIndexedPlans(() => claimDueMessages({ limit: 1 }));
    // One message rendered and stored in the local mailbox (looked up by outbox id first, so a retry stores it once).
    const [row] = claimDueMessages({ limit: 1 });
    const delivery = await expectIndexedPlans(() => deliverMessage(row));
    // Its statements are prepared once per connection: this first delivery of the file is where they are made.
    expect(delivery.some((s) => /^select .* from "mailbox" where "mailbox"."outbox_id" = \?/.test(s.sql))).toBe(true);
    expect(delivery.some((s) => /^insert into "mailbox"/.test(s.sql))).toBe(true);
    await expectIndexedPlans(() => msUntilNextDue());
    await expectIndexedPlans(() => listMailboxMessages({ agent: admin }), { walks: ['mailbox_created_idx'] });
  });

  it('the check itself: a scan of a large table is caught, an allowed index walk is not', () => {
    expect(fullScans(planOf({ sql: 'select * from replies where body like ?', params: ['%x%'] }), [])).toEqual(['SCAN replies']);
    const walk = planOf({ sql: 'select id from tickets order by last_activity_at desc limit 25', params: [] });
    expect(fullScans(walk, [])).toHaveLength(1);
    expect(fullScans(walk, ['tickets_activity_idx'])).toEqual([]);
  });
});
