import 'server-only';
import { and, asc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { agents, outbox, webhookAttempts, webhookDeliveries, webhooks, type WebhookDelivery } from '@/db/schema';
import { recordAudit, systemActor } from '@/lib/core/audit';
import { getDb, type Tx } from '@/lib/core/db';
import { getEnv } from '@/lib/core/env';
import { nudgeOutboxWorker } from '@/lib/core/outbox-queue';
import { retryDelayMs } from '@/lib/mail/retry';
import { buildWebhookPayload, WebhookPayloadError } from '@/lib/mail/webhook-payloads';

// Sending queued webhook deliveries, in the background thread (lib/mail/worker/thread.ts), as the outbox sends mail:
// due rows are claimed for OUTBOX_CLAIM_MS (a process that dies mid-send leaves them to be sent again after it, with
// the same webhook-id), each is signed as Standard Webhooks specifies and POSTed, and a failure is retried with the
// outbox's backoff (OUTBOX_RETRY_BASE_MS doubling up to an hour). A delivery is retried until the receiver accepts
// it (any 2xx); a webhook whose every attempt failed for 3 days is turned off and the admins are emailed. Its waiting
// deliveries stay queued and go out once it is turned on again.

const BATCH_SIZE = 20;
const REQUEST_TIMEOUT_MS = 10_000;
const RESPONSE_KEPT_CHARS = 1_000;
export const DISABLE_AFTER_FAILING_MS = 3 * 24 * 60 * 60 * 1000;

/** The headers of one attempt: its id (the delivery's, always), the attempt's time, and the signature of both with the body. */
export function signWebhook({ secret, messageId, body, at }: { secret: string; messageId: string; body: string; at: Date }): Record<string, string> {
  const signature = new StandardWebhook(secret).sign(messageId, at, body);
  return { 'webhook-id': messageId, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': signature };
}

/** Due deliveries of active webhooks, claimed in one statement so an overlapping pass (or process) cannot take them too. */
export function claimDueDeliveries({ now = new Date(), limit = BATCH_SIZE }: { now?: Date; limit?: number } = {}): WebhookDelivery[] {
  const db = getDb();
  const due = db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
    .where(and(eq(webhookDeliveries.status, 'pending'), lte(webhookDeliveries.nextAttemptAt, now), eq(webhooks.active, true)))
    .orderBy(asc(webhookDeliveries.nextAttemptAt), asc(webhookDeliveries.id))
    .limit(limit);
  return db
    .update(webhookDeliveries)
    .set({ nextAttemptAt: new Date(now.getTime() + getEnv().OUTBOX_CLAIM_MS) })
    .where(and(inArray(webhookDeliveries.id, due), eq(webhookDeliveries.status, 'pending'), lte(webhookDeliveries.nextAttemptAt, now)))
    .returning()
    .all();
}

export type WebhookAnswer = { statusCode: number | null; response: string };
export type WebhookPoster = (url: string, init: { headers: Record<string, string>; body: string }) => Promise<WebhookAnswer>;

/** POSTs with a timeout; redirects are not followed (a 3xx is a failure, as the receiver did not take the message). */
export const postWebhook: WebhookPoster = async (url, { headers, body }) => {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Parley-Webhooks', ...headers },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.text().catch(() => '');
    return { statusCode: response.status, response: text.slice(0, RESPONSE_KEPT_CHARS) };
  } catch (error) {
    const cause = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
    return { statusCode: null, response: `No answer: ${cause}`.slice(0, RESPONSE_KEPT_CHARS) };
  }
};

type DeliveryOptions = { post?: WebhookPoster; now?: () => Date };

/** The stored body, built and kept at the first attempt (later attempts and resends send the same bytes). */
function bodyOf(delivery: WebhookDelivery): string {
  if (delivery.payload !== null) return delivery.payload;
  const body = buildWebhookPayload(delivery);
  getDb().update(webhookDeliveries).set({ payload: body }).where(and(eq(webhookDeliveries.id, delivery.id), isNull(webhookDeliveries.payload))).run();
  return getDb().select({ payload: webhookDeliveries.payload }).from(webhookDeliveries).where(eq(webhookDeliveries.id, delivery.id)).get()?.payload ?? body;
}

/** Sends one claimed delivery and records the attempt and its outcome. */
export async function deliverWebhook(delivery: WebhookDelivery, { post = postWebhook, now = () => new Date() }: DeliveryOptions = {}): Promise<void> {
  const db = getDb();
  const hook = db.select().from(webhooks).where(eq(webhooks.id, delivery.webhookId)).get();
  if (!hook) return;
  const attempts = delivery.attempts + 1;
  let body: string;
  try {
    body = bodyOf(delivery);
  } catch (error) {
    if (!(error instanceof WebhookPayloadError)) throw error;
    db.update(webhookDeliveries).set({ status: 'failed', attempts, lastError: error.message }).where(eq(webhookDeliveries.id, delivery.id)).run();
    return;
  }
  const started = now();
  const answer = await post(hook.url, { headers: signWebhook({ secret: hook.secret, messageId: delivery.messageId, body, at: started }), body });
  const finished = now();
  const ok = answer.statusCode !== null && answer.statusCode >= 200 && answer.statusCode < 300;
  db.transaction((tx) => {
    tx.insert(webhookAttempts)
      .values({ deliveryId: delivery.id, statusCode: answer.statusCode, response: answer.response, durationMs: finished.getTime() - started.getTime(), ok, createdAt: finished })
      .run();
    if (ok) {
      tx.update(webhookDeliveries)
        .set({ status: 'sent', attempts, sentAt: finished, lastStatusCode: answer.statusCode, lastError: null })
        .where(eq(webhookDeliveries.id, delivery.id))
        .run();
      tx.update(webhooks).set({ failingSince: null }).where(eq(webhooks.id, hook.id)).run();
      return;
    }
    const lastError = answer.statusCode === null ? answer.response : `HTTP ${answer.statusCode}`;
    tx.update(webhookDeliveries)
      .set({ attempts, lastStatusCode: answer.statusCode, lastError, nextAttemptAt: new Date(finished.getTime() + retryDelayMs(attempts, getEnv().OUTBOX_RETRY_BASE_MS)) })
      .where(eq(webhookDeliveries.id, delivery.id))
      .run();
    tx.update(webhooks).set({ failingSince: sql`coalesce(${webhooks.failingSince}, ${started.getTime()})` }).where(eq(webhooks.id, hook.id)).run();
    const failingSince = tx.select({ at: webhooks.failingSince }).from(webhooks).where(eq(webhooks.id, hook.id)).get()?.at;
    if (failingSince && finished.getTime() - failingSince.getTime() >= DISABLE_AFTER_FAILING_MS) disableFailingWebhook(tx, hook.id, hook.url, finished);
  });
}

/** Turns a webhook off after 3 days of failures, once, and emails every active admin. */
function disableFailingWebhook(tx: Tx, webhookId: number, url: string, at: Date): void {
  const turnedOff = tx
    .update(webhooks)
    .set({ active: false, disabledAt: at, disabledReason: 'Every delivery failed for 3 days.' })
    .where(and(eq(webhooks.id, webhookId), eq(webhooks.active, true)))
    .run();
  if (turnedOff.changes !== 1) return;
  recordAudit(tx, { ticketId: null, actor: systemActor, action: 'webhook.disabled', detail: { webhookId, url } });
  const admins = tx.select().from(agents).where(and(eq(agents.role, 'admin'), eq(agents.active, true))).all();
  for (const admin of admins) {
    tx.insert(outbox)
      .values({ ticketId: null, template: 'webhook_disabled', toEmail: admin.email, toName: admin.name, recipientKind: 'agent', recipientId: admin.id, payload: JSON.stringify({ webhookId }) })
      .run();
  }
  nudgeOutboxWorker();
}

/** One pass: claims and sends due deliveries, batch after batch, until none is due. Returns how many were handled. */
export async function deliverDueWebhooks(options: DeliveryOptions = {}): Promise<number> {
  let handled = 0;
  for (;;) {
    const due = claimDueDeliveries({ now: options.now?.() });
    if (due.length === 0) return handled;
    for (const delivery of due) await deliverWebhook(delivery, options);
    handled += due.length;
  }
}
