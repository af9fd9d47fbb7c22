import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { agents, companies, customers, ratings, tags, ticketReportFacts as f, tickets, ticketTags, type Agent } from '@/db/schema';
import { getDb } from '@/lib/core/db';
import type { CsvValue } from '@/lib/core/csv';
import { notFound, validationError } from '@/lib/core/errors';
import { getSettings } from '@/lib/core/settings';
import { canViewEveryTicket } from '@/lib/auth/policy';
import { localDateOf, zonedDateTimeToInstant } from '@/lib/tickets/business-hours';
import { hasServiceTargets, reportFactsAsOf } from '@/lib/tickets/report-facts';
import { requireTagByName } from '@/lib/tickets/tags';

// Reports (/reports and their CSV): for a range of the team's days and optionally one tag, company or agent, over the
// tickets the agent may see (restricted agents: the unassigned and their own, as canViewTicket says). Everything but
// satisfaction is read from ticket_report_facts (lib/tickets/report-facts.ts), one narrow row per ticket kept by the
// background thread; satisfaction from the ratings table. Each report is also a table (reportTables), which the page
// shows under its chart and the CSV export writes.

const DAY_MS = 86_400_000;
/** The longest range a report covers (three years, a day at a time or a week at a time). */
export const MAX_REPORT_DAYS = 1_100;
const BUSIEST = 10;

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-12-01').refine((text) => {
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}, 'must be a real date');
const emptyAsMissing = (value: unknown) => (value === '' ? undefined : value);
const optionalId = z.preprocess(emptyAsMissing, z.coerce.number('must be an id').int('must be an id').positive('must be an id').optional());

export const reportQuerySchema = z
  .object({
    from: z.preprocess(emptyAsMissing, day.optional()),
    to: z.preprocess(emptyAsMissing, day.optional()),
    interval: z.preprocess(emptyAsMissing, z.enum(['day', 'week'], { message: 'must be day or week' }).default('day')),
    tag: z.preprocess(emptyAsMissing, z.string().trim().max(100, 'must be at most 100 characters').optional()),
    company: optionalId,
    agent: optionalId,
  })
  .strip();
export type ReportQuery = z.input<typeof reportQuerySchema>;

const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
/** The Monday of a date's week (ISO weeks). */
const weekOf = (date: string) => addDays(date, -((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7));

/**
 * The value at fraction `p` (0–1) of sorted numbers, interpolated between the two nearest ranks (as PERCENTILE.INC in
 * spreadsheets): the median of 1, 2, 3, 4 is 2.5, their 90th percentile 3.7. Null for no values.
 */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = p * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
}

export type Bucket = { start: string; created: number; closed: number; open: number };
export type Timing = { count: number; medianMs: number | null; p90Ms: number | null };
export type TargetRate = { met: number; missed: number; rate: number | null };
export type Satisfaction = { count: number; good: number; share: number | null };
export type Named<T> = T & { id: number | null; name: string };

export type Report = {
  range: { from: string; to: string; interval: 'day' | 'week' };
  filters: { tag: string | null; company: { id: number; name: string } | null; agent: { id: number; name: string } | null };
  /** Whether the agent sees only some tickets (restricted agents). */
  limitedToVisible: boolean;
  businessHours: boolean;
  asOf: Date | null;
  totals: { created: number; closed: number; openAtEnd: number };
  volume: Bucket[];
  firstResponse: Timing;
  resolution: Timing;
  targets: { firstResponse: TargetRate; resolution: TargetRate } | null;
  satisfaction: Satisfaction;
  satisfactionByAgent: Named<Satisfaction>[];
  satisfactionByCompany: Named<Satisfaction>[];
  busiestCompanies: Named<{ tickets: number }>[];
  busiestTags: Named<{ tickets: number }>[];
  busiestAgents: Named<{ tickets: number; closed: number }>[];
};

function parseReportQuery(input: unknown, today: string) {
  const parsed = reportQuerySchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const query = parsed.data;
  const to = query.to ?? today;
  const from = query.from ?? addDays(to, -29);
  if (from > to) throw validationError([{ path: ['from'], message: 'must not be after the end date' }]);
  if (daysBetween(from, to) + 1 > MAX_REPORT_DAYS) throw validationError([{ path: ['from'], message: `must be at most ${MAX_REPORT_DAYS} days before the end date` }]);
  return { ...query, from, to };
}

