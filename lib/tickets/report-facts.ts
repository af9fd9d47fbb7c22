import 'server-only';
import { eq } from 'drizzle-orm';
import { ticketReportFacts, tickets, type Ticket } from '@/db/schema';
import type { Db, DbOrTx } from '@/lib/core/db';
import { readJobCursor, REPORT_FACTS_CURSOR, writeJobCursor } from '@/lib/core/job-cursors';
import { ticketsChangedSinceReportFacts } from '@/lib/tickets/report-facts-due';
import type { ServiceLevels } from '@/lib/core/service-level-schema';
import { getSettings } from '@/lib/core/settings';
import { businessMsBetween, localDateOf } from '@/lib/tickets/business-hours';
import { computeServiceLevels, loadServiceEvents, type ServiceEvent } from '@/lib/tickets/service-levels';

// Reports' per-ticket figures (ticket_report_facts), kept by the background thread: it follows every ticket change
// (tickets.updated_at, like the service-level job, with its own cursor, so an existing database is filled from the
// start), reads the ticket's history once (loadServiceEvents) and stores one narrow row. Reports then aggregate these
// rows with indexes and never touch replies or the audit log. Business-hour spans use the service-level calendar and
// the met/missed outcomes computeServiceLevels gives, only while service targets exist.

const BATCH = 200;

/** Whether any priority has a target: reports then measure in business hours and show the met rate. */
export const hasServiceTargets = (levels: ServiceLevels) =>
  Object.values(levels.targets).some((target) => Object.values(target).some((minutes) => minutes !== null));

type FactsTicket = Pick<Ticket, 'id' | 'customerId' | 'assigneeId' | 'status' | 'priority' | 'createdAt' | 'updatedAt'>;
export type ReportFactsRow = typeof ticketReportFacts.$inferInsert;

/** One ticket's row, from its clock-moving history (pure but for the calendar's arithmetic). */
export function computeReportFacts(
  ticket: FactsTicket,
  history: { createdAt: number; events: ServiceEvent[] },
  levels: ServiceLevels,
  now: number,
): ReportFactsRow {
  const zone = levels.timeZone;
  // A ticket's first message is its creation; one without messages (imported) counts from the row's own time.
  const createdAt = history.createdAt || ticket.createdAt.getTime();
  const closings = history.events.filter((e) => e.kind === 'status' && e.to === 'closed');
  const firstClose = closings[0]?.at ?? null;
  // Closed without a recorded status change (imported, or closed as it was made): its last change is the closing.
  const closedAt = ticket.status === 'closed' ? (closings.at(-1)?.at ?? ticket.updatedAt.getTime()) : null;
  const firstAgentReply = history.events.find((e) => e.kind === 'agent' && (firstClose === null || e.at <= firstClose));
  const firstResponseAt = firstAgentReply?.at ?? null;
  const business = hasServiceTargets(levels);
  const span = (from: number, to: number | null) => (to === null ? null : Math.max(0, to - from));
  const businessSpan = (from: number, to: number | null) => (to === null || !business ? null : businessMsBetween(levels, from, to));
  const state = business
    ? computeServiceLevels({ createdAt, events: history.events, levels, priority: ticket.priority, status: ticket.status, now })
    : null;
  const settled = (target: { state: string } | null | undefined) =>
    target && (target.state === 'met' || target.state === 'missed') ? target.state : null;
  return {
    ticketId: ticket.id,
    customerId: ticket.customerId,
    assigneeId: ticket.assigneeId,
    status: ticket.status,
    createdAt,
    createdDay: localDateOf(zone, createdAt),
    closedAt,
    closedDay: closedAt === null ? null : localDateOf(zone, closedAt),
    firstResponseAt,
    firstResponseMs: span(createdAt, firstResponseAt),
    firstResponseBusinessMs: businessSpan(createdAt, firstResponseAt),
    resolutionMs: span(createdAt, closedAt),
    resolutionBusinessMs: businessSpan(createdAt, closedAt),
    firstResponseOutcome: settled(state?.firstResponse),
    resolutionOutcome: settled(state?.resolution),
  };
}

/** One ticket's row, read from its history; null when the ticket is gone. */
export function reportFactsOfTicket(db: DbOrTx, ticketId: number, levels: ServiceLevels, now: number): ReportFactsRow | null {
  const ticket = db.select().from(tickets).where(eq(tickets.id, ticketId)).get();
  return ticket ? computeReportFacts(ticket, loadServiceEvents(ticketId, db), levels, now) : null;
}

function writeReportFacts(db: DbOrTx, ticketId: number, row: ReportFactsRow | null): void {
  if (!row) {
    db.delete(ticketReportFacts).where(eq(ticketReportFacts.ticketId, ticketId)).run();
    return;
  }
  const { ticketId: _id, ...rest } = row;
  db.insert(ticketReportFacts).values(row).onConflictDoUpdate({ target: ticketReportFacts.ticketId, set: rest }).run();
}

/**
 * One pass of the job: a batch of changed tickets. Their histories are read first, outside any write, so the write
 * lock is held only for the rows and the cursor's move; a ticket changed meanwhile has a newer updated_at than the
 * cursor and is simply read again next pass. Returns 0 while a backlog remains (a new database, or a new calendar, is
 * filled batch by batch between the other jobs), null when done.
 */
export function runReportFactsPass(db: Db, now = Date.now()): number | null {
  const changed = ticketsChangedSinceReportFacts(db, BATCH);
  if (changed.length === 0) return null;
  const levels = getSettings(db).serviceLevels;
  const rows = changed.map(({ id }) => ({ id, row: reportFactsOfTicket(db, id, levels, now) }));
  db.transaction((tx) => {
    // Settings changed between the read and the write (a new calendar rewound the cursor): this batch is stale.
    if (JSON.stringify(getSettings(tx).serviceLevels) !== JSON.stringify(levels)) return;
    for (const { id, row } of rows) writeReportFacts(tx, id, row);
    const last = changed.at(-1)!;
    writeJobCursor(tx, REPORT_FACTS_CURSOR, { at: last.at.getTime(), id: last.id });
  });
  return changed.length === BATCH ? 0 : null;
}

/** When the reports' figures were last brought up to date: the newest ticket change they include. */
export function reportFactsAsOf(db: DbOrTx): Date | null {
  const cursor = readJobCursor(db, REPORT_FACTS_CURSOR);
  return cursor.at > 0 ? new Date(cursor.at) : null;
}
