import 'server-only';
import { randomBytes } from 'node:crypto';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { webhookAttempts, webhookDeliveries, webhookEventNames, webhooks, type Agent, type Webhook, type WebhookAttempt, type WebhookDelivery } from '@/db/schema';
import { canManageWebhooks } from '@/lib/auth/policy';
import { agentActor, recordAudit } from '@/lib/core/audit';
import { getDb } from '@/lib/core/db';
import { AppError, forbidden, notFound, validationError } from '@/lib/core/errors';
import { nudgeOutboxWorker } from '@/lib/core/outbox-queue';
import { webhookEventsOf } from '@/lib/tickets/webhook-events';

// Admins' webhooks (Admin → Webhooks, /api/v1/webhooks): made with a URL and the events wanted, and a signing secret
// shown once; the delivery log with each attempt's answer; resending; turning one off and on again.

/** What each event tells, for Admin → Webhooks and the README. */
export const webhookEventDescriptions: Record<(typeof webhookEventNames)[number], string> = {
  'ticket.created': 'a ticket was created (web, email or API)',
  'reply.created': 'a reply or a private note was added (`reply.private` says which)',
  'ticket.status_changed': 'the status changed (`from`, `to`), by anyone or automatically',
  'ticket.assigned': 'the ticket was assigned to an agent',
  'participant.added': 'a participant was added',
  'participant.removed': 'a participant was removed or left',
  'ticket.merged': 'the ticket was merged into another',
  'rating.received': 'the customer or a participant rated a closing (or changed their rating)',
};

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** HTTPS anywhere, or plain HTTP to this machine only (a receiver for local use). */
export const webhookUrlSchema = z
  .string('must be a URL')
  .trim()
  .max(2000, 'must be at most 2000 characters')
  .refine((value) => URL.canParse(value), 'must be a full URL like https://example.com/hooks/parley')
  .refine((value) => {
    if (!URL.canParse(value)) return true;
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && (LOOPBACK_HOSTS.has(url.hostname) || /^127\.\d+\.\d+\.\d+$/.test(url.hostname)));
  }, 'must start with https:// (plain http:// only to localhost, 127.0.0.1 or [::1])')
  .refine((value) => !URL.canParse(value) || (new URL(value).username === '' && new URL(value).password === ''), 'must not contain a user name or password');

export const newWebhookSchema = z
  .object({
    url: webhookUrlSchema,
    events: z
      .array(z.enum(webhookEventNames, { message: `must each be one of ${webhookEventNames.join(', ')}` }), 'must be a list of event names')
      .min(1, 'must name at least one event')
      .transform((names) => webhookEventNames.filter((name) => names.includes(name))),
  })
  .strict();

/** A webhook as the API and the admin page show it; the secret only in the answer that made it. */
export function webhookView(hook: Webhook) {
  return {
    id: hook.id,
    url: hook.url,
    events: webhookEventsOf(hook.events),
    active: hook.active,
    disabledAt: hook.disabledAt?.toISOString() ?? null,
    disabledReason: hook.disabledReason,
    failingSince: hook.failingSince?.toISOString() ?? null,
    createdAt: hook.createdAt.toISOString(),
  };
}

function requireManager(agent: Agent): void {
  if (!canManageWebhooks(agent)) throw forbidden('Only administrators can manage webhooks.');
}

/** `whsec_` and 32 random bytes in base64, the form Standard Webhooks libraries take. */
const newSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

export function createWebhook({ agent, input }: { agent: Agent; input: unknown }): { webhook: Webhook; secret: string } {
  requireManager(agent);
  const parsed = newWebhookSchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const secret = newSecret();
  const webhook = getDb().transaction((tx) => {
    const row = tx
      .insert(webhooks)
      .values({ url: parsed.data.url, events: JSON.stringify(parsed.data.events), secret, createdByAgentId: agent.id })
      .returning()
      .get();
    recordAudit(tx, { ticketId: null, actor: agentActor(agent), action: 'webhook.created', detail: { webhookId: row.id, url: row.url, events: parsed.data.events } });
    return row;
  });
  return { webhook, secret };
}

export function listWebhooks({ agent }: { agent: Agent }): Webhook[] {
  requireManager(agent);
  return getDb().select().from(webhooks).orderBy(desc(webhooks.id)).all();
}

