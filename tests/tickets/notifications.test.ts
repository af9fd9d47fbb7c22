import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { events, mailbox, outbox, type Agent } from '@/db/schema';
import { verifyAccessToken, verifyRecipientToken } from '@/lib/participants/links';
import { createAgent } from '@/lib/auth/agents';
import { systemActor } from '@/lib/core/audit';
import { getDb } from '@/lib/core/db';
import { previewEmailTemplate, resetEmailTemplate, saveEmailTemplate } from '@/lib/mail/template-settings';
import { getAuthSecret } from '@/lib/core/env';
import { messageIdFor, threadIdFor } from '@/lib/mail/headers';
import { claimDueMessages, deliverDueMessages, deliverMessage, type Transport } from '@/lib/mail/outbox-worker';
import { MAX_SEND_ATTEMPTS } from '@/lib/mail/retry';
import { MailSendError } from '@/lib/mail/send';
import { resolveUnsubscribeToken, setTicketEmailsThroughLink, unsubscribeWithToken } from '@/lib/participants/ticket-emails';
import { isTicketMuted, muteTicketNotifications, unmuteTicketNotifications } from '@/lib/tickets/notifications';
import { listFailedMessages, retryFailedMessage } from '@/lib/mail/outbox';
import { addParticipant, removeParticipant } from '@/lib/participants/participants';
import { updateSettings } from '@/lib/auth/admin-settings';
import { replyThroughLink } from '@/lib/participants/portal';
import { addAgentReply, createTicket, updateTicket } from '@/lib/tickets/tickets';
import { appErrorFrom } from '@/tests/support/helpers';

let admin: Agent;
let counter = 0;
const unique = () => `${Date.now()}-${++counter}`;

const rowsFor = (ticketId: number) => getDb().select().from(outbox).where(eq(outbox.ticketId, ticketId)).all();
const summary = (ticketId: number) => rowsFor(ticketId).map((r) => `${r.template} → ${r.toEmail}`);
const clearOutbox = () => getDb().delete(outbox).run();

beforeEach(async () => {
  admin ??= await createAgent({ email: 'notify-admin@team.test', name: 'Notify Admin', password: 'password-123', role: 'admin' }, systemActor);
  updateSettings({ agent: admin, input: { participantsEnabled: true, copyParticipants: true } });
  clearOutbox();
});

function newTicket() {
  const id = unique();
  return createTicket(
    { subject: `Printer ${id}`, message: 'The printer is on fire.', customer: { email: `carol-${id}@customer.test`, name: 'Carol' } },
    { kind: 'public', source: 'web' },
  );
}

