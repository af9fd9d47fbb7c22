// `npm run bench`: seeds a throwaway database (or copies BENCH_DATABASE, for the reports alone) to a small team's multi-year volume and checks the hot paths
// against their targets. Exits non-zero when a target is missed. Numbers, not assertions in tests.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const TICKETS = Number(process.env.BENCH_TICKETS ?? 20_000);
const REPLIES_PER_TICKET = 5;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-bench-'));
process.env.DATABASE_PATH = path.join(dir, 'bench.db');
// BENCH_DATABASE=<file made by `npm run seed:bench`>: only the reports are measured, on a copy of that database
// (100,000 tickets and 1,000,000 replies by default), after the background job has filled their figures.
const SEEDED = process.env.BENCH_DATABASE;
if (SEEDED) for (const suffix of ['', '-wal']) if (fs.existsSync(SEEDED + suffix)) fs.copyFileSync(SEEDED + suffix, process.env.DATABASE_PATH + suffix);
process.env.AUTH_SECRET ??= 'bench-secret-bench-secret-bench-secret-0123';

type Target = { name: string; p95Ms: number };
const targets: Target[] = [
  { name: 'list: newest activity, page 1', p95Ms: 50 },
  { name: 'list: status filter, page 40', p95Ms: 50 },
  { name: 'list: mine', p95Ms: 50 },
  { name: 'list: tag on 1 in 3 tickets, page 1', p95Ms: 50 },
  { name: 'list: rare tag (1 in 500), page 1', p95Ms: 50 },
  { name: 'list: priority urgent', p95Ms: 50 },
  { name: 'list: sorted by due time, page 1', p95Ms: 50 },
  { name: 'list: sorted by priority, page 1', p95Ms: 50 },
  { name: 'search: tag: word with a word', p95Ms: 400 },
  { name: 'saved views: 5 counts (navigation)', p95Ms: 50 },
  { name: 'search: by ticket number', p95Ms: 50 },
  { name: 'search: a word in replies', p95Ms: 400 },
  { name: 'ticket page: ticket + replies + participants', p95Ms: 20 },
  { name: 'access link: resolve', p95Ms: 10 },
  { name: 'create ticket (web submit)', p95Ms: 30 },
];
// Every report (all its figures, charts and tables at once) at ≤ 300 ms.
const REPORT_P95_MS = 300;
const reportRuns: { name: string; query: Record<string, string | number>; restricted?: boolean }[] = [
  { name: 'report: last 30 days', query: {} },
  { name: 'report: last 365 days', query: { days: 365 } },
  { name: 'report: 3 years, per week', query: { days: 1095, interval: 'week' } },
  { name: 'report: 365 days, one tag', query: { days: 365, tag: 'bench-tag' } },
  { name: 'report: 365 days, one company', query: { days: 365, company: 1 } },
  { name: 'report: 365 days, one agent', query: { days: 365, agent: 2 } },
  { name: 'report: 365 days, restricted agent', query: { days: 365 }, restricted: true },
];
const MAX_RSS_MB = 400;

function measure(name: string, runs: number, fn: (i: number) => unknown) {
  for (let i = 0; i < 3; i++) fn(i); // warm up statement caches
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn(i);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const p = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  return { name, p50: p(0.5), p95: p(0.95) };
}

/**
 * The reports: the background job fills their figures (timed, a figure only), then each report is built for the
 * admin (and one for a restricted agent) and one CSV of every ticket is streamed (a figure only).
 */