const rate = (met: number, missed: number): TargetRate => ({ met, missed, rate: met + missed === 0 ? null : met / (met + missed) });
const share = (count: number, good: number): Satisfaction => ({ count, good, share: count === 0 ? null : good / count });

/** The report for one agent, as of the background thread's last pass. Bad input: a 422 naming the field. */
export function buildReport({ agent, query, now = Date.now() }: { agent: Agent; query: unknown; now?: number }): Report {
  const db = getDb();
  const settings = getSettings();
  const levels = settings.serviceLevels;
  const zone = levels.timeZone;
  const { from, to, interval, tag: tagName, company: companyId, agent: agentId } = parseReportQuery(query, localDateOf(zone, now));
  const tag = tagName ? requireTagByName(tagName, 'tag') : null;
  const company = companyId ? db.select({ id: companies.id, name: companies.name }).from(companies).where(sql`${companies.id} = ${companyId}`).get() : null;
  if (companyId && !company) throw notFound('Company');
  const filterAgent = agentId ? db.select({ id: agents.id, name: agents.name }).from(agents).where(sql`${agents.id} = ${agentId}`).get() : null;
  if (agentId && !filterAgent) throw notFound('Agent');
  const limited = !canViewEveryTicket(agent, settings);
  const business = hasServiceTargets(levels);

  // The filters over one column set: the facts row (f) or the ticket (tickets) with its customer's company.
  const ticketFilter = (ticketId: SQL, assigneeId: SQL, customerId: SQL): SQL[] =>
    [
      limited ? sql`(${assigneeId} is null or ${assigneeId} = ${agent.id})` : undefined,
      filterAgent ? sql`${assigneeId} = ${filterAgent.id}` : undefined,
      company ? sql`${customerId} in (select ${customers.id} from ${customers} where ${customers.companyId} = ${company.id})` : undefined,
      tag ? sql`${ticketId} in (select ${ticketTags.ticketId} from ${ticketTags} where ${ticketTags.tagId} = ${tag.id})` : undefined,
    ].filter((part): part is SQL => part !== undefined);
  const factsFilter = ticketFilter(sql`${f.ticketId}`, sql`${f.assigneeId}`, sql`${f.customerId}`);
  const where = (...parts: SQL[]) => sql.join([...parts, ...factsFilter], sql` and `);
  const createdInRange = sql`${f.createdDay} between ${from} and ${to}`;
  const closedInRange = sql`${f.closedDay} between ${from} and ${to}`;

  // Everything is counted by SQLite over covering indexes (the tickets created in the range, those closed in it), so
  // no row is brought into JavaScript but the per-day counts and the two values around each percentile.
  const frColumn = business ? sql`${f.firstResponseBusinessMs}` : sql`${f.firstResponseMs}`;
  const resColumn = business ? sql`${f.resolutionBusinessMs}` : sql`${f.resolutionMs}`;
  const perDay = (day: SQL, ms: SQL, outcome: SQL, inRange: SQL) =>
    db
      .select({
        day: sql<string>`${day}`,
        n: sql<number>`count(*)`,
        timed: sql<number>`count(${ms})`,
        met: sql<number>`coalesce(sum(${outcome} = 'met'), 0)`,
        missed: sql<number>`coalesce(sum(${outcome} = 'missed'), 0)`,
      })
      .from(f)
      .where(where(inRange))
      .groupBy(day)
      .all();
  const createdDays = perDay(sql`${f.createdDay}`, frColumn, sql`${f.firstResponseOutcome}`, createdInRange);
  const closedDays = perDay(sql`${f.closedDay}`, resColumn, sql`${f.resolutionOutcome}`, closedInRange);
  const created = new Map(createdDays.map((row) => [row.day, row.n]));
  const closed = new Map(closedDays.map((row) => [row.day, row.n]));

  // Open at the end of each day: open before the range (created before it, less closed before it) + created − closed.
  const before = (column: typeof f.createdDay | typeof f.closedDay) =>
    db.select({ n: sql<number>`count(*)` }).from(f).where(where(sql`${column} < ${from}`)).get()?.n ?? 0;
  let open = before(f.createdDay) - before(f.closedDay);
  const volume: Bucket[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) {
    open += (created.get(d) ?? 0) - (closed.get(d) ?? 0);
    const start = interval === 'week' ? weekOf(d) : d;
    const last = volume.at(-1);
    if (last && last.start === start) {
      last.created += created.get(d) ?? 0;
      last.closed += closed.get(d) ?? 0;
      last.open = open;
    } else volume.push({ start, created: created.get(d) ?? 0, closed: closed.get(d) ?? 0, open });
  }

  const total = (rows: { timed: number; met: number; missed: number }[], key: 'timed' | 'met' | 'missed') => rows.reduce((sum, row) => sum + row[key], 0);
  /**
   * The median and 90th percentile: one sort by SQLite, of which only the values just below and above each rank are
   * read (row_number is 1-based); JavaScript interpolates between them.
   */
  const timing = (ms: SQL, inRange: SQL, count: number): Timing => {
    if (count === 0) return { count, medianMs: null, p90Ms: null };
    const ranks = [0.5, 0.9].map((p) => p * (count - 1));
    const wanted = ranks.flatMap((rank) => [Math.floor(rank) + 1, Math.ceil(rank) + 1]);
    const sorted = db
      .select({ ms: sql<number>`${ms}`.as('ms'), rn: sql<number>`row_number() over (order by ${ms})`.as('rn') })
      .from(f)
      .where(where(inRange, sql`${ms} is not null`))
      .as('sorted');
    const values = new Map(
      db
        .select({ rn: sorted.rn, ms: sorted.ms })
        .from(sorted)
        .where(sql`${sorted.rn} in (select value from json_each(${JSON.stringify(wanted)}))`)
        .all()
        .map((row) => [row.rn, row.ms]),
    );
    const at = (rank: number) => {
      const low = values.get(Math.floor(rank) + 1)!;
      const high = values.get(Math.ceil(rank) + 1)!;
      return Math.round(low + (high - low) * (rank - Math.floor(rank)));
    };
    return { count, medianMs: at(ranks[0]), p90Ms: at(ranks[1]) };
  };
  const firstResponse = timing(frColumn, createdInRange, total(createdDays, 'timed'));
  const resolution = timing(resColumn, closedInRange, total(closedDays, 'timed'));
  const targets = business
    ? { firstResponse: rate(total(createdDays, 'met'), total(createdDays, 'missed')), resolution: rate(total(closedDays, 'met'), total(closedDays, 'missed')) }
    : null;

  // Satisfaction: ratings of closings in the range, for the agent assigned at the closing (else the one who closed it),
  // counted per agent and company in one query and summed here.
  const fromInstant = zonedDateTimeToInstant(zone, `${from}T00:00`)!.getTime();
  const toInstant = zonedDateTimeToInstant(zone, `${addDays(to, 1)}T00:00`)!.getTime();
  const ratingAgent = sql<number | null>`coalesce(${ratings.assigneeId}, ${ratings.closedByAgentId})`;
  const satisfactionWhere = sql.join(
    [
      sql`${ratings.closedAt} >= ${fromInstant} and ${ratings.closedAt} < ${toInstant}`,
      limited ? sql`(${tickets.assigneeId} is null or ${tickets.assigneeId} = ${agent.id})` : undefined,
      filterAgent ? sql`${ratingAgent} = ${filterAgent.id}` : undefined,
      company ? sql`${customers.companyId} = ${company.id}` : undefined,
      tag ? sql`${tickets.id} in (select ${ticketTags.ticketId} from ${ticketTags} where ${ticketTags.tagId} = ${tag.id})` : undefined,
    ].filter((part): part is SQL => part !== undefined),
    sql` and `,
  );
  const ratingGroups = db
    .select({ agentId: ratingAgent, companyId: customers.companyId, count: sql<number>`count(*)`, good: sql<number>`coalesce(sum(${ratings.rating} = 'good'), 0)` })
    .from(ratings)
    .innerJoin(tickets, sql`${tickets.id} = ${ratings.ticketId}`)
    .innerJoin(customers, sql`${customers.id} = +${tickets.customerId}`)
    .where(satisfactionWhere)
    .groupBy(ratingAgent, customers.companyId)
    .all();
  const sumRatings = (key: (row: (typeof ratingGroups)[number]) => number | null) => {
    const sums = new Map<number | null, { key: number | null; count: number; good: number }>();
    for (const row of ratingGroups) {
      const entry = sums.get(key(row)) ?? { key: key(row), count: 0, good: 0 };
      entry.count += row.count;
      entry.good += row.good;
      sums.set(key(row), entry);
    }
    return [...sums.values()];
  };
  const overall = sumRatings(() => null)[0];
  const byAgentRows = sumRatings((row) => row.agentId);
  const byCompanyRows = sumRatings((row) => row.companyId);

  // Busiest: tickets created in the range per assignee, per company (through their customers) and per tag.
  const counted = { n: sql<number>`count(*)`, closed: sql<number>`count(${f.closedDay})` };
  const agentKey = sql<number>`${f.assigneeId}`;
  const agentRows = db
    .select({ key: agentKey, ...counted })
    .from(f)
    .where(where(createdInRange, sql`${agentKey} is not null`))
    .groupBy(agentKey)
    .orderBy(sql`count(*) desc`, agentKey)
    .limit(BUSIEST)
    .all();
  const companyKey = sql<number>`${customers.companyId}`;
  const companyRows = db
    .select({ key: companyKey, n: sql<number>`count(*)` })
    .from(f)
    // The unary + keeps the facts the outer loop (walked by day), each looking its customer up by id.
    .innerJoin(customers, sql`${customers.id} = +${f.customerId}`)
    .where(where(createdInRange, sql`${companyKey} is not null`))
    .groupBy(companyKey)
    .orderBy(sql`count(*) desc`, companyKey)
    .limit(BUSIEST)
    .all();
  const tagKey = sql<number>`${ticketTags.tagId}`;
  const tagRows = db
    .select({ key: tagKey, n: sql<number>`count(*)` })
    .from(f)
    .innerJoin(ticketTags, sql`${ticketTags.ticketId} = ${f.ticketId}`)
    .where(where(createdInRange))
    .groupBy(tagKey)
    .orderBy(sql`count(*) desc`, tagKey)
    .limit(BUSIEST)
    .all();

  const namesOf = (table: typeof agents | typeof companies | typeof tags, ids: (number | null)[]) => {
    const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
    if (wanted.length === 0) return new Map<number, string>();
    const rows = db
      .select({ id: table.id, name: table.name })
      .from(table)
      .where(sql`${table.id} in (select value from json_each(${JSON.stringify(wanted)}))`)
      .all();
    return new Map(rows.map((row) => [row.id, row.name]));
  };
  const agentNames = namesOf(agents, [...byAgentRows, ...agentRows].map((row) => row.key));
  const companyNames = namesOf(companies, [...byCompanyRows, ...companyRows].map((row) => row.key));
  const tagNames = namesOf(tags, tagRows.map((row) => row.key));
  const named = (names: Map<number, string>, none: string) => (id: number | null) => ({ id, name: id === null ? none : (names.get(id) ?? `#${id}`) });
  const agentName = named(agentNames, 'No agent');
  const companyName = named(companyNames, 'No company');
  const bySatisfaction = <T extends { count: number; good: number; key: number | null }>(rows: T[], name: (id: number | null) => { id: number | null; name: string }) =>
    rows.map((row) => ({ ...name(row.key), ...share(row.count, row.good) })).sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));

  const sum = (map: Map<string, number>) => [...map.values()].reduce((total, n) => total + n, 0);
  return {
    range: { from, to, interval },
    filters: { tag: tag?.name ?? null, company: company ?? null, agent: filterAgent ?? null },
    limitedToVisible: limited,
    businessHours: business,
    asOf: reportFactsAsOf(db),
    totals: { created: sum(created), closed: sum(closed), openAtEnd: volume.at(-1)?.open ?? 0 },
    volume,
    firstResponse,
    resolution,
    targets,
    satisfaction: share(overall?.count ?? 0, overall?.good ?? 0),
    satisfactionByAgent: bySatisfaction(byAgentRows, agentName),
    satisfactionByCompany: bySatisfaction(byCompanyRows, companyName),
    busiestCompanies: companyRows.map((row) => ({ ...companyName(row.key), tickets: row.n })),
    busiestTags: tagRows.map((row) => ({ id: row.key, name: tagNames.get(row.key) ?? `#${row.key}`, tickets: row.n })),
    busiestAgents: agentRows.map((row) => ({ ...agentName(row.key), tickets: row.n, closed: row.closed })),
  };
}