describe('enqueueing with the event', () => {
  it('queues the customer’s receipt and the agents’ notice in the ticket’s own transaction', () => {
    const ticket = newTicket();
    expect(summary(ticket.id)).toEqual([`ticket_received → ${ticket.customer.email}`, 'agent_new_ticket → notify-admin@team.test']);
    const [row] = rowsFor(ticket.id);
    const event = getDb().select().from(events).where(eq(events.id, row.eventId!)).get();
    expect(event?.type).toBe('ticket.created');
    expect(row).toMatchObject({ status: 'pending', attempts: 0, recipientKind: 'customer', recipientId: ticket.customerId });
  });

  it('queues nothing when the change is rolled back', () => {
    const before = getDb().select().from(outbox).all().length;
    expect(() => createTicket({ subject: '', message: 'x', customer: { email: 'bad' } }, { kind: 'public', source: 'web' })).toThrow();
    expect(getDb().select().from(outbox).all()).toHaveLength(before);
  });

  it('sends a private note to no one outside, and a public reply to the customer and participants', () => {
    const ticket = newTicket();
    const guest = addParticipant({ ticketId: ticket.id, agent: admin, input: { email: `guest-${unique()}@guest.test` } });
    clearOutbox();
    addAgentReply({ ticketId: ticket.id, agent: admin, message: 'Internal: call the fire brigade', private: true });
    expect(rowsFor(ticket.id)).toEqual([]);
    addAgentReply({ ticketId: ticket.id, agent: admin, message: 'We are on it.' });
    expect(summary(ticket.id)).toEqual([`ticket_reply → ${ticket.customer.email}`, `ticket_reply → ${guest.email}`]);
  });

  it('sends a participant’s web reply to the customer, the agents and the other participants, not the author', () => {
    const ticket = newTicket();
    const pat = addParticipant({ ticketId: ticket.id, agent: admin, input: { email: `pat-${unique()}@guest.test` } });
    const quinn = addParticipant({ ticketId: ticket.id, agent: admin, input: { email: `quinn-${unique()}@guest.test` } });
    clearOutbox();
    const token = pat.ticketUrl.split('/t/')[1];
    replyThroughLink({ token, input: { email: pat.email, message: 'Still burning.' } });
    expect(summary(ticket.id).sort()).toEqual(
      ['agent_new_reply → notify-admin@team.test', `ticket_reply → ${ticket.customer.email}`, `ticket_reply → ${quinn.email}`].sort(),
    );
  });

  it('quotes the reply and names its author in every message about it, to agents and outsiders alike', async () => {
    const ticket = newTicket();
    const pat = addParticipant({ ticketId: ticket.id, agent: admin, input: { email: `pat-${unique()}@guest.test`, name: 'Pat First' } });
    const quinn = addParticipant({ ticketId: ticket.id, agent: admin, input: { email: `quinn-${unique()}@guest.test`, name: 'Quinn Second' } });
    clearOutbox();
    replyThroughLink({ token: quinn.ticketUrl.split('/t/')[1], input: { email: quinn.email, message: 'The smoke is purple now.' } });
    expect(summary(ticket.id).sort()).toEqual(
      ['agent_new_reply → notify-admin@team.test', `ticket_reply → ${ticket.customer.email}`, `ticket_reply → ${pat.email}`].sort(),
    );
    await deliverDueMessages();
    const delivered = getDb().select().from(mailbox).all().filter((m) => rowsFor(ticket.id).some((r) => r.id === m.outboxId));
    expect(delivered).toHaveLength(3);
    for (const message of delivered) {
      expect(message.text).toContain('The smoke is purple now.');
      expect(message.text).toContain('Quinn Second');
    }
  });

  it('writes the text part from the template: greeting, the reply and its author, the recipient’s own links', async () => {
    const ticket = newTicket();
    const pat = addParticipant({ ticketId: ticket.id, agent: admin, input: { email: `pat-${unique()}@guest.test`, name: 'Pat Text' } });
    clearOutbox();
    addAgentReply({ ticketId: ticket.id, agent: admin, message: 'First line of the answer.\nSecond line, <b>as typed</b>.\n\nA second paragraph.' });
    await deliverDueMessages();
    const delivered = getDb().select().from(mailbox).all().filter((m) => rowsFor(ticket.id).some((r) => r.id === m.outboxId));
    const toPat = delivered.find((m) => m.toAddress === pat.email)!;
    const headers = JSON.parse(toPat.headers) as Record<string, string>;
    const unsubscribe = /<([^>]+)>$/.exec(headers['List-Unsubscribe'])![1];
    // No INBOUND_DOMAIN here: replies by email cannot reach Parley, so no "reply above this line" marker.
    expect(toPat.text).not.toContain('## Reply above this line ##');
    expect(toPat.text.startsWith(
      [
        'Parley',
        'NEW REPLY',
        'Hello Pat Text,',
        // Not "your ticket": it is the customer's.
        `Notify Admin replied to a ticket you take part in ${ticket.displayNumber}:`,
        'First line of the answer.\nSecond line, <b>as typed</b>.',
        'A second paragraph.',
        'Read the conversation and reply with your personal link below.',
        `Read and reply: ${pat.ticketUrl}`,
      ].join('\n\n'),
    )).toBe(true);
    // The request, quoted; the link once; the footer last.
    expect(toPat.text).toMatch(/\n\nThe request:\n\n.+ wrote on .+ UTC:\n> The printer is on fire\./);
    expect(toPat.text.split(pat.ticketUrl).length - 1).toBe(1);
    expect(toPat.text.endsWith(`${'-'.repeat(40)}\n\nYou receive this email because you are on ticket ${ticket.displayNumber} at Parley.\nStop emails about this ticket: ${unsubscribe}\n`)).toBe(true);
    // The customer's copy carries the customer's own link, not the participant's.
    const toCustomer = delivered.find((m) => m.toAddress === ticket.customer.email)!;
    expect(toCustomer.text).toContain('Hello Carol,');
    expect(toCustomer.text).toContain(`Notify Admin replied to your ticket ${ticket.displayNumber}:`);
    expect(toCustomer.text).not.toContain('The request:');
    expect(toCustomer.text).toMatch(/Read and reply: http:\/\/parley\.test\/t\/\S+/);
    expect(toCustomer.text).not.toContain(pat.ticketUrl);
  });

  it('quotes the first message to the agents told about a new ticket', async () => {
    const ticket = newTicket();
    await deliverDueMessages();
    const toAgent = getDb().select().from(mailbox).all().find((m) => m.toAddress === 'notify-admin@team.test' && rowsFor(ticket.id).some((r) => r.id === m.outboxId));
    expect(toAgent?.text).toContain('The printer is on fire.');
    expect(toAgent?.text).toContain('Carol');
  });

  it('skips a muted address until it is unmuted, without touching access', () => {
    const ticket = newTicket();
    muteTicketNotifications({ ticketId: ticket.id, email: ticket.customer.email.toUpperCase() });
    expect(isTicketMuted({ ticketId: ticket.id, email: ticket.customer.email })).toBe(true);
    clearOutbox();
    addAgentReply({ ticketId: ticket.id, agent: admin, message: 'Muted reply' });
    expect(rowsFor(ticket.id)).toEqual([]);
    unmuteTicketNotifications({ ticketId: ticket.id, email: ticket.customer.email });
    addAgentReply({ ticketId: ticket.id, agent: admin, message: 'Audible reply' });
    expect(summary(ticket.id)).toEqual([`ticket_reply → ${ticket.customer.email}`]);
  });

  it('tells an assigned agent and a closed ticket’s customer', async () => {
    const ticket = newTicket();
    const agent = await createAgent({ email: `assignee-${unique()}@team.test`, name: 'Assignee', password: 'password-123' }, systemActor);
    clearOutbox();
    updateTicket({ ticketId: ticket.id, agent: admin, input: { assigneeId: agent.id, status: 'closed' } });
    expect(summary(ticket.id).sort()).toEqual([`ticket_assigned → ${agent.email}`, `ticket_closed → ${ticket.customer.email}`].sort());
  });
});

