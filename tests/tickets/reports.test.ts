import { beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from '@/db/schema';
import { createAgent } from '@/lib/auth/agents';
import { updateServiceLevels, updateSettings } from '@/lib/auth/admin-settings';
import { getDb, getSqlite } from '@/lib/core/db';
import { defaultSettings } from '@/lib/core/settings';
import { runReportFactsPass } from '@/lib/tickets/report-facts';
import { hasReportFactsWork } from '@/lib/tickets/report-facts-due';
import { buildReport, percentile, reportTables } from '@/lib/tickets/reports';
import { appErrorFrom } from '@/tests/support/helpers';

// A small known week (UTC, the default calendar's zone): five tickets with fixed times, their first agent replies,
// two closings and three ratings, so every median and percentile below is worked out by hand.

// Percentiles come out in whole milliseconds: 7.9 h is 28,440,000 ms.
const HOUR = 3_600_000;
const at = (iso: string) => Date.parse(`${iso}Z`);
const NOW = at('2026-11-09T12:00:00');

let admin: Agent;
let bo: Agent;
let cy: Agent;

function seed() {
  const sqlite = getSqlite();
  sqlite.prepare("insert into companies (id, name, created_at) values (1, 'Acme', 0), (2, 'Globex', 0)").run();
  sqlite.prepare("insert into customers (id, email, name, company_id, created_at) values (1, 'pat@acme.test', 'Pat', 1, 0), (2, 'sam@globex.test', 'Sam', 2, 0)").run();
  sqlite.prepare("insert into tags (id, name, created_at) values (1, 'billing', 0)").run();
  const ticket = sqlite.prepare(
    'insert into tickets (id, number, subject, status, priority, customer_id, assignee_id, created_at, updated_at, last_activity_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const reply = sqlite.prepare(
    "insert into replies (ticket_id, body, private, author_kind, author_email, author_name, created_at) values (?, 'x', ?, ?, 'someone@example.test', 'S', ?)",
  );
  const closing = sqlite.prepare(
    "insert into audit_log (ticket_id, actor_kind, action, detail, created_at) values (?, 'agent', 'ticket.status_changed', '{\"from\":\"open\",\"to\":\"closed\"}', ?)",
  );
  // id, created, first agent reply (hours after), closed at, customer, assignee
  const rows: [number, string, number | null, string | null, number, number | null][] = [
    [1, '2026-11-02T09:00:00', 1, '2026-11-03T09:00:00', 1, bo.id],
    [2, '2026-11-02T10:00:00', 2, '2026-11-04T10:00:00', 1, bo.id],
    [3, '2026-11-03T08:00:00', 3, null, 2, null],
    [4, '2026-11-03T12:00:00', 10, null, 2, bo.id],
    [5, '2026-11-05T09:00:00', null, null, 2, null],
  ];
  for (const [id, created, replyAfter, closedAt, customer, assignee] of rows) {
    const createdAt = at(created);
    const last = closedAt ? at(closedAt) : createdAt + (replyAfter ?? 0) * HOUR;
    ticket.run(id, 1000 + id, `Ticket ${id}`, closedAt ? 'closed' : replyAfter ? 'open' : 'new', 'normal', customer, assignee, createdAt, last, last);
    reply.run(id, 0, 'customer', createdAt);
    // A private note first: it is no response.
    if (replyAfter) reply.run(id, 1, 'agent', createdAt + (replyAfter / 2) * HOUR);
    if (replyAfter) reply.run(id, 0, 'agent', createdAt + replyAfter * HOUR);
    if (closedAt) closing.run(id, at(closedAt));
  }
  sqlite.prepare('insert into ticket_tags (tag_id, ticket_id) values (1, 1), (1, 3)').run();
  // Ratings of the two closings: ticket 1 Good (customer), ticket 2 Not good (customer) and Good (a participant).
  const event = sqlite.prepare("insert into events (id, ticket_id, type, payload, created_at) values (?, ?, 'ticket.closed', '{}', ?)");
  event.run(1, 1, at('2026-11-03T09:00:00'));
  event.run(2, 2, at('2026-11-04T10:00:00'));
  const rating = sqlite.prepare(
    'insert into ratings (ticket_id, closing_event_id, closed_at, closed_by_agent_id, assignee_id, rater_kind, rater_id, rater_email, rating, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  rating.run(1, 1, at('2026-11-03T09:00:00'), bo.id, bo.id, 'customer', 1, 'pat@acme.test', 'good', NOW, NOW);
  rating.run(2, 2, at('2026-11-04T10:00:00'), bo.id, bo.id, 'customer', 1, 'pat@acme.test', 'bad', NOW, NOW);
  rating.run(2, 2, at('2026-11-04T10:00:00'), bo.id, bo.id, 'participant', 7, 'dan@partner.test', 'good', NOW, NOW);
}

const week = { from: '2026-11-02', to: '2026-11-05' };
const report = (agent: Agent, query: Record<string, unknown> = {}) => buildReport({ agent, query: { ...week, ...query }, now: NOW });

beforeAll(async () => {
  admin = await createAgent({ email: 'report-admin@example.com', name: 'Ada', password: 'password-1', role: 'admin' }, { kind: 'system' });
  bo = await createAgent({ email: 'report-bo@example.com', name: 'Bo', password: 'password-2' }, { kind: 'system' });
  cy = await createAgent({ email: 'report-cy@example.com', name: 'Cy', password: 'password-3' }, { kind: 'system' });
  seed();
  expect(hasReportFactsWork(getDb())).toBe(true);
  while (runReportFactsPass(getDb(), NOW) === 0);
  expect(hasReportFactsWork(getDb())).toBe(false);
});

describe('percentile', () => {
  it('interpolates between the nearest ranks', () => {
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentile([1, 2, 3, 4], 0.9)).toBeCloseTo(3.7, 10);
    expect(percentile([5], 0.9)).toBe(5);
    expect(percentile([], 0.5)).toBeNull();
  });
});

describe('reports over a known week', () => {
  it('counts created, closed and still open per day and per week', () => {
    const r = report(admin);
    expect(r.volume).toEqual([
      { start: '2026-11-02', created: 2, closed: 0, open: 2 },
      { start: '2026-11-03', created: 2, closed: 1, open: 3 },
      { start: '2026-11-04', created: 0, closed: 1, open: 2 },
      { start: '2026-11-05', created: 1, closed: 0, open: 3 },
    ]);
    expect(r.totals).toEqual({ created: 5, closed: 2, openAtEnd: 3 });
    expect(report(admin, { interval: 'week' }).volume).toEqual([{ start: '2026-11-02', created: 5, closed: 2, open: 3 }]);
    // A range starting later counts what was open before it.
    expect(report(admin, { from: '2026-11-04' }).volume[0]).toEqual({ start: '2026-11-04', created: 0, closed: 1, open: 2 });
  });

  it('gives the exact median and 90th percentile of first response and resolution (clock hours without targets)', () => {
    const r = report(admin);
    expect(r.businessHours).toBe(false);
    // First responses 1, 2, 3, 10 h (the private notes do not count); resolutions 24, 48 h.
    expect(r.firstResponse).toEqual({ count: 4, medianMs: 2.5 * HOUR, p90Ms: 28_440_000 });
    expect(r.resolution).toEqual({ count: 2, medianMs: 36 * HOUR, p90Ms: 164_160_000 });
    expect(r.targets).toBeNull();
    expect(reportTables(r)['response-times'].rows).toEqual([
      ['First response', 4, 2.5, 7.9],
      ['Resolution', 2, 36, 45.6],
    ]);
  });

  it('filters by tag, company and agent', () => {
    const byTag = report(admin, { tag: 'billing' });
    expect(byTag.totals.created).toBe(2);
    expect(byTag.firstResponse.medianMs).toBe(2 * HOUR);
    const byCompany = report(admin, { company: 2 });
    expect(byCompany.totals).toEqual({ created: 3, closed: 0, openAtEnd: 3 });
    expect(byCompany.firstResponse).toEqual({ count: 2, medianMs: 6.5 * HOUR, p90Ms: 33_480_000 });
    const byAgent = report(admin, { agent: bo.id });
    expect(byAgent.totals.created).toBe(3);
    expect(byAgent.busiestAgents).toEqual([{ id: bo.id, name: 'Bo', tickets: 3, closed: 2 }]);
  });

  it('names the busiest companies, tags and agents', () => {
    const r = report(admin);
    expect(r.busiestCompanies).toEqual([
      { id: 2, name: 'Globex', tickets: 3 },
      { id: 1, name: 'Acme', tickets: 2 },
    ]);
    expect(r.busiestTags).toEqual([{ id: 1, name: 'billing', tickets: 2 }]);
    expect(r.busiestAgents).toEqual([{ id: bo.id, name: 'Bo', tickets: 3, closed: 2 }]);
  });

  it('shares Good ratings overall, per agent and per company', () => {
    const r = report(admin);
    expect(r.satisfaction).toEqual({ count: 3, good: 2, share: 2 / 3 });
    expect(r.satisfactionByAgent).toEqual([{ id: bo.id, name: 'Bo', count: 3, good: 2, share: 2 / 3 }]);
    expect(r.satisfactionByCompany).toEqual([{ id: 1, name: 'Acme', count: 3, good: 2, share: 2 / 3 }]);
    expect(reportTables(r)['satisfaction-by-agent'].rows).toEqual([['Bo', 3, 2, 66.7]]);
    // Closings outside the range are not counted.
    expect(report(admin, { from: '2026-11-05' }).satisfaction).toEqual({ count: 0, good: 0, share: null });
  });

  it('counts for a restricted agent only the tickets they may see', () => {
    updateSettings({ agent: admin, input: { restrictAgentsToAssigned: true } });
    try {
      const r = report(cy);
      expect(r.limitedToVisible).toBe(true);
      // Only the unassigned tickets 3 and 5: Bo's are not Cy's to see.
      expect(r.totals).toEqual({ created: 2, closed: 0, openAtEnd: 2 });
      expect(r.firstResponse).toEqual({ count: 1, medianMs: 3 * HOUR, p90Ms: 3 * HOUR });
      expect(r.satisfaction.count).toBe(0);
      expect(r.busiestAgents).toEqual([]);
      expect(report(bo).totals.created).toBe(5);
      expect(report(admin).limitedToVisible).toBe(false);
    } finally {
      updateSettings({ agent: admin, input: { restrictAgentsToAssigned: false } });
    }
  });

  it('measures in business hours and gives the met rate once service targets exist', () => {
    updateServiceLevels({
      agent: admin,
      input: { ...defaultSettings.serviceLevels, targets: { ...defaultSettings.serviceLevels.targets, normal: { firstResponse: 180, nextResponse: null, resolution: null } } },
    });
    // The new calendar sends the job over every ticket again.
    expect(hasReportFactsWork(getDb())).toBe(true);
    while (runReportFactsPass(getDb(), NOW) === 0);
    const r = report(admin);
    expect(r.businessHours).toBe(true);
    // Mon–Fri 09:00–17:00: 1 h, 2 h, 2 h (08:00 → 11:00 counts from 09:00), 5 h (12:00 → 22:00 counts to 17:00).
    expect(r.firstResponse).toEqual({ count: 4, medianMs: 2 * HOUR, p90Ms: 14_760_000 });
    // Tickets 1, 2, 3 met 3 business hours; 4 missed it; 5 is still unanswered long after its due time.
    expect(r.targets?.firstResponse).toEqual({ met: 3, missed: 2, rate: 0.6 });
    expect(r.targets?.resolution).toEqual({ met: 0, missed: 0, rate: null });
  });

  it('refuses a bad range, an unknown tag and an unknown company with a clear error', async () => {
    expect((await appErrorFrom(() => report(admin, { from: '2026-11-06' }))).fields).toEqual({ from: 'must not be after the end date' });
    expect((await appErrorFrom(() => report(admin, { to: '2026-02-30' }))).fields).toEqual({ to: 'must be a real date' });
    expect((await appErrorFrom(() => report(admin, { from: '2020-01-01' }))).fields?.from).toMatch(/at most 1100 days/);
    expect((await appErrorFrom(() => report(admin, { tag: 'nope' }))).fields).toEqual({ tag: 'is not a known tag' });
    expect((await appErrorFrom(() => report(admin, { company: 99 }))).code).toBe('not_found');
    expect((await appErrorFrom(() => report(admin, { interval: 'month' }))).fields).toEqual({ interval: 'must be day or week' });
  });
});
