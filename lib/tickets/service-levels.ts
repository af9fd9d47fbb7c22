import 'server-only';
import { and, asc, eq } from 'drizzle-orm';
import { auditLog, replies, type TicketPriority, type TicketStatus } from '@/db/schema';
import { getDb, type DbOrTx } from '@/lib/core/db';
import type { ServiceLevels } from '@/lib/core/service-level-schema';
import { dueWithPauses, type Pause } from '@/lib/tickets/business-hours';

// Service targets of a ticket, computed from its history and the calendar alone (computeServiceLevels is pure: the
// same events always give the same due times). The clock of every target stands still while the ticket is on hold and
// starts again at the customer's or a participant's next message (or when an agent takes it off hold); the resolution
// clock also stands still while the ticket is closed.

export const serviceTargetNames = ['firstResponse', 'nextResponse', 'resolution'] as const;
export type ServiceTargetName = (typeof serviceTargetNames)[number];

/** What happened on a ticket that moves its clocks: public messages by each side, and status changes. */
export type ServiceEvent = { at: number; kind: 'customer' | 'agent' } | { at: number; kind: 'status'; to: TicketStatus };

export type TargetState = {
  /** When its clock started: the ticket's first message, or (next response) the first unanswered customer message. */
  startedAt: Date;
  /** When the target is (or was) due; null while the clock stands still. */
  dueAt: Date | null;
  state: 'pending' | 'paused' | 'met' | 'missed';
  /** When it was met or missed by a reply or the closing; for a pending target past due, null. */
  settledAt: Date | null;
};

export type ServiceLevelState = Record<ServiceTargetName, TargetState | null>;

const settle = (startedAt: number, dueAt: Date | null, at: number): TargetState => ({
  startedAt: new Date(startedAt),
  dueAt,
  state: dueAt !== null && at > dueAt.getTime() ? 'missed' : 'met',
  settledAt: new Date(at),
});
const open = (startedAt: number, dueAt: Date | null, now: number): TargetState => ({
  startedAt: new Date(startedAt),
  dueAt,
  state: dueAt === null ? 'paused' : now > dueAt.getTime() ? 'missed' : 'pending',
  settledAt: null,
});

/** The stretches a ticket spent in the given statuses, ended early by a customer's message when `endedByCustomer`. */
function pausesOf(events: ServiceEvent[], statuses: TicketStatus[], endedByCustomer: boolean): Pause[] {
  const pauses: Pause[] = [];
  let current: Pause | null = null;
  for (const event of events) {
    if (event.kind === 'status') {
      if (statuses.includes(event.to) && !current) current = { from: event.at, to: null };
      else if (!statuses.includes(event.to) && current) {
        pauses.push({ ...current, to: event.at });
        current = null;
      }
    } else if (event.kind === 'customer' && endedByCustomer && current) {
      pauses.push({ ...current, to: event.at });
      current = null;
    }
  }
  if (current) pauses.push(current);
  return pauses;
}

/**
 * Each target's due time and state. `events` in time order, starting after the ticket's first message (which is at
 * `createdAt`). A target whose minutes are null does not apply (null in the answer).
 */
export function computeServiceLevels({
  createdAt,
  events,
  levels,
  priority,
  status,
  now,
}: {
  createdAt: number;
  /** The ticket's status now (a customer's reply reopens a closed ticket without a status event). */
  status: TicketStatus;
  events: ServiceEvent[];
  levels: ServiceLevels;
  priority: TicketPriority;
  now: number;
}): ServiceLevelState {
  const targets = levels.targets[priority];
  const onHold = pausesOf(events, ['hold'], true);
  const firstAgentReply = events.find((e) => e.kind === 'agent');
  const lastClosing = events.filter((e) => e.kind === 'status' && e.to === 'closed').at(-1);
  const closedNow = status === 'closed' ? (lastClosing?.at ?? createdAt) : null;

  let firstResponse: TargetState | null = null;
  if (targets.firstResponse !== null) {
    const due = dueWithPauses(levels, createdAt, targets.firstResponse, onHold);
    const firstClose = events.find((e) => e.kind === 'status' && e.to === 'closed');
    // Closed before anyone answered: nothing is owed any more.
    if (firstAgentReply && (!firstClose || firstAgentReply.at <= firstClose.at)) firstResponse = settle(createdAt, due, firstAgentReply.at);
    else if (!firstClose) firstResponse = open(createdAt, due, now);
  }

  let nextResponse: TargetState | null = null;
  if (targets.nextResponse !== null && firstAgentReply) {
    // The current (or last) cycle: the first customer message after an agent's reply, answered by the next agent reply.
    let cycleStart: number | null = null;
    let lastCycle: { start: number; answered: number } | null = null;
    for (const event of events) {
      if (event.at < firstAgentReply.at) continue;
      if (event.kind === 'customer' && cycleStart === null) cycleStart = event.at;
      if (event.kind === 'agent' && cycleStart !== null) {
        lastCycle = { start: cycleStart, answered: event.at };
        cycleStart = null;
      }
    }
    if (cycleStart !== null && closedNow === null) {
      nextResponse = open(cycleStart, dueWithPauses(levels, cycleStart, targets.nextResponse, onHold), now);
    } else if (lastCycle) {
      nextResponse = settle(lastCycle.start, dueWithPauses(levels, lastCycle.start, targets.nextResponse, onHold), lastCycle.answered);
    }
  }

  let resolution: TargetState | null = null;
  if (targets.resolution !== null) {
    // Closed stretches before the last closing stop the clock; the last closing settles the target.
    const stopped = pausesOf(events, ['hold', 'closed'], true).filter((pause) => closedNow === null || pause.from < closedNow);
    const due = dueWithPauses(levels, createdAt, targets.resolution, stopped);
    resolution = closedNow === null ? open(createdAt, due, now) : settle(createdAt, due, closedNow);
  }

  return { firstResponse, nextResponse, resolution };
}