// ---- The reports as tables: the numbers under each chart, and the CSV export ----

export const reportTableNames = [
  'volume',
  'response-times',
  'service-targets',
  'satisfaction',
  'satisfaction-by-agent',
  'satisfaction-by-company',
  'busiest-companies',
  'busiest-tags',
  'busiest-agents',
] as const;
export type ReportTableName = (typeof reportTableNames)[number];
export type ReportTable = { title: string; header: string[]; rows: CsvValue[][] };

/** Hours to the hundredth (a table's and a CSV's unit for spans); null stays empty. */
export const hours = (ms: number | null) => (ms === null ? null : Math.round(ms / 36_000) / 100);
/** A share as a percentage to a tenth. */
export const percent = (fraction: number | null) => (fraction === null ? null : Math.round(fraction * 1000) / 10);

export function reportTables(report: Report): Record<ReportTableName, ReportTable> {
  const unit = report.businessHours ? 'business hours' : 'hours';
  const timing = (label: string, t: Timing): CsvValue[] => [label, t.count, hours(t.medianMs), hours(t.p90Ms)];
  const targetRow = (label: string, t: TargetRate): CsvValue[] => [label, t.met, t.missed, percent(t.rate)];
  const satisfactionRow = (s: Named<Satisfaction>): CsvValue[] => [s.name, s.count, s.good, percent(s.share)];
  return {
    volume: {
      title: `Tickets per ${report.range.interval}`,
      header: [report.range.interval === 'week' ? 'Week starting' : 'Day', 'Created', 'Closed', 'Still open at the end'],
      rows: report.volume.map((b) => [b.start, b.created, b.closed, b.open]),
    },
    'response-times': {
      title: `Response times (${unit})`,
      header: ['Measure', 'Tickets', `Median (${unit})`, `90th percentile (${unit})`],
      rows: [timing('First response', report.firstResponse), timing('Resolution', report.resolution)],
    },
    'service-targets': {
      title: 'Service targets met',
      header: ['Target', 'Met', 'Missed', 'Met (%)'],
      rows: report.targets ? [targetRow('First response', report.targets.firstResponse), targetRow('Resolution', report.targets.resolution)] : [],
    },
    satisfaction: {
      title: 'Satisfaction',
      header: ['Ratings', 'Good', 'Good (%)'],
      rows: [[report.satisfaction.count, report.satisfaction.good, percent(report.satisfaction.share)]],
    },
    'satisfaction-by-agent': {
      title: 'Satisfaction per agent',
      header: ['Agent', 'Ratings', 'Good', 'Good (%)'],
      rows: report.satisfactionByAgent.map(satisfactionRow),
    },
    'satisfaction-by-company': {
      title: 'Satisfaction per company',
      header: ['Company', 'Ratings', 'Good', 'Good (%)'],
      rows: report.satisfactionByCompany.map(satisfactionRow),
    },
    'busiest-companies': {
      title: 'Busiest companies',
      header: ['Company', 'Tickets created'],
      rows: report.busiestCompanies.map((row) => [row.name, row.tickets]),
    },
    'busiest-tags': {
      title: 'Busiest tags',
      header: ['Tag', 'Tickets created'],
      rows: report.busiestTags.map((row) => [row.name, row.tickets]),
    },
    'busiest-agents': {
      title: 'Busiest agents',
      header: ['Agent', 'Tickets created', 'Of them closed'],
      rows: report.busiestAgents.map((row) => [row.name, row.tickets, row.closed]),
    },
  };
}

/** What the report's filters offer: every tag, company and agent, by name. */
export function reportFilterChoices() {
  const db = getDb();
  return {
    tags: db.select({ name: tags.name }).from(tags).orderBy(tags.name).all().map((row) => row.name),
    companies: db.select({ id: companies.id, name: companies.name }).from(companies).orderBy(sql`lower(${companies.name})`).all(),
    agents: db.select({ id: agents.id, name: agents.name }).from(agents).orderBy(sql`lower(${agents.name})`).all(),
  };
}
