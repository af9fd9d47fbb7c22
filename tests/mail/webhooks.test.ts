import { eq } from 'drizzle-orm';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { outbox, webhookAttempts, webhookDeliveries, webhooks, type Agent } from '@/db/schema';
import { getDb } from '@/lib/core/db';
import { getEnv } from '@/lib/core/env';
import { retryDelayMs } from '@/lib/mail/retry';
import { claimDueDeliveries, deliverDueWebhooks, DISABLE_AFTER_FAILING_MS, signWebhook, type WebhookPoster } from '@/lib/mail/webhook-delivery';
import { createWebhook, deleteWebhook, getWebhook, listDeliveries, resendDelivery, setWebhookActive } from '@/lib/mail/webhooks';
import { addParticipant, removeParticipant } from '@/lib/participants/participants';
import { addAgentReply, updateTicket } from '@/lib/tickets/tickets';
import { webhookEventOf } from '@/lib/tickets/webhook-events';
import { mergeTicket } from '@/lib/tickets/merge';
import { buildWebhookPayload } from '@/lib/mail/webhook-payloads';
import { appErrorFrom } from '@/tests/support/helpers';
import { newAgent, newTicket, setSettings, unique } from '@/tests/support/link-fixtures';

let admin: Agent;
let agent: Agent;
beforeAll(async () => {
  admin = await newAgent('admin');
  agent = await newAgent('agent');
});
beforeEach(() => {
  setSettings({ participantsEnabled: true });
  // Each test starts with no webhooks, so earlier ones' deliveries do not mix in.
  getDb().delete(webhooks).run();
});

type Call = { url: string; headers: Record<string, string>; body: string };

/** A receiver that answers each call with the next status of `statuses` (the last one repeats). */
function receiver(statuses: number[]): { post: WebhookPoster; calls: Call[] } {
  const calls: Call[] = [];
  const post: WebhookPoster = async (url, { headers, body }) => {
    calls.push({ url, headers, body });
    const status = statuses[Math.min(calls.length - 1, statuses.length - 1)];
    return { statusCode: status, response: status === 200 ? 'ok' : 'down for maintenance' };
  };
  return { post, calls };
}

const hookFor = (events: string[]) => createWebhook({ agent: admin, input: { url: `https://hooks.example.test/${unique('h')}`, events } });
const deliveriesOf = (webhookId: number) => getDb().select().from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, webhookId)).all();

describe('webhook signing', () => {
  it('signs as Standard Webhooks specifies: the library’s verifier accepts it, and refuses a changed body', () => {
    const { secret } = hookFor(['reply.created']);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    const body = JSON.stringify({ type: 'reply.created', data: { n: 1 } });
    const headers = signWebhook({ secret, messageId: 'msg_1', body, at: new Date() });
    expect(Object.keys(headers).sort()).toEqual(['webhook-id', 'webhook-signature', 'webhook-timestamp']);
    expect(new StandardWebhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new StandardWebhook(secret).verify(body.replace('1', '2'), headers)).toThrow();
    expect(() => new StandardWebhook(hookFor(['reply.created']).secret).verify(body, headers)).toThrow();
  });
});

describe('creating webhooks', () => {
  it('takes HTTPS, or HTTP on loopback only, and known events; refuses the rest and makes nothing', async () => {
    const before = getDb().select().from(webhooks).all().length;
    for (const url of ['http://hooks.example.test/x', 'ftp://127.0.0.1/x', 'not a url', 'https://user:pw@example.test/']) {
      const error = await appErrorFrom(() => createWebhook({ agent: admin, input: { url, events: ['reply.created'] } }));
      expect(error.fields?.url, url).toBeDefined();
    }
    expect((await appErrorFrom(() => createWebhook({ agent: admin, input: { url: 'https://a.test', events: ['reply.added'] } }))).fields).toHaveProperty('events.0');
    expect((await appErrorFrom(() => createWebhook({ agent: admin, input: { url: 'https://a.test', events: [] } }))).fields).toHaveProperty('events');
    expect((await appErrorFrom(() => createWebhook({ agent, input: { url: 'https://a.test', events: ['reply.created'] } }))).code).toBe('forbidden');
    expect(getDb().select().from(webhooks).all()).toHaveLength(before);
    expect(createWebhook({ agent: admin, input: { url: 'http://127.0.0.1:9999/in', events: ['reply.created'] } }).webhook.url).toBe('http://127.0.0.1:9999/in');
    expect(createWebhook({ agent: admin, input: { url: 'http://localhost:9999/in', events: ['ticket.merged', 'reply.created'] } }).webhook.events).toBe(
      JSON.stringify(['reply.created', 'ticket.merged']),
    );
  });
});