async function benchReports(): Promise<{ results: ReturnType<typeof measure>[]; failed: boolean }> {
  const { getDb, getSqlite } = await import('@/lib/core/db');
  const { runReportFactsPass } = await import('@/lib/tickets/report-facts');
  const { buildReport, reportTables } = await import('@/lib/tickets/reports');
  const { writeSettings } = await import('@/lib/core/settings');
  const { ticketListCsv } = await import('@/lib/web/csv-exports');
  const { localDateOf } = await import('@/lib/tickets/business-hours');
  const sqlite = getSqlite();
  const counts = sqlite.prepare('select (select count(*) from tickets) as tickets, (select count(*) from replies) as replies').get() as { tickets: number; replies: number };
  // Satisfaction to count: a rating by the customer of two closed tickets in three, and a tag on one ticket in 4
  // (once: a database already benchmarked keeps its own).
  const seeded = (sqlite.prepare('select count(*) as n from ratings').get() as { n: number }).n > 0;
  if (!seeded) sqlite.exec(`
    insert into events (ticket_id, type, payload, created_at) select id, 'ticket.closed', '{}', updated_at from tickets where status = 'closed';
    insert into ratings (ticket_id, closing_event_id, closed_at, closed_by_agent_id, assignee_id, rater_kind, rater_id, rater_email, rating, created_at, updated_at)
      select e.ticket_id, e.id, e.created_at, t.assignee_id, t.assignee_id, 'customer', t.customer_id, 'customer' || t.customer_id || '@example.com',
        case when e.id % 2 = 0 then 'good' else 'bad' end, e.created_at, e.created_at
      from events e join tickets t on t.id = e.ticket_id where e.type = 'ticket.closed' and (e.id % 2 = 0 or e.id % 3 = 0);
    insert or ignore into tags (name, created_at) values ('bench-tag', 0);
    insert or ignore into ticket_tags (tag_id, ticket_id) select (select id from tags where name = 'bench-tag'), id from tickets where id % 4 = 0;
  `);
  const fillStart = performance.now();
  while (runReportFactsPass(getDb()) === 0);
  const fillSeconds = (performance.now() - fillStart) / 1000;
  sqlite.exec('analyze');
  console.log(`Reports over ${counts.tickets} tickets, ${counts.replies} replies: the background job filled their figures in ${fillSeconds.toFixed(1)} s`);
  const admin = sqlite.prepare("select * from agents where role = 'admin' order by id limit 1").get() as { id: number };
  const { getAgentById } = await import('@/lib/auth/agents');
  const adminAgent = getAgentById({ id: admin.id })!;
  let restrictedId = (sqlite.prepare("select id from agents where role = 'agent' order by id limit 1").get() as { id: number } | undefined)?.id;
  if (restrictedId === undefined) {
    const { createAgent } = await import('@/lib/auth/agents');
    restrictedId = (await createAgent({ email: 'bench-agent@example.com', name: 'Bench agent', password: 'bench-password' }, { kind: 'system' })).id;
  }
  const restricted = getAgentById({ id: restrictedId })!;
  const today = localDateOf('UTC', Date.now());
  const results = reportRuns.map(({ name, query: { days, ...query }, restricted: limited }) => {
    const range = days ? { from: new Date(Date.parse(`${today}T00:00:00Z`) - (Number(days) - 1) * 86_400_000).toISOString().slice(0, 10), to: today } : {};
    if (limited) getDb().transaction((tx) => writeSettings(tx, { restrictAgentsToAssigned: true }));
    const result = measure(name, 20, () => reportTables(buildReport({ agent: limited ? restricted : adminAgent, query: { ...range, ...query } })));
    if (limited) getDb().transaction((tx) => writeSettings(tx, { restrictAgentsToAssigned: false }));
    return result;
  });
  const csvStart = performance.now();
  const csv = await ticketListCsv(adminAgent, {}).arrayBuffer();
  console.log(`  CSV of every ticket (${counts.tickets} rows, ${(csv.byteLength / 1024 / 1024).toFixed(1)} MB) streamed in ${((performance.now() - csvStart) / 1000).toFixed(1)} s`);
  let failed = false;
  console.log('\n  report                                           p50 ms   p95 ms   target p95');
  for (const r of results) {
    const ok = r.p95 <= REPORT_P95_MS;
    failed ||= !ok;
    console.log(`  ${r.name.padEnd(48)} ${r.p50.toFixed(2).padStart(7)} ${r.p95.toFixed(2).padStart(8)}   ${String(REPORT_P95_MS).padStart(6)}  ${ok ? 'ok' : 'MISSED'}`);
  }
  return { results, failed };
}

