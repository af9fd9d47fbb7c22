import { and, eq, min } from 'drizzle-orm';
import { inboundMessages, linkRequests, outbox, webhookDeliveries, webhooks } from '@/db/schema';
import { getDb, type Db } from '@/lib/core/db';
import { msUntilNextBackup } from '@/lib/files/backup';
import { getImapConfig } from '@/lib/mail/inbound/imap-settings';
import { msUntilAutoCloseStep } from '@/lib/tickets/auto-close-due';
import { hasServiceLevelWork } from '@/lib/tickets/service-level-due';
import { hasReportFactsWork } from '@/lib/tickets/report-facts-due';
import { msUntilSnoozeEnds } from '@/lib/tickets/snooze-due';
import { backgroundNow } from '@/lib/mail/worker/clock';

// The thread is started this long before a snoozed ticket wakes.
const SNOOZE_WAKE_AHEAD_MS = 60_000;

// Whether each background job has work, in one small query each: the thread asks these before it loads the code that
// does the work (rendering and sending mail, parsing it), so an idle thread never loads that code at all.

/** Milliseconds until the earliest pending outbox row is due (0 when one is due now), or null when none is pending. */
export function msUntilNextDue(now = Date.now()): number | null {
  const next = getDb().select({ at: min(outbox.nextAttemptAt) }).from(outbox).where(eq(outbox.status, 'pending')).get()?.at;
  return next ? Math.max(0, next.getTime() - now) : null;
}

/** Milliseconds until the next stored inbound message is due (0: now), or null when none is waiting. */
export function msUntilNextInbound(db: Db): number | null {
  const next = db.select({ at: min(inboundMessages.nextAttemptAt) }).from(inboundMessages).where(eq(inboundMessages.status, 'pending')).get()?.at;
  return next ? Math.max(0, next.getTime() - Date.now()) : null;
}

/** Milliseconds until the next delivery of an active webhook is due (0: now), or null when none waits. */
export function msUntilNextWebhook(db: Db, now = Date.now()): number | null {
  const next = db
    .select({ at: min(webhookDeliveries.nextAttemptAt) })
    .from(webhookDeliveries)
    .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
    .where(and(eq(webhookDeliveries.status, 'pending'), eq(webhooks.active, true)))
    .get()?.at;
  return next ? Math.max(0, next.getTime() - now) : null;
}

/** Whether a fresh-link request waits to be looked up. */
export function hasLinkRequests(db: Db): boolean {
  return db.select({ id: linkRequests.id }).from(linkRequests).limit(1).get() !== undefined;
}

/**
 * Whether the background thread has anything to do, now or later: mail pending (due, or waiting for a retry), stored
 * inbound mail, webhook deliveries waiting, a fresh-link request, a mailbox to read, tickets changed since the reports' last pass, or a backup due now. Without any, the thread ends and is
 * started again when some appears (lib/mail/worker/host.ts).
 */
export function hasBackgroundWork(db: Db = getDb()): boolean {
  return (
    msUntilNextDue() !== null ||
    msUntilNextInbound(db) !== null ||
    msUntilNextWebhook(db) !== null ||
    hasLinkRequests(db) ||
    getImapConfig(db).config !== null ||
    hasServiceLevelWork(db, backgroundNow(db)) ||
    hasReportFactsWork(db) ||
    (msUntilSnoozeEnds(db, backgroundNow(db)) ?? Infinity) <= SNOOZE_WAKE_AHEAD_MS ||
    (msUntilAutoCloseStep(db, backgroundNow(db)) ?? Infinity) <= SNOOZE_WAKE_AHEAD_MS ||
    msUntilNextBackup() === 0
  );
}
