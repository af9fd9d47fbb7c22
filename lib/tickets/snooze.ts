import 'server-only';
import { and, asc, eq, isNotNull, lte } from 'drizzle-orm';
import { tickets } from '@/db/schema';
import { recordAudit, systemActor } from '@/lib/core/audit';
import type { Db } from '@/lib/core/db';
import { recordEvent } from '@/lib/tickets/events';

// Snoozed tickets wake up in the background thread: each is claimed by clearing its snoozed_until in the same
// transaction that reopens it and queues the assignee's email, conditional on the value it read, so two passes at
// once (or a pass repeated after a crash) reopen it once.

const BATCH = 100;

/** Reopens the tickets whose snooze is over; returns how many. */
export function wakeSnoozedTickets(db: Db, now: number): number {
  const due = db
    .select({ id: tickets.id, until: tickets.snoozedUntil })
    .from(tickets)
    .where(and(isNotNull(tickets.snoozedUntil), lte(tickets.snoozedUntil, new Date(now))))
    .orderBy(asc(tickets.snoozedUntil))
    .limit(BATCH)
    .all();
  let woken = 0;
  for (const { id, until } of due) {
    db.transaction((tx) => {
      const ticket = tx.select({ status: tickets.status }).from(tickets).where(eq(tickets.id, id)).get();
      const claimed = tx
        .update(tickets)
        .set({ snoozedUntil: null, ...(ticket?.status === 'hold' ? { status: 'open' as const, updatedAt: new Date(now), lastActivityAt: new Date(now), onHoldSince: null, autoCloseRemindedAt: null } : {}) })
        .where(and(eq(tickets.id, id), eq(tickets.snoozedUntil, until!)))
        .run();
      if (claimed.changes !== 1 || ticket?.status !== 'hold') return;
      recordAudit(tx, { ticketId: id, actor: systemActor, action: 'ticket.status_changed', detail: { from: 'hold', to: 'open' } });
      recordEvent(tx, { type: 'ticket.status_changed', ticketId: id, from: 'hold', to: 'open' });
      recordAudit(tx, { ticketId: id, actor: systemActor, action: 'ticket.snooze_ended' });
      recordEvent(tx, { type: 'ticket.snooze_ended', ticketId: id });
      woken++;
    });
  }
  return woken;
}