describe('the worker', () => {
  it('delivers each message once to the local mailbox, with the recipient’s own link and the headers', async () => {
    const ticket = newTicket();
    const guest = addParticipant({ ticketId: ticket.id, agent: admin, input: { email: `added-${unique()}@guest.test`, name: 'Added Guest' } });
    const before = Date.now();
    await deliverDueMessages();
    expect(rowsFor(ticket.id).every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
    for (const row of rowsFor(ticket.id)) {
      expect(row.sentAt!.getTime()).toBeGreaterThanOrEqual(before);
      expect(row.providerId).toMatch(/^mailbox-\d+$/);
      expect(row.lastError).toBeNull();
    }
    await deliverDueMessages();

    const messages = getDb().select().from(mailbox).all().filter((m) => rowsFor(ticket.id).some((r) => r.id === m.outboxId));
    expect(messages.map((m) => m.toAddress).sort()).toEqual(rowsFor(ticket.id).map((r) => r.toEmail).sort());
    expect(messages.map((m) => m.toAddress)).toEqual(expect.arrayContaining([ticket.customer.email, guest.email, 'notify-admin@team.test']));

    const added = messages.find((m) => m.toAddress === guest.email)!;
    expect(added.subject).toBe(`[${ticket.displayNumber}] You were added to: ${ticket.subject}`);
    expect(added.text).toContain('Notify Admin at Parley added you as a participant');
    expect(added.text).toContain(guest.ticketUrl);
    expect(added.html).toContain(`href="${guest.ticketUrl}"`);
    const headers = JSON.parse(added.headers) as Record<string, string>;
    expect(headers['Message-ID']).toBe(messageIdFor(added.outboxId!, ticket.id, 'localhost', getAuthSecret()));
    expect(headers['In-Reply-To']).toBe(threadIdFor(ticket.id, 'localhost', getAuthSecret()));
    expect(headers['Auto-Submitted']).toBe('auto-generated');
    expect(headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    const unsubscribeToken = /\/unsubscribe\/([^>]+)>$/.exec(headers['List-Unsubscribe'])![1];
    expect(verifyRecipientToken('unsubscribe', unsubscribeToken, getAuthSecret())).toEqual({ ticketId: ticket.id, recipient: { kind: 'participant', id: guest.id }, version: 1 });

    const receipt = messages.find((m) => m.toAddress === ticket.customer.email)!;
    const link = /http:\/\/parley\.test\/t\/(\S+)/.exec(receipt.text)![1];
    expect(verifyAccessToken(link, getAuthSecret())?.holder).toEqual({ kind: 'customer', id: ticket.customerId });

    const agentMail = messages.find((m) => m.toAddress === 'notify-admin@team.test')!;
    expect(agentMail.text).toContain(`http://parley.test/tickets/${ticket.id}`);
    expect(JSON.parse(agentMail.headers)['List-Unsubscribe']).toBeUndefined();
  });

  it('retries with backoff after failures, then succeeds with the same idempotency key', async () => {
    const ticket = newTicket();
    const keys: string[] = [];
    let failures = 2;
    const flaky: Transport = async (email, { idempotencyKey }) => {
      keys.push(`${email.to}|${idempotencyKey}`);
      if (failures-- > 0) throw new MailSendError('Resend 500 internal_server_error: Simulated outage', false);
      return { providerId: 'x', transport: 'resend' };
    };
    const [row] = claimDueMessages({ limit: 1 });
    let now = new Date();
    await deliverMessage(row, { transport: flaky, now: () => now });
    let stored = getDb().select().from(outbox).where(eq(outbox.id, row.id)).get()!;
    expect(stored).toMatchObject({ status: 'pending', attempts: 1, lastError: 'Resend 500 internal_server_error: Simulated outage' });
    expect(stored.nextAttemptAt.getTime() - now.getTime()).toBe(10_000);

    now = new Date(now.getTime() + 10_000);
    await deliverMessage(stored, { transport: flaky, now: () => now });
    stored = getDb().select().from(outbox).where(eq(outbox.id, row.id)).get()!;
    expect(stored.attempts).toBe(2);
    expect(stored.nextAttemptAt.getTime() - now.getTime()).toBe(20_000);

    await deliverMessage(stored, { transport: flaky });
    stored = getDb().select().from(outbox).where(eq(outbox.id, row.id)).get()!;
    expect(stored).toMatchObject({ status: 'sent', attempts: 3, lastError: null, providerId: 'x' });
    expect(new Set(keys).size).toBe(1);
    expect(ticket.id).toBe(row.ticketId);
  });

  it('gives up after the last attempt, lists the message for admins, and retries it on request', async () => {
    newTicket();
    const [row] = claimDueMessages({ limit: 1 });
    const down: Transport = async () => {
      throw new MailSendError('Resend 503 application_error: down', false);
    };
    await deliverMessage({ ...row, attempts: MAX_SEND_ATTEMPTS - 1 }, { transport: down });
    const failed = listFailedMessages({ agent: admin }).find((m) => m.id === row.id);
    expect(failed).toMatchObject({ toEmail: row.toEmail, attempts: MAX_SEND_ATTEMPTS, lastError: 'Resend 503 application_error: down' });

    retryFailedMessage({ agent: admin, id: row.id });
    expect(getDb().select().from(outbox).where(eq(outbox.id, row.id)).get()).toMatchObject({ status: 'pending', attempts: 0, lastError: null });
    expect((await appErrorFrom(() => retryFailedMessage({ agent: admin, id: row.id }))).code).toBe('conflict');
  });

  it('fails a refused message at once', async () => {
    newTicket();
    const [row] = claimDueMessages({ limit: 1 });
    await deliverMessage(row, {
      transport: async () => {
        throw new MailSendError('Resend 422 validation_error: Invalid `to` field', true);
      },
    });
    expect(getDb().select().from(outbox).where(eq(outbox.id, row.id)).get()).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('never hands the same row to two overlapping passes', () => {
    const ticket = newTicket();
    const first = claimDueMessages();
    const second = claimDueMessages();
    expect(first.map((r) => r.id).sort()).toEqual(rowsFor(ticket.id).map((r) => r.id).sort());
    expect(second).toEqual([]);
  });

  it('does not send ticket news to a participant removed after it was queued', async () => {
    const ticket = newTicket();
    const guest = addParticipant({ ticketId: ticket.id, agent: admin, input: { email: `removed-${unique()}@guest.test` } });
    addAgentReply({ ticketId: ticket.id, agent: admin, message: 'News for everyone' });
    removeParticipant({ ticketId: ticket.id, participantId: guest.id, agent: admin });
    const sent: string[] = [];
    await deliverDueMessages({ transport: async (email) => (sent.push(`${email.to}: ${email.subject}`), { providerId: null, transport: 'resend' }) });
    const toGuest = sent.filter((s) => s.startsWith(guest.email));
    expect(toGuest).toEqual([`${guest.email}: [${ticket.displayNumber}] You were removed from: ${ticket.subject}`]);
    const stale = rowsFor(ticket.id).filter((r) => r.toEmail === guest.email && r.status === 'failed');
    expect(stale.map((r) => r.template).sort()).toEqual(['participant_added', 'ticket_reply']);
  });
});

describe('unsubscribe tokens', () => {
  it('mute the person they were made for, for that ticket only', async () => {
    const ticket = newTicket();
    await deliverDueMessages();
    const message = getDb().select().from(mailbox).all().find((m) => m.toAddress === ticket.customer.email)!;
    const token = /\/unsubscribe\/([^>]+)>$/.exec(JSON.parse(message.headers)['List-Unsubscribe'])![1];
    expect(resolveUnsubscribeToken(token)).toEqual({ ticketId: ticket.id, ticketNumber: ticket.displayNumber, email: ticket.customer.email });
    expect(unsubscribeWithToken(token)?.email).toBe(ticket.customer.email);
    expect(isTicketMuted({ ticketId: ticket.id, email: ticket.customer.email })).toBe(true);
    expect(resolveUnsubscribeToken(`${token.slice(0, -1)}x`)).toBeNull();
  });
});

describe('the ticket page switch', () => {
  it('mutes and unmutes the link’s own holder, and refuses a link that no longer works', async () => {
    const ticket = newTicket();
    const guest = addParticipant({ ticketId: ticket.id, agent: admin, input: { email: `switch-${unique()}@guest.test` } });
    const token = guest.ticketUrl.split('/t/')[1];
    setTicketEmailsThroughLink({ token, enabled: false });
    expect(isTicketMuted({ ticketId: ticket.id, email: guest.email })).toBe(true);
    expect(isTicketMuted({ ticketId: ticket.id, email: ticket.customer.email })).toBe(false);
    setTicketEmailsThroughLink({ token, enabled: true });
    expect(isTicketMuted({ ticketId: ticket.id, email: guest.email })).toBe(false);
    removeParticipant({ ticketId: ticket.id, participantId: guest.id, agent: admin });
    expect((await appErrorFrom(() => setTicketEmailsThroughLink({ token, enabled: false }))).code).toBe('forbidden');
    expect(isTicketMuted({ ticketId: ticket.id, email: guest.email })).toBe(false);
  });
});

describe('email templates', () => {
  it('saves an admin’s text, which the next message uses, and resets to the default', async () => {
    saveEmailTemplate({ agent: admin, key: 'ticket_received', input: { subject: 'Got it: {ticket_title}', body: 'Dear {name} of {company}, see {ticket_url}' } });
    const ticket = newTicket();
    await deliverDueMessages();
    const message = getDb().select().from(mailbox).all().find((m) => m.toAddress === ticket.customer.email)!;
    expect(message.subject).toBe(`Got it: ${ticket.subject}`);
    expect(message.text).toContain('Dear Carol of , see http://parley.test/t/');
    expect(resetEmailTemplate({ agent: admin, key: 'ticket_received' }).customized).toBe(false);
  });

  it('refuses an unknown tag by name, in subject or body, and saves nothing', async () => {
    const error = await appErrorFrom(() => saveEmailTemplate({ agent: admin, key: 'ticket_reply', input: { subject: 'Hi {customer}', body: 'Body {ticket_url} {oops}' } }));
    expect(error.code).toBe('validation_failed');
    expect(error.fields?.subject).toMatch(/^Unknown tag \{customer\}/);
    expect(error.fields?.body).toMatch(/^Unknown tag \{oops\}/);
  });

  it('previews with example values, escaping them in HTML', async () => {
    const preview = await previewEmailTemplate({ agent: admin, key: 'ticket_reply', input: { subject: '{ticket_id} <b>', body: '{reply_author} wrote <i>{reply_content}</i>' } });
    expect(preview.subject).toBe('PAR-1042 <b>');
    expect(preview.html).toContain('Dana from Support wrote &lt;i&gt;');
  });

  it('is for admins only, and knows only its own templates', async () => {
    const agent = await createAgent({ email: `plain-${unique()}@team.test`, name: 'Plain', password: 'password-123' }, systemActor);
    expect((await appErrorFrom(() => saveEmailTemplate({ agent, key: 'ticket_reply', input: { subject: 'a', body: 'b' } }))).code).toBe('forbidden');
    expect((await appErrorFrom(() => saveEmailTemplate({ agent: admin, key: 'nope', input: { subject: 'a', body: 'b' } }))).code).toBe('not_found');
  });
});