describe('queueing', () => {
  it('queues a delivery in the event’s transaction, only for webhooks that want the event and are on', () => {
    const replies = hookFor(['reply.created']);
    const statuses = hookFor(['ticket.status_changed', 'participant.removed']);
    const off = hookFor(['reply.created']);
    setWebhookActive({ agent: admin, id: off.webhook.id, active: false });
    const ticket = newTicket();
    addAgentReply({ ticketId: ticket.id, agent: admin, message: 'Looking into it', private: false });
    expect(deliveriesOf(replies.webhook.id).map((d) => d.eventType)).toEqual(['reply.created']);
    expect(deliveriesOf(off.webhook.id)).toEqual([]);
    // The public reply opened the new ticket: a status change.
    expect(deliveriesOf(statuses.webhook.id).map((d) => d.eventType)).toEqual(['ticket.status_changed']);
    const guest = addParticipant({ ticketId: ticket.id, agent: admin, input: { email: `${unique('g')}@guests.test` } });
    removeParticipant({ ticketId: ticket.id, participantId: guest.id, agent: admin });
    expect(deliveriesOf(statuses.webhook.id).map((d) => d.eventType)).toEqual(['ticket.status_changed', 'participant.removed']);
    expect(new Set(deliveriesOf(statuses.webhook.id).map((d) => d.messageId)).size).toBe(2);
  });

  it('maps every domain event in one table', () => {
    expect(webhookEventOf['participant.left']).toBe('participant.removed');
    expect(webhookEventOf['ticket.closed']).toBeNull();
    expect(Object.values(webhookEventOf).filter(Boolean).sort()).toEqual(
      ['participant.added', 'participant.removed', 'participant.removed', 'rating.received', 'reply.created', 'ticket.assigned', 'ticket.created', 'ticket.created', 'ticket.merged', 'ticket.status_changed'].sort(),
    );
    // A split's new ticket is told as a new ticket.
    expect(webhookEventOf['ticket.split']).toBe('ticket.created');
  });

  it('a merge is told as ticket.merged on the ticket merged into, with the merged one’s id', () => {
    const merges = hookFor(['ticket.merged']);
    const [a, b] = [newTicket(), newTicket()];
    mergeTicket({ ticketId: b.id, agent: admin, input: { into: a.id } });
    const [delivery] = deliveriesOf(merges.webhook.id);
    expect(delivery.eventType).toBe('ticket.merged');
    const body = JSON.parse(buildWebhookPayload(delivery)) as { type: string; data: { ticket: { id: number }; mergedTicketId: number } };
    expect(body).toMatchObject({ type: 'ticket.merged', data: { ticket: { id: a.id }, mergedTicketId: b.id } });
  });
});

