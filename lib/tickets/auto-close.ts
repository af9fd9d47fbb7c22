import 'server-only';
import { and, asc, eq, isNotNull, isNull, lte } from 'drizzle-orm';
import { tickets } from '@/db/schema';
import { recordAudit, systemActor } from '@/lib/core/audit';
import type { Db } from '@/lib/core/db';
import { getSettings } from '@/lib/core/settings';
import { DAY_MS, msUntilAutoCloseStep, onHoldUnsnoozed, REMINDER_LEAD_MS } from '@/lib/tickets/auto-close-due';
import { recordEvent } from '@/lib/tickets/events';

// Auto-close (Settings → Tickets, off by default): a ticket on hold for N days is closed by the background thread,
// after one reminder to its customer and participants two days before ("reply to keep it open"). A reply or any
// status change takes it off hold and starts the count again (touchTicket). Each step is claimed by a conditional
// update in the transaction that does it, so two passes at once, or a pass repeated after a crash, act once. A
// snoozed ticket is on hold on purpose until its time: it is left alone.

const BATCH = 100;

/** Sends the due reminders and closes the due tickets; returns ms until the next step (null: auto-close is off). */
export function runAutoClosePass(db: Db, now: number): number | null {
  const days = getSettings(db).autoCloseOnHoldDays;
  if (days === null) return null;
  const holdMs = days * DAY_MS;

  const toRemind = db
    .select({ id: tickets.id })
    .from(tickets)
    .where(and(onHoldUnsnoozed, isNull(tickets.autoCloseRemindedAt), lte(tickets.onHoldSince, new Date(now - holdMs + REMINDER_LEAD_MS))))
    .orderBy(asc(tickets.onHoldSince))
    .limit(BATCH)
    .all();
  for (const { id } of toRemind) {
    db.transaction((tx) => {
      const claimed = tx
        .update(tickets)
        .set({ autoCloseRemindedAt: new Date(now) })
        .where(and(eq(tickets.id, id), onHoldUnsnoozed, isNull(tickets.autoCloseRemindedAt)))
        .run();
      if (claimed.changes !== 1) return;
      recordAudit(tx, { ticketId: id, actor: systemActor, action: 'ticket.auto_close_reminded', detail: { days } });
      recordEvent(tx, { type: 'ticket.auto_close_reminder', ticketId: id });
    });
  }

  // Closed only once reminded at least REMINDER_LEAD_MS ago, even if the setting was shortened since.
  const toClose = db
    .select({ id: tickets.id })
    .from(tickets)
    .where(and(onHoldUnsnoozed, lte(tickets.onHoldSince, new Date(now - holdMs)), lte(tickets.autoCloseRemindedAt, new Date(now - REMINDER_LEAD_MS))))
    .orderBy(asc(tickets.onHoldSince))
    .limit(BATCH)
    .all();
  for (const { id } of toClose) {
    db.transaction((tx) => {
      const claimed = tx
        .update(tickets)
        .set({ status: 'closed', onHoldSince: null, autoCloseRemindedAt: null, updatedAt: new Date(now), lastActivityAt: new Date(now) })
        .where(and(eq(tickets.id, id), onHoldUnsnoozed, isNotNull(tickets.autoCloseRemindedAt)))
        .run();
      if (claimed.changes !== 1) return;
      recordAudit(tx, { ticketId: id, actor: systemActor, action: 'ticket.status_changed', detail: { from: 'hold', to: 'closed', automatic: true } });
      recordEvent(tx, { type: 'ticket.status_changed', ticketId: id, from: 'hold', to: 'closed' });
      recordEvent(tx, { type: 'ticket.closed', ticketId: id, byEmail: null });
    });
  }

  return msUntilAutoCloseStep(db, now);
}
