import 'server-only';
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { webhookDeliveries, webhookEventNames, webhooks, type WebhookEventName } from '@/db/schema';
import type { Tx } from '@/lib/core/db';
import { nudgeOutboxWorker } from '@/lib/core/outbox-queue';
import type { DomainEvent } from '@/lib/tickets/events';

// Which domain event is which webhook event: the one table. A domain event of no webhook event (null) sends nothing.
// Every domain event type must have a row (the type says so), so a new one cannot be forgotten.
export const webhookEventOf: { [T in DomainEvent['type']]: WebhookEventName | null } = {
  'ticket.created': 'ticket.created',
  'reply.created': 'reply.created',
  'ticket.status_changed': 'ticket.status_changed',
  'ticket.assigned': 'ticket.assigned',
  'participant.added': 'participant.added',
  'participant.removed': 'participant.removed',
  // A participant who left through their link is removed all the same.
  'participant.left': 'participant.removed',
  'rating.received': 'rating.received',
  // Raised on the ticket merged into, which the body carries (with the merged one's id).
  'ticket.merged': 'ticket.merged',
  // A split makes a new ticket: told as ticket.created, with the new ticket.
  'ticket.split': 'ticket.created',
  // Status changes are told once, as ticket.status_changed.
  'ticket.closed': null,
  'ticket.reopened': null,
  'ticket.snooze_ended': null,
  'ticket.auto_close_reminder': null,
  'link.requested': null,
  'links.rotated': null,
  'sla.warning': null,
  'sla.missed': null,
};

export const isWebhookEventName = (name: string): name is WebhookEventName => (webhookEventNames as readonly string[]).includes(name);

/** The events a webhook asked for, as stored (a JSON array); names no longer known are dropped. */
export function webhookEventsOf(stored: string): WebhookEventName[] {
  try {
    const parsed: unknown = JSON.parse(stored);
    return Array.isArray(parsed) ? parsed.filter((name): name is WebhookEventName => typeof name === 'string' && isWebhookEventName(name)) : [];
  } catch {
    return [];
  }
}

/** A Standard Webhooks message id (`webhook-id`): one per delivery, kept for every retry and resend. */
export const newWebhookMessageId = () => `msg_${randomBytes(16).toString('hex')}`;

/**
 * Queues one delivery per webhook that wants this event, in the event's own transaction: a committed change always
 * has its deliveries, a rolled-back one never. Disabled webhooks get none. Returns how many were queued.
 */
export function enqueueWebhookDeliveries(tx: Tx, eventId: number, event: DomainEvent): number {
  const name = webhookEventOf[event.type];
  if (!name) return 0;
  const wanting = tx
    .select({ id: webhooks.id, events: webhooks.events })
    .from(webhooks)
    .where(eq(webhooks.active, true))
    .all()
    .filter((hook) => webhookEventsOf(hook.events).includes(name));
  if (wanting.length === 0) return 0;
  tx.insert(webhookDeliveries)
    .values(wanting.map((hook) => ({ webhookId: hook.id, eventId, eventType: name, messageId: newWebhookMessageId() })))
    .run();
  nudgeOutboxWorker();
  return wanting.length;
}