describe('delivering', () => {
  it('retries with the outbox’s backoff, with the same id and body each time, and sends once it is accepted', async () => {
    const { webhook, secret } = hookFor(['reply.created']);
    const ticket = newTicket();
    const reply = addAgentReply({ ticketId: ticket.id, agent: admin, message: 'Fixed', private: true });
    const { post, calls } = receiver([503, 503, 200]);
    let now = Date.now();
    const clock = () => new Date(now);

    expect(await deliverDueWebhooks({ post, now: clock })).toBe(1);
    const [afterOne] = deliveriesOf(webhook.id);
    expect(afterOne).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: 503 });
    expect(afterOne.nextAttemptAt.getTime()).toBe(now + retryDelayMs(1, getEnv().OUTBOX_RETRY_BASE_MS));
    // Not due yet: nothing is sent.
    expect(await deliverDueWebhooks({ post, now: clock })).toBe(0);

    now = afterOne.nextAttemptAt.getTime();
    await deliverDueWebhooks({ post, now: clock });
    now = deliveriesOf(webhook.id)[0].nextAttemptAt.getTime();
    await deliverDueWebhooks({ post, now: clock });
    now += 365 * 24 * 60 * 60 * 1000;
    expect(await deliverDueWebhooks({ post, now: clock })).toBe(0);

    expect(calls).toHaveLength(3);
    expect(new Set(calls.map((c) => c.headers['webhook-id'])).size).toBe(1);
    expect(new Set(calls.map((c) => c.body)).size).toBe(1);
    for (const call of calls) expect(() => new StandardWebhook(secret).verify(call.body, call.headers)).not.toThrow();
    const body = JSON.parse(calls[0].body);
    expect(body).toMatchObject({ type: 'reply.created', data: { ticket: { id: ticket.id, number: ticket.displayNumber }, reply: { id: reply.id, private: true, body: 'Fixed' } } });
    expect(deliveriesOf(webhook.id)[0]).toMatchObject({ status: 'sent', attempts: 3, lastStatusCode: 200 });
    const log = listDeliveries({ agent: admin, webhookId: webhook.id });
    expect(log[0].recentAttempts.map((a) => [a.statusCode, a.ok])).toEqual([
      [200, true],
      [503, false],
      [503, false],
    ]);
    expect(getWebhook({ agent: admin, id: webhook.id }).failingSince).toBeNull();
  });

  it('never lets two passes take the same delivery', () => {
    const { webhook } = hookFor(['ticket.assigned']);
    const ticket = newTicket();
    updateTicket({ ticketId: ticket.id, agent: admin, input: { assigneeId: agent.id } });
    const first = claimDueDeliveries();
    const second = claimDueDeliveries();
    expect(first.map((d) => d.webhookId)).toEqual([webhook.id]);
    expect(second).toEqual([]);
  });

  it('resends the same message on request', async () => {
    const { webhook } = hookFor(['ticket.assigned']);
    const ticket = newTicket();
    updateTicket({ ticketId: ticket.id, agent: admin, input: { assigneeId: agent.id } });
    const { post, calls } = receiver([200]);
    await deliverDueWebhooks({ post });
    const [delivery] = deliveriesOf(webhook.id);
    expect((await appErrorFrom(() => resendDelivery({ agent, webhookId: webhook.id, deliveryId: delivery.id }))).code).toBe('forbidden');
    resendDelivery({ agent: admin, webhookId: webhook.id, deliveryId: delivery.id });
    await deliverDueWebhooks({ post });
    expect(calls).toHaveLength(2);
    expect(calls[1].headers['webhook-id']).toBe(calls[0].headers['webhook-id']);
    expect(calls[1].body).toBe(calls[0].body);
    expect(JSON.parse(calls[0].body).data.ticket.assignee).toMatchObject({ id: agent.id });
  });

  it('turns a webhook off after 3 days of failures and emails the admins; what waited goes out once it is on again', async () => {
    const { webhook } = hookFor(['ticket.assigned']);
    const ticket = newTicket();
    updateTicket({ ticketId: ticket.id, agent: admin, input: { assigneeId: agent.id } });
    const down = receiver([500]);
    const start = Date.now();
    let now = start;
    const clock = () => new Date(now);
    await deliverDueWebhooks({ post: down.post, now: clock });
    expect(getWebhook({ agent: admin, id: webhook.id }).failingSince?.getTime()).toBe(start);
    now = start + DISABLE_AFTER_FAILING_MS - 1000;
    await deliverDueWebhooks({ post: down.post, now: clock });
    expect(getWebhook({ agent: admin, id: webhook.id }).active).toBe(true);
    now = start + DISABLE_AFTER_FAILING_MS + 60 * 60 * 1000;
    await deliverDueWebhooks({ post: down.post, now: clock });
    const off = getWebhook({ agent: admin, id: webhook.id });
    expect(off).toMatchObject({ active: false, disabledReason: 'Every delivery failed for 3 days.' });
    const told = getDb().select().from(outbox).where(eq(outbox.template, 'webhook_disabled')).all();
    expect(told.map((r) => r.toEmail)).toContain(admin.email);
    expect(told.map((r) => r.toEmail)).not.toContain(agent.email);

    // Off: nothing is queued for it and nothing is sent, but the waiting delivery is kept.
    updateTicket({ ticketId: ticket.id, agent: admin, input: { assigneeId: admin.id } });
    now += 365 * 24 * 60 * 60 * 1000;
    expect(await deliverDueWebhooks({ post: down.post, now: clock })).toBe(0);
    expect(deliveriesOf(webhook.id)).toHaveLength(1);

    setWebhookActive({ agent: admin, id: webhook.id, active: true });
    const up = receiver([200]);
    await deliverDueWebhooks({ post: up.post, now: clock });
    expect(up.calls).toHaveLength(1);
    expect(deliveriesOf(webhook.id)[0].status).toBe('sent');
  });

  it('deletes a webhook with its log', async () => {
    const { webhook } = hookFor(['ticket.assigned']);
    const ticket = newTicket();
    updateTicket({ ticketId: ticket.id, agent: admin, input: { assigneeId: agent.id } });
    await deliverDueWebhooks({ post: receiver([500]).post });
    const [delivery] = deliveriesOf(webhook.id);
    deleteWebhook({ agent: admin, id: webhook.id });
    expect(deliveriesOf(webhook.id)).toEqual([]);
    expect(getDb().select().from(webhookAttempts).where(eq(webhookAttempts.deliveryId, delivery.id)).all()).toEqual([]);
    expect((await appErrorFrom(() => getWebhook({ agent: admin, id: webhook.id }))).code).toBe('not_found');
  });
});