/** The ticket's clock-moving history: its public, non-automatic messages and its status changes, in order. */
export function loadServiceEvents(ticketId: number, db: DbOrTx = getDb()): { createdAt: number; events: ServiceEvent[] } {
  const messages = db
    .select({ at: replies.createdAt, kind: replies.authorKind })
    .from(replies)
    .where(and(eq(replies.ticketId, ticketId), eq(replies.private, false), eq(replies.automatic, false)))
    .orderBy(asc(replies.createdAt), asc(replies.id))
    .all();
  const statuses = db
    .select({ at: auditLog.createdAt, detail: auditLog.detail })
    .from(auditLog)
    .where(and(eq(auditLog.ticketId, ticketId), eq(auditLog.action, 'ticket.status_changed')))
    .orderBy(asc(auditLog.createdAt), asc(auditLog.id))
    .all();
  const [first, ...rest] = messages;
  const events: ServiceEvent[] = [
    ...rest.map((m): ServiceEvent => ({ at: m.at.getTime(), kind: m.kind === 'agent' ? 'agent' : 'customer' })),
    ...statuses.map((s): ServiceEvent => ({ at: s.at.getTime(), kind: 'status', to: (JSON.parse(s.detail) as { to: TicketStatus }).to })),
  ];
  // Stable by time; at the same millisecond, a message before the status change it caused.
  events.sort((a, b) => a.at - b.at || (a.kind === 'status' ? 1 : 0) - (b.kind === 'status' ? 1 : 0));
  return { createdAt: first?.at.getTime() ?? 0, events };
}

export const serviceTargetLabels: Record<ServiceTargetName, string> = {
  firstResponse: 'First response',
  nextResponse: 'Next response',
  resolution: 'Resolution',
};

/** "1 h 20 min", "2 d 3 h", "35 min": a span as people read it on a ticket, to the minute. */
export function formatSpan(ms: number): string {
  const minutes = Math.max(1, Math.round(Math.abs(ms) / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return rest > 0 ? `${hours} h ${rest} min` : `${hours} h`;
  return `${rest} min`;
}

/** One sentence per target: "First response due in 1 h 20 min", "Resolution overdue by 35 min", "Next response met". */
export function describeTarget(name: ServiceTargetName, target: TargetState, now: number): string {
  const label = serviceTargetLabels[name];
  switch (target.state) {
    case 'met':
      return `${label} met`;
    case 'paused':
      return `${label} paused while on hold`;
    case 'pending':
      return `${label} due in ${formatSpan(target.dueAt!.getTime() - now)}`;
    case 'missed':
      return target.settledAt ? `${label} missed` : `${label} overdue by ${formatSpan(now - target.dueAt!.getTime())}`;
  }
}

/** A ticket's targets now, from its history and the team's calendar. */
export function serviceLevelsOfTicket(
  ticket: { id: number; priority: TicketPriority; status: TicketStatus },
  levels: ServiceLevels,
  now = Date.now(),
  db: DbOrTx = getDb(),
): ServiceLevelState {
  const noTargets = Object.values(levels.targets[ticket.priority]).every((minutes) => minutes === null);
  if (noTargets) return { firstResponse: null, nextResponse: null, resolution: null };
  const { createdAt, events } = loadServiceEvents(ticket.id, db);
  return computeServiceLevels({ createdAt, events, levels, priority: ticket.priority, status: ticket.status, now });
}