async function main() {
  if (SEEDED) {
    const { failed } = await benchReports();
    fs.rmSync(dir, { recursive: true, force: true });
    process.exit(failed ? 1 : 0);
  }
  const { getDb, getSqlite } = await import('@/lib/core/db');
  const { createAgent } = await import('@/lib/auth/agents');
  const { createTicket, listTicketsForAgent, listRepliesPage } = await import('@/lib/tickets/tickets');
  const { getTicketWithPeople } = await import('@/lib/tickets/records');
  const { listParticipantViews } = await import('@/lib/participants/participants');
  const { resolveAccessLink, ticketUrlFor } = await import('@/lib/participants/link-access');
  const { writeSettings } = await import('@/lib/core/settings');
  const { countSavedViews, createSavedView, listSavedViews } = await import('@/lib/tickets/views');

  const admin = await createAgent({ email: 'bench-admin@example.com', name: 'Bench', password: 'bench-password', role: 'admin' }, { kind: 'system' });
  getDb().transaction((tx) => writeSettings(tx, { participantsEnabled: true }));

  console.log(`Seeding ${TICKETS} tickets with ${REPLIES_PER_TICKET} replies each in ${dir} …`);
  const seedStart = performance.now();
  const sqlite = getSqlite();
  const words = ['printer', 'invoice', 'login', 'refund', 'laptop', 'password', 'shipping', 'broken', 'urgent', 'question'];
  sqlite.exec('begin');
  sqlite.prepare("insert into companies (name, created_at) values ('Acme', 0)").run();
  const insertCustomer = sqlite.prepare('insert into customers (email, name, company_id, created_at) values (?, ?, 1, ?)');
  const insertTicket = sqlite.prepare(
    'insert into tickets (number, subject, status, priority, customer_id, assignee_id, link_version, created_at, updated_at, last_activity_at, sla_due_at) values (?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)',
  );
  // Tags as a team uses them: one common (a third of all tickets), a few middling, one rare.
  const tagNames = ['billing', 'hardware', 'vip', 'rare'];
  const insertTag = sqlite.prepare('insert into tags (name, created_at) values (?, 0)');
  for (const name of tagNames) insertTag.run(name);
  const insertTicketTag = sqlite.prepare('insert into ticket_tags (tag_id, ticket_id) values (?, ?)');
  const priorities = ['normal', 'normal', 'normal', 'low', 'high', 'normal', 'normal', 'high', 'normal', 'normal'];
  const insertReply = sqlite.prepare(
    "insert into replies (ticket_id, body, private, author_kind, author_id, author_email, author_name, source, created_at) values (?, ?, 0, 'customer', ?, ?, 'C', 'web', ?)",
  );
  const statuses = ['new', 'open', 'hold', 'closed'];
  for (let c = 1; c <= 2000; c++) insertCustomer.run(`customer${c}@example.com`, `Customer ${c}`, 0);
  for (let t = 1; t <= TICKETS; t++) {
    const at = Date.now() - (TICKETS - t) * 60_000;
    const customerId = (t % 2000) + 1;
    // One ticket in 200 is urgent.
    // Tickets not closed have a target running, due a few hours after their last activity.
    const dueAt = statuses[t % 4] === 'closed' ? null : at + ((t * 7919) % 480) * 60_000;
    insertTicket.run(1000 + t, `${words[t % 10]} issue ${t}`, statuses[t % 4], t % 200 === 0 ? 'urgent' : priorities[t % 10], customerId, t % 3 === 0 ? admin.id : null, at, at, at, dueAt);
    if (t % 3 === 0) insertTicketTag.run(1, t);
    if (t % 10 === 1) insertTicketTag.run(2, t);
    if (t % 25 === 2) insertTicketTag.run(3, t);
    if (t % 500 === 7) insertTicketTag.run(4, t);
    for (let r = 0; r < REPLIES_PER_TICKET; r++) {
      insertReply.run(t, `Reply ${r} about the ${words[(t + r) % 10]} problem, reference ${t}-${r}. ${'Lorem ipsum dolor sit amet. '.repeat(8)}`, customerId, `customer${customerId}@example.com`, at);
    }
  }
  sqlite.exec('commit');
  sqlite.exec('analyze');
  // A live database has long since checkpointed its WAL; reads through a WAL holding the whole seed are slower.
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  console.log(`Seeded in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

  // The navigation's saved views: each is counted (up to its cap) on every ticket list page.
  for (const [name, query] of [
    ['Billing', { tag: 'billing' }],
    ['Rare', { tag: 'rare', sort: 'due' }],
    ['Urgent', { priority: 'urgent', sort: 'priority' }],
    ['Open, mine', { status: 'open', assignee: 'mine' }],
    ['Due soonest', { sort: 'due' }],
  ] as const) {
    createSavedView({ agent: admin, input: { name, shared: true, query } });
  }

  const sample = getTicketWithPeople({ id: Math.floor(TICKETS / 2) })!;
  const link = ticketUrlFor(sample, { kind: 'customer', id: sample.customerId }).split('/t/')[1];

  const results = [
    measure('list: newest activity, page 1', 50, () => listTicketsForAgent({ agent: admin })),
    measure('list: status filter, page 40', 50, () => listTicketsForAgent({ agent: admin, status: 'open', page: 40 })),
    measure('list: mine', 50, () => listTicketsForAgent({ agent: admin, assignee: 'mine' })),
    measure('list: tag on 1 in 3 tickets, page 1', 50, () => listTicketsForAgent({ agent: admin, tag: 'billing' })),
    measure('list: rare tag (1 in 500), page 1', 50, () => listTicketsForAgent({ agent: admin, tag: 'rare' })),
    measure('list: priority urgent', 50, () => listTicketsForAgent({ agent: admin, priority: 'urgent' })),
    measure('list: sorted by due time, page 1', 50, () => listTicketsForAgent({ agent: admin, sort: 'due' })),
    measure('list: sorted by priority, page 1', 50, () => listTicketsForAgent({ agent: admin, sort: 'priority' })),
    measure('search: tag: word with a word', 10, (i) => listTicketsForAgent({ agent: admin, q: `tag:billing reference ${(i * 97) % TICKETS}-3` })),
    measure('saved views: 5 counts (navigation)', 50, () => countSavedViews(admin, listSavedViews(admin))),
    measure('search: by ticket number', 50, (i) => listTicketsForAgent({ agent: admin, q: `PAR-${1000 + ((i * 37) % TICKETS) + 1}` })),
    measure('search: a word in replies', 10, (i) => listTicketsForAgent({ agent: admin, q: `reference ${(i * 97) % TICKETS}-3` })),
    measure('ticket page: ticket + replies + participants', 100, (i) => {
      const id = ((i * 31) % TICKETS) + 1;
      getTicketWithPeople({ id });
      listRepliesPage({ ticketId: id, includePrivate: true });
      listParticipantViews({ ticketId: id });
    }),
    measure('access link: resolve', 200, () => resolveAccessLink(link)),
    measure('create ticket (web submit)', 50, (i) =>
      createTicket({ subject: `Bench ${i}`, message: 'Hello', customer: { email: `new${i}@example.com` } }, { kind: 'public', source: 'web' }),
    ),
  ];

  const rssMb = process.memoryUsage().rss / 1024 / 1024;
  let failed = false;
  console.log('\n  operation                                        p50 ms   p95 ms   target p95');
  for (const r of results) {
    const target = targets.find((t) => t.name === r.name)!;
    const ok = r.p95 <= target.p95Ms;
    failed ||= !ok;
    console.log(`  ${r.name.padEnd(48)} ${r.p50.toFixed(2).padStart(7)} ${r.p95.toFixed(2).padStart(8)}   ${String(target.p95Ms).padStart(6)}  ${ok ? 'ok' : 'MISSED'}`);
  }
  const reports = await benchReports();
  failed ||= reports.failed;
  const rssOk = rssMb <= MAX_RSS_MB;
  failed ||= !rssOk;
  console.log(`  resident memory after the run: ${rssMb.toFixed(0)} MB (target ≤ ${MAX_RSS_MB} MB) ${rssOk ? 'ok' : 'MISSED'}`);
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(failed ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
