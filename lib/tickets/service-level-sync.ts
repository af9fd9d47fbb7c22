import 'server-only';
import { and, asc, eq, isNotNull, lte, sql } from 'drizzle-orm';
import { serviceLevelAlerts, serviceLevelOutcomes, tickets } from '@/db/schema';
import type { Db, Tx } from '@/lib/core/db';
import { readJobCursor, SERVICE_LEVEL_CURSOR, writeJobCursor } from '@/lib/core/job-cursors';
import { getSettings } from '@/lib/core/settings';
import { msUntilServiceLevelWork } from '@/lib/tickets/service-level-due';
import { recordEvent } from '@/lib/tickets/events';
import { serviceLevelsOfTicket, serviceTargetNames, type ServiceLevelState, type ServiceTargetName, type TargetState } from '@/lib/tickets/service-levels';

// The background thread's side of service levels (never run on a request): it follows every ticket change and keeps
// each ticket's earliest due time (lists sort by it), records met/missed once per target, and sends the "about to be
// missed" and "missed" emails once each. Each email is claimed by inserting its row into service_level_alerts in the
// transaction that queues it, so two passes at once, or a pass repeated after a crash, send it once.

const BATCH = 200;

type Running = { name: ServiceTargetName; target: TargetState & { dueAt: Date } };

/** Targets whose clock runs and which nothing settled yet (pending, or overdue and still unanswered). */
const running = (state: ServiceLevelState): Running[] =>
  serviceTargetNames.flatMap((name) => {
    const target = state[name];
    return target && target.dueAt && !target.settledAt && (target.state === 'pending' || target.state === 'missed') ? [{ name, target: target as Running['target'] }] : [];
  });

function alertsSent(tx: Tx, ticketId: number): Set<string> {
  const rows = tx.select().from(serviceLevelAlerts).where(eq(serviceLevelAlerts.ticketId, ticketId)).all();
  return new Set(rows.map((row) => `${row.target}/${row.startedAt.getTime()}/${row.kind}`));
}

/** Recomputes one ticket's stored due time, its next alert time and its recorded outcomes, from its history. */
export function syncTicketServiceLevels(tx: Tx, ticketId: number, now: number): ServiceLevelState | null {
  const ticket = tx.select({ id: tickets.id, priority: tickets.priority, status: tickets.status }).from(tickets).where(eq(tickets.id, ticketId)).get();
  if (!ticket) return null;
  const levels = getSettings(tx).serviceLevels;
  const state = serviceLevelsOfTicket(ticket, levels, now, tx);
  for (const name of serviceTargetNames) {
    const target = state[name];
    if (!target || (target.state !== 'met' && target.state !== 'missed')) continue;
    tx.insert(serviceLevelOutcomes)
      .values({ ticketId, target: name, startedAt: target.startedAt, dueAt: target.dueAt, outcome: target.state })
      .onConflictDoNothing()
      .run();
  }
  const sent = alertsSent(tx, ticketId);
  const open = running(state);
  const alertTimes = open.flatMap(({ name, target }) => {
    const key = `${name}/${target.startedAt.getTime()}`;
    const due = target.dueAt.getTime();
    if (sent.has(`${key}/missed`)) return [];
    const warnAt = due - levels.warnBeforeMinutes * 60_000;
    return sent.has(`${key}/warning`) || now >= due ? [due] : [warnAt, due];
  });
  const dueTimes = open.map(({ target }) => target.dueAt.getTime());
  tx.update(tickets)
    .set({
      slaDueAt: dueTimes.length ? new Date(Math.min(...dueTimes)) : null,
      slaAlertAt: alertTimes.length ? new Date(Math.min(...alertTimes)) : null,
    })
    .where(eq(tickets.id, ticketId))
    .run();
  return state;
}

/** Recomputes the tickets changed since the last pass (a batch); returns how many. */
export function syncChangedTickets(db: Db, now: number): number {
  const cursor = readJobCursor(db, SERVICE_LEVEL_CURSOR);
  const changed = db
    .select({ id: tickets.id, at: tickets.updatedAt })
    .from(tickets)
    .where(sql`(${tickets.updatedAt}, ${tickets.id}) > (${cursor.at}, ${cursor.id})`)
    .orderBy(asc(tickets.updatedAt), asc(tickets.id))
    .limit(BATCH)
    .all();
  if (changed.length === 0) return 0;
  db.transaction((tx) => {
    for (const row of changed) syncTicketServiceLevels(tx, row.id, now);
    const last = changed.at(-1)!;
    writeJobCursor(tx, SERVICE_LEVEL_CURSOR, { at: last.at.getTime(), id: last.id });
  });
  return changed.length;
}

/** Sends the alerts that are due: each once, claimed in the transaction that queues its emails. Returns how many. */
export function sendDueAlerts(db: Db, now: number): number {
  const due = db
    .select({ id: tickets.id })
    .from(tickets)
    .where(and(isNotNull(tickets.slaAlertAt), lte(tickets.slaAlertAt, new Date(now))))
    .orderBy(asc(tickets.slaAlertAt))
    .limit(BATCH)
    .all();
  let sent = 0;
  for (const { id } of due) {
    db.transaction((tx) => {
      const levels = getSettings(tx).serviceLevels;
      const state = serviceLevelsOfTicket(tx.select().from(tickets).where(eq(tickets.id, id)).get()!, levels, now, tx);
      for (const { name, target } of running(state)) {
        const dueAt = target.dueAt.getTime();
        const kind = now >= dueAt ? 'missed' : now >= dueAt - levels.warnBeforeMinutes * 60_000 ? 'warning' : null;
        if (!kind) continue;
        const claimed = tx.insert(serviceLevelAlerts).values({ ticketId: id, target: name, startedAt: target.startedAt, kind }).onConflictDoNothing().run();
        if (claimed.changes !== 1) continue;
        recordEvent(tx, { type: kind === 'missed' ? 'sla.missed' : 'sla.warning', ticketId: id, target: name, dueAt });
        sent++;
      }
      syncTicketServiceLevels(tx, id, now);
    });
  }
  return sent;
}

/**
 * One pass of the job: a batch of changed tickets, then the alerts that are due; returns ms until the next known work
 * (0 while a backlog remains, so a new calendar applied to every ticket goes batch by batch between other jobs).
 */
export function runServiceLevelPass(db: Db, now = Date.now()): number | null {
  const synced = syncChangedTickets(db, now);
  sendDueAlerts(db, now);
  return synced === BATCH ? 0 : msUntilServiceLevelWork(db, now);
}