export function getWebhook({ agent, id }: { agent: Agent; id: number }): Webhook {
  requireManager(agent);
  const hook = getDb().select().from(webhooks).where(eq(webhooks.id, id)).get();
  if (!hook) throw notFound('Webhook');
  return hook;
}

/** Deletes the webhook and its delivery log; nothing more is sent to it. */
export function deleteWebhook({ agent, id }: { agent: Agent; id: number }): void {
  const hook = getWebhook({ agent, id });
  getDb().transaction((tx) => {
    tx.delete(webhooks).where(eq(webhooks.id, id)).run();
    recordAudit(tx, { ticketId: null, actor: agentActor(agent), action: 'webhook.deleted', detail: { webhookId: id, url: hook.url } });
  });
}

/** Turns a webhook off (events are no longer queued for it) or on again (what waited is sent, and new events queue). */
export function setWebhookActive({ agent, id, active }: { agent: Agent; id: number; active: boolean }): Webhook {
  const hook = getWebhook({ agent, id });
  if (hook.active === active) return hook;
  const updated = getDb().transaction((tx) => {
    const row = tx
      .update(webhooks)
      .set(active ? { active, disabledAt: null, disabledReason: null, failingSince: null } : { active, disabledAt: new Date(), disabledReason: 'Turned off by an administrator.' })
      .where(eq(webhooks.id, id))
      .returning()
      .get();
    recordAudit(tx, { ticketId: null, actor: agentActor(agent), action: active ? 'webhook.enabled' : 'webhook.disabled', detail: { webhookId: id } });
    return row;
  });
  if (active) nudgeOutboxWorker();
  return updated;
}

export const DELIVERY_LOG_LIMIT = 50;
const ATTEMPTS_SHOWN = 3;

export type DeliveryLogEntry = WebhookDelivery & { recentAttempts: WebhookAttempt[] };

/** The webhook's newest deliveries, each with its last few attempts (newest first). */
export function listDeliveries({ agent, webhookId }: { agent: Agent; webhookId: number }): DeliveryLogEntry[] {
  getWebhook({ agent, id: webhookId });
  const db = getDb();
  const rows = db.select().from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, webhookId)).orderBy(desc(webhookDeliveries.id)).limit(DELIVERY_LOG_LIMIT).all();
  const ids = rows.map((row) => row.id);
  const attempts = ids.length
    ? db
        .select()
        .from(webhookAttempts)
        .where(
          and(
            inArray(webhookAttempts.deliveryId, ids),
            // The last few per delivery: those with fewer than ATTEMPTS_SHOWN newer ones.
            sql`(select count(*) from ${webhookAttempts} newer where newer.delivery_id = ${webhookAttempts.deliveryId} and newer.id > ${webhookAttempts.id}) < ${ATTEMPTS_SHOWN}`,
          ),
        )
        .orderBy(desc(webhookAttempts.id))
        .all()
    : [];
  return rows.map((row) => ({ ...row, recentAttempts: attempts.filter((a) => a.deliveryId === row.id) }));
}

/**
 * Sends a delivery again, now: the same message (its webhook-id and body), so a receiver that has it already can
 * tell. One still waiting for its next retry is simply sent sooner.
 */
export function resendDelivery({ agent, webhookId, deliveryId }: { agent: Agent; webhookId: number; deliveryId: number }): void {
  const hook = getWebhook({ agent, id: webhookId });
  if (!hook.active) throw new AppError('conflict', 'This webhook is turned off; turn it on to send its deliveries.');
  const db = getDb();
  const delivery = db.select().from(webhookDeliveries).where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.webhookId, webhookId))).get();
  if (!delivery) throw notFound('Delivery');
  if (delivery.status === 'failed' && delivery.payload === null) throw new AppError('conflict', `This delivery cannot be sent: ${delivery.lastError ?? 'its event is gone'}.`);
  db.transaction((tx) => {
    tx.update(webhookDeliveries).set({ status: 'pending', nextAttemptAt: new Date() }).where(eq(webhookDeliveries.id, deliveryId)).run();
    recordAudit(tx, { ticketId: null, actor: agentActor(agent), action: 'webhook.resent', detail: { webhookId, deliveryId, messageId: delivery.messageId } });
  });
  nudgeOutboxWorker();
}
