import { and, eq } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import MailComposer from 'nodemailer/lib/mail-composer';
import { attachments, auditLog, inboundAutoAnswers, inboundMessages, outbox, tickets, type Agent } from '@/db/schema';
import { signRecipientToken } from '@/lib/participants/links';
import { linkVersionFor } from '@/lib/participants/link-access';
import { createAgent } from '@/lib/auth/agents';
import { systemActor } from '@/lib/core/audit';
import { getDb } from '@/lib/core/db';
import { getAuthSecret, getEnv } from '@/lib/core/env';
import { composeOutboxMessage } from '@/lib/mail/compose';
import { messageIdFor, threadIdFor } from '@/lib/mail/headers';
import {
  addRefusedSenderToTicket,
  addSenderAndApply,
  ATTENTION_COUNT_CAP,
  countInboundNeedingAttention,
  dismissInboundMessage,
  dismissRefusedSenderOnTicket,
  listInboundMessages,
  listRefusedSendersOfTicket,
  retryInboundMessage,
} from '@/lib/mail/inbound/admin';
import { listTicketHistory } from '@/lib/tickets/history';
import { applyInboundMessage } from '@/lib/mail/inbound/apply';
import { pipeSourceId, storeInboundMessage } from '@/lib/mail/inbound/intake';
import { processInboundBatch } from '@/lib/mail/inbound/processor';
import { addParticipant, removeParticipant } from '@/lib/participants/participants';
import { addCcCandidate, dismissCcCandidate, listCcCandidates } from '@/lib/participants/cc-candidates';
import { resolveUnsubscribeToken, unsubscribeWithToken } from '@/lib/participants/ticket-emails';
import { capTextParts, TEXT_PART_MAX_BYTES } from '@/lib/mail/inbound/parse';
import { MAX_SEND_ATTEMPTS } from '@/lib/mail/retry';
import { updateCustomer } from '@/lib/people/customers';
import { listActiveParticipants } from '@/lib/tickets/records';
import { updateSettings } from '@/lib/auth/admin-settings';
import { addAgentReply, createTicket, listRepliesPage, rotateTicketLinks } from '@/lib/tickets/tickets';
import { getTicketWithPeople } from '@/lib/tickets/records';
import { sample } from '@/tests/support/inbound-samples';

process.env.INBOUND_DOMAIN = 'inbound.parley.test';

let admin: Agent;
let counter = 0;
const unique = () => `${Date.now()}-${++counter}`;
const db = () => getDb();
const listReplies = (query: { ticketId: number; includePrivate: boolean }) => listRepliesPage({ ...query, limit: 1000 }).replies;

type Mail = {
  from: string;
  to?: string;
  cc?: string;
  subject?: string;
  messageId?: string;
  inReplyTo?: string;
  references?: string;
  headers?: Record<string, string>;
  body?: string;
};

function mail(m: Mail): Buffer {
  const lines = [
    `From: ${m.from}`,
    `To: ${m.to ?? 'support@inbound.parley.test'}`,
    ...(m.cc ? [`Cc: ${m.cc}`] : []),
    `Subject: ${m.subject ?? 'Hello'}`,
    `Message-ID: ${m.messageId ?? `<${unique()}@sender.test>`}`,
    ...(m.inReplyTo ? [`In-Reply-To: ${m.inReplyTo}`] : []),
    ...(m.references ? [`References: ${m.references}`] : []),
    'Date: Wed, 25 Nov 2026 10:00:00 +0000',
    ...Object.entries(m.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
    'Content-Type: text/plain; charset=utf-8',
    '',
    m.body ?? 'Hello there.',
  ];
  return Buffer.from(lines.join('\r\n'));
}

/** What the pipe does: store, then the worker applies. Returns the stored row afterwards. */
async function receive(raw: Buffer, source: 'pipe' | 'imap' | 'resend' = 'pipe', sourceId = pipeSourceId(raw)) {
  const { id } = storeInboundMessage(db(), { source, sourceId, raw });
  await processInboundBatch(db());
  return db().select().from(inboundMessages).where(eq(inboundMessages.id, id)).get()!;
}

const outboxFor = (ticketId: number) =>
  db().select().from(outbox).where(eq(outbox.ticketId, ticketId)).all().map((r) => `${r.template} → ${r.toEmail}`);
const clearOutbox = () => db().delete(outbox).run();
/** The reply address a notification to this person carries now (at the ticket's current link versions). */
function replyAddressFor(ticketId: number, recipient: { kind: 'customer' | 'participant'; id: number }) {
  const ticket = db().select().from(tickets).where(eq(tickets.id, ticketId)).get()!;
  const version = linkVersionFor(ticket, recipient);
  return `reply+${signRecipientToken('reply-address', { ticketId, recipient, version }, getAuthSecret())}@inbound.parley.test`;
}

function newTicket(company?: string) {
  const id = unique();
  return createTicket(
    { subject: `Invoices ${id}`, message: 'The VAT number is missing.', customer: { email: `carol-${id}@acme.test`, name: 'Carol', company } },
    { kind: 'public', source: 'web' },
  );
}

beforeAll(async () => {
  admin = await createAgent({ email: 'inbound-admin@team.test', name: 'Inbound Admin', password: 'password-123', role: 'admin' }, systemActor);
});

beforeEach(() => {
  updateSettings({ agent: admin, input: { participantsEnabled: true, copyParticipants: true, autoAddParticipants: false, inboundBlocklist: [], dmarcAuthservId: '' } });
  clearOutbox();
});

describe('replies by email', () => {
  it('a participant’s emailed reply (Outlook) lands stripped, as a participant, and notifies the customer and agents, not the author', async () => {
    const ticket = newTicket();
    const jane = addParticipant({ ticketId: ticket.id, agent: admin, input: { email: `jane-${unique()}@contractor.test`, name: 'Jane' } });
    clearOutbox();
    const raw = sample('outlook-reply.eml', { TOKEN: replyAddressFor(ticket.id, { kind: 'participant', id: jane.id }).slice(6).split('@')[0] });
    const row = await receive(Buffer.from(raw.toString().replaceAll('jane@contractor.test', jane.email)));
    expect(row).toMatchObject({ status: 'applied', outcome: 'reply', ticketId: ticket.id });
    const reply = listReplies({ ticketId: ticket.id, includePrivate: true }).at(-1)!;
    expect(reply).toMatchObject({
      body: 'Sure, I will send the corrected invoice tomorrow morning.',
      authorKind: 'participant',
      authorId: jane.id,
      source: 'email',
      automatic: false,
      inboundMessageId: row.id,
    });
    expect(outboxFor(ticket.id).sort()).toEqual([`agent_new_reply → inbound-admin@team.test`, `ticket_reply → ${ticket.customer.email}`].sort());
  });

  it('the customer’s Gmail reply through the thread reference (no reply address) lands as the customer', async () => {
    const ticket = newTicket();
    const raw = sample('gmail-reply.eml', { IN_REPLY_TO: messageIdFor(1, ticket.id, 'localhost', getAuthSecret()), REFERENCES: threadIdFor(ticket.id, 'localhost', getAuthSecret()) })
      .toString()
      .replace(/reply\+\{\{TOKEN\}\}|reply\+<unset-token@nowhere\.test>|reply\+[^@\s>]*@inbound\.parley\.test/g, 'support@inbound.parley.test')
      .replaceAll('Bob.Customer@gmail.test', ticket.customer.email);
    const row = await receive(Buffer.from(raw));
    expect(row).toMatchObject({ status: 'applied', outcome: 'reply', ticketId: ticket.id });
    expect(listReplies({ ticketId: ticket.id, includePrivate: true }).at(-1)).toMatchObject({ authorKind: 'customer', authorId: ticket.customerId });
  });

  it('a redelivered message (same source id) and the same message through another source add nothing', async () => {
    const ticket = newTicket();
    const raw = mail({ from: ticket.customer.email, to: replyAddressFor(ticket.id, { kind: 'customer', id: ticket.customerId }), body: 'Once only.' });
    await receive(raw, 'resend', 'email-1');
    await receive(raw, 'resend', 'email-1');
    const other = await receive(raw, 'imap', 'imap:acct/INBOX:1:7');
    expect(other).toMatchObject({ status: 'applied', outcome: 'duplicate', ticketId: ticket.id });
    expect(listReplies({ ticketId: ticket.id, includePrivate: true }).filter((r) => r.body === 'Once only.')).toHaveLength(1);
    expect(db().select().from(inboundMessages).where(eq(inboundMessages.sourceId, 'email-1')).all()).toHaveLength(1);
  });

  it('applying the same stored message twice applies it once', async () => {
    const ticket = newTicket();
    const raw = mail({ from: ticket.customer.email, to: replyAddressFor(ticket.id, { kind: 'customer', id: ticket.customerId }), body: 'Twice?' });
    const { id } = storeInboundMessage(db(), { source: 'pipe', sourceId: pipeSourceId(raw), raw });
    const results = await Promise.allSettled([applyInboundMessage(db(), id), applyInboundMessage(db(), id)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(listReplies({ ticketId: ticket.id, includePrivate: true }).filter((r) => r.body === 'Twice?')).toHaveLength(1);
  });

  it('a stranger with auto-add off is refused and listed; an admin adds them and applies it', async () => {
    const ticket = newTicket();
    const stranger = `stranger-${unique()}@else.test`;
    const row = await receive(mail({ from: `Sam <${stranger}>`, to: replyAddressFor(ticket.id, { kind: 'customer', id: ticket.customerId }), body: 'Me too!' }));
    expect(row).toMatchObject({ status: 'refused', ticketId: ticket.id, reason: expect.stringMatching(/not the ticket’s customer/) });
    expect(listReplies({ ticketId: ticket.id, includePrivate: true })).toHaveLength(1);
    expect(listInboundMessages({ agent: admin, filter: 'attention' }).messages.map((m) => m.id)).toContain(row.id);

    await addSenderAndApply({ agent: admin, id: row.id });
    expect(listActiveParticipants({ ticketId: ticket.id }).map((p) => p.email)).toEqual([stranger]);
    expect(listReplies({ ticketId: ticket.id, includePrivate: true }).at(-1)).toMatchObject({ body: 'Me too!', authorKind: 'participant' });
    await expect(addSenderAndApply({ agent: admin, id: row.id })).rejects.toThrow(/no longer/);
  });

  it('a stranger with auto-add on becomes a participant, audited as added from email', async () => {
    updateSettings({ agent: admin, input: { autoAddParticipants: true } });
    const ticket = newTicket();
    const stranger = `stranger-${unique()}@else.test`;
    const row = await receive(mail({ from: `Sam <${stranger}>`, to: replyAddressFor(ticket.id, { kind: 'customer', id: ticket.customerId }), body: 'Hi' }));
    expect(row).toMatchObject({ status: 'applied', outcome: 'reply' });
    const [participant] = listActiveParticipants({ ticketId: ticket.id });
    expect(participant).toMatchObject({ email: stranger, name: 'Sam', addedByAgentId: null });
    const audit = db().select().from(auditLog).where(and(eq(auditLog.ticketId, ticket.id), eq(auditLog.action, 'participant.added'))).get()!;
    expect(JSON.parse(audit.detail)).toMatchObject({ email: stranger, source: 'email' });
    expect(outboxFor(ticket.id)).toContain(`participant_added → ${stranger}`);
  });

  it('with auto-add on, the customer’s To/Cc people join, but never Parley’s own or blocklisted addresses', async () => {
    updateSettings({ agent: admin, input: { autoAddParticipants: true, participantsMayAddPeople: true, inboundBlocklist: ['spam.test'] } });
    const ticket = newTicket();
    await receive(
      mail({
        from: ticket.customer.email,
        to: replyAddressFor(ticket.id, { kind: 'customer', id: ticket.customerId }),
        cc: 'Dave <dave@acme.test>, support@localhost, x@spam.test, other@inbound.parley.test',
      }),
    );
    expect(listActiveParticipants({ ticketId: ticket.id }).map((p) => p.email)).toEqual(['dave@acme.test']);
  });

  it('a forged In-Reply-To <ticket-N@…> from the customer’s address does not attach to that ticket', async () => {
    const ticket = newTicket();
    const row = await receive(mail({ from: ticket.customer.email, inReplyTo: `<ticket-${ticket.id}@localhost>`, subject: 'Forged', body: 'Attach me?' }));
    expect(row.outcome).toBe('ticket');
    expect(row.ticketId).not.toBe(ticket.id);
    expect(listReplies({ ticketId: ticket.id, includePrivate: true })).toHaveLength(1);
  });

  it('a colleague Cc’d on the customer’s first email who answers that email lands on the same ticket', async () => {
    const id = unique();
    const customer = `carol-${id}@acme.test`;
    const first = await receive(mail({ from: `Carol <${customer}>`, cc: `Dave <dave-${id}@acme.test>`, subject: 'Printer on fire', messageId: `<first-${id}@acme.test>` }));
    expect(first.outcome).toBe('ticket');
    // Reply All: to support and the customer, in reply to the customer's message (auto-add on lets the guest in,
    // once the team's receiving server vouches for the sender's domain).
    updateSettings({ agent: admin, input: { autoAddParticipants: true, dmarcAuthservId: 'mx.team.test' } });
    const answer = (body: string, headers: Record<string, string> = {}) =>
      mail({ from: `dave-${id}@acme.test`, to: `support@inbound.parley.test, ${customer}`, subject: 'Re: Printer on fire', inReplyTo: `<first-${id}@acme.test>`, references: `<first-${id}@acme.test>`, body, headers });
    // Unauthenticated, it lands on the ticket as refused, and nobody is added.
    expect(await receive(answer('Unvouched.'))).toMatchObject({ status: 'refused', ticketId: first.ticketId, reason: expect.stringMatching(/nothing vouches for them/) });
    expect(listActiveParticipants({ ticketId: first.ticketId! })).toEqual([]);
    const vouched = await receive(answer('It is the toner.', { 'Authentication-Results': 'mx.team.test; dkim=pass; dmarc=pass (p=none) header.from=acme.test' }));
    expect(vouched).toMatchObject({ status: 'applied', outcome: 'reply', ticketId: first.ticketId });
    expect(listReplies({ ticketId: first.ticketId!, includePrivate: true }).at(-1)).toMatchObject({ body: 'It is the toner.', authorKind: 'participant' });
  });

  it('a ticket number in the subject counts for the authenticated customer, not for a stranger', async () => {
    updateSettings({ agent: admin, input: { dmarcAuthservId: 'mx.team.test' } });
    const ticket = newTicket();
    const pass = { 'Authentication-Results': 'mx.team.test; dmarc=pass header.from=acme.test' };
    const own = await receive(mail({ from: ticket.customer.email, subject: `Re: [${ticket.displayNumber}] ${ticket.subject}`, body: 'By number.', headers: pass }));
    expect(own).toMatchObject({ outcome: 'reply', ticketId: ticket.id });
    const stranger = await receive(mail({ from: `x-${unique()}@else.test`, subject: `Re: [${ticket.displayNumber}] hi`, body: 'Not mine.', headers: pass }));
    expect(stranger.outcome).toBe('ticket');
    expect(stranger.ticketId).not.toBe(ticket.id);
  });

  it('an out-of-office reply is kept as automatic and notifies nobody, changes no status, and is hidden from customers', async () => {
    const ticket = newTicket();
    addAgentReply({ ticketId: ticket.id, agent: admin, message: 'We are on it.' });
    clearOutbox();
    const raw = sample('out-of-office.eml', { TOKEN: replyAddressFor(ticket.id, { kind: 'customer', id: ticket.customerId }).slice(6).split('@')[0] });
    const row = await receive(Buffer.from(raw.toString().replaceAll('bob.customer@gmail.test', ticket.customer.email)));
    expect(row).toMatchObject({ status: 'applied', outcome: 'automatic', ticketId: ticket.id });
    expect(outboxFor(ticket.id)).toEqual([]);
    expect(getTicketWithPeople({ id: ticket.id })!.status).toBe('open');
    expect(listReplies({ ticketId: ticket.id, includePrivate: true }).at(-1)).toMatchObject({ automatic: true });
    expect(listReplies({ ticketId: ticket.id, includePrivate: false }).some((r) => r.automatic)).toBe(false);
  });

  it('an automatic message matching no ticket opens none', async () => {
    const row = await receive(mail({ from: `list-${unique()}@news.test`, headers: { Precedence: 'bulk' } }));
    expect(row).toMatchObject({ status: 'applied', outcome: 'automatic', ticketId: null });
  });

  it('a bounce of our notification marks that delivery as failed', async () => {
    const ticket = newTicket();
    const [received] = db().select().from(outbox).where(eq(outbox.ticketId, ticket.id)).all();
    const bouncedId = messageIdFor(received.id, ticket.id, 'localhost', getAuthSecret());
    const row = await receive(sample('bounce.eml', { BOUNCED_ID: bouncedId }));
    expect(row).toMatchObject({ status: 'applied', outcome: 'bounce', ticketId: ticket.id });
    expect(db().select().from(outbox).where(eq(outbox.id, received.id)).get()).toMatchObject({
      status: 'failed',
      lastError: 'Bounced: smtp; 550 5.1.1 <gone@nowhere.test>: Recipient address rejected: User unknown',
    });
  });

  it('more than 10 messages from one sender in 10 minutes stop notifying until an agent acts', async () => {
    const ticket = newTicket();
    const to = replyAddressFor(ticket.id, { kind: 'customer', id: ticket.customerId });
    for (let i = 1; i <= 11; i++) await receive(mail({ from: ticket.customer.email, to, body: `Message ${i}` }));
    const notified = () => db().select().from(outbox).where(and(eq(outbox.ticketId, ticket.id), eq(outbox.template, 'agent_new_reply'))).all().length;
    expect(notified()).toBe(10);
    addAgentReply({ ticketId: ticket.id, agent: admin, message: 'Please stop.' });
    await receive(mail({ from: ticket.customer.email, to, body: 'Sorry!' }));
    expect(notified()).toBe(11);
  });

  it('a DMARC fail at our own server makes the customer unknown', async () => {
    updateSettings({ agent: admin, input: { dmarcAuthservId: 'mx.team.test' } });
    const ticket = newTicket();
    const row = await receive(
      mail({
        from: ticket.customer.email,
        to: replyAddressFor(ticket.id, { kind: 'customer', id: ticket.customerId }),
        headers: { 'Authentication-Results': 'mx.team.test; spf=fail; dmarc=fail header.from=acme.test' },
      }),
    );
    expect(row).toMatchObject({ status: 'refused', ticketId: ticket.id, reason: expect.stringMatching(/DMARC/) });
  });

  it('a closed ticket reopens only where Settings allow', async () => {
    for (const customersCanReopen of [true, false]) {
      updateSettings({ agent: admin, input: { customersCanReopen } });
      const ticket = newTicket();
      db().update(tickets).set({ status: 'closed' }).where(eq(tickets.id, ticket.id)).run();
      await receive(mail({ from: ticket.customer.email, to: replyAddressFor(ticket.id, { kind: 'customer', id: ticket.customerId }), body: 'Still broken.' }));
      expect(getTicketWithPeople({ id: ticket.id })!.status).toBe(customersCanReopen ? 'open' : 'closed');
    }
    updateSettings({ agent: admin, input: { customersCanReopen: true } });
  });
});

describe('new tickets by email', () => {
  it('mail to the support address opens a ticket for a new guest customer, who receives their link', async () => {
    const sender = `newbie-${unique()}@home.test`;
    const raw = sample('forwarded.eml').toString().replaceAll('carol@acme.test', sender).replace('<CAFwd0001@mail.gmail.test>', `<${unique()}@home.test>`);
    const row = await receive(Buffer.from(raw));
    expect(row.outcome).toBe('ticket');
    const ticket = getTicketWithPeople({ id: row.ticketId! })!;
    expect(ticket).toMatchObject({ subject: 'Fwd: Broken login on the portal', status: 'new', customer: { email: sender, name: 'Carol Customer' } });
    expect(listReplies({ ticketId: ticket.id, includePrivate: true })[0]).toMatchObject({ source: 'email', inboundMessageId: row.id });
    expect(outboxFor(ticket.id)).toContain(`ticket_received → ${sender}`);
  });

  it('mail from Parley’s own address or the blocklist opens nothing and is listed', async () => {
    updateSettings({ agent: admin, input: { inboundBlocklist: ['blocked.test'] } });
    expect(await receive(mail({ from: 'Parley <support@localhost>' }))).toMatchObject({ status: 'refused', reason: expect.stringMatching(/own addresses/) });
    expect(await receive(mail({ from: 'x@blocked.test' }))).toMatchObject({ status: 'refused', reason: expect.stringMatching(/blocklist/) });
  });
});

describe('attachments', () => {
  it('files and inline images are kept in the attachment store on the reply', async () => {
    const ticket = newTicket();
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4f60000000049454e44ae426082', 'hex');
    const raw = await new MailComposer({
      from: ticket.customer.email,
      to: replyAddressFor(ticket.id, { kind: 'customer', id: ticket.customerId }),
      subject: 'Screenshot',
      text: 'See the screenshot.',
      html: '<p>See the screenshot.</p><img src="cid:shot@x">',
      attachments: [
        { filename: 'invoice.pdf', content: Buffer.from('%PDF-1.4\n%%EOF\n') },
        { filename: 'shot.png', content: png, cid: 'shot@x' },
      ],
    })
      .compile()
      .build();
    const row = await receive(raw);
    const reply = listReplies({ ticketId: ticket.id, includePrivate: true }).at(-1)!;
    expect(row.outcome).toBe('reply');
    const files = db().select().from(attachments).where(eq(attachments.replyId, reply.id)).all();
    expect(files.map((f) => [f.filename, f.contentType, f.addedByKind]).sort()).toEqual([
      ['invoice.pdf', 'application/pdf', 'customer'],
      ['shot.png', 'image/png', 'customer'],
    ]);
  });
});

describe('a reply that only quotes a notification', () => {
  /** The notification that `email` was sent about the agent's last reply, as composed for sending. */
  async function notificationTo(ticketId: number, email: string) {
    const row = db().select().from(outbox).where(and(eq(outbox.ticketId, ticketId), eq(outbox.toEmail, email), eq(outbox.template, 'ticket_reply'))).get()!;
    return composeOutboxMessage(row);
  }

  it('stores "(attachments only)" or "(no text)", never the quote with the customer’s or a participant’s own links', async () => {
    const ticket = newTicket();
    const jane = addParticipant({ ticketId: ticket.id, agent: admin, input: { email: `jane-${unique()}@contractor.test`, name: 'Jane' } });
    clearOutbox();
    addAgentReply({ ticketId: ticket.id, agent: admin, message: 'Could you send us a photo of the label?' });
    const toCustomer = await notificationTo(ticket.id, ticket.customer.email);
    const toJane = await notificationTo(ticket.id, jane.email);
    expect(toCustomer.links.some((link) => link.includes('/t/'))).toBe(true);
    expect(toCustomer.links.some((link) => link.includes('/unsubscribe/'))).toBe(true);

    // An attachment-only reply whose text is the notification as the client quoted it: from the marker down, no "On … wrote:".
    const withPhoto = await new MailComposer({
      from: ticket.customer.email,
      to: replyAddressFor(ticket.id, { kind: 'customer', id: ticket.customerId }),
      subject: `Re: ${toCustomer.subject}`,
      text: toCustomer.text,
      attachments: [{ filename: 'label.png', content: Buffer.from('89504e470d0a1a0a', 'hex') }],
    })
      .compile()
      .build();
    expect((await receive(withPhoto)).outcome).toBe('reply');
    const fromCustomer = listReplies({ ticketId: ticket.id, includePrivate: true }).at(-1)!;
    expect(fromCustomer.body).toBe('(attachments only)');

    const quoteOnly = mail({ from: jane.email, to: replyAddressFor(ticket.id, { kind: 'participant', id: jane.id }), body: toJane.text });
    expect((await receive(quoteOnly)).outcome).toBe('reply');
    const fromJane = listReplies({ ticketId: ticket.id, includePrivate: true }).at(-1)!;
    expect(fromJane.body).toBe('(no text)');
    for (const link of [...toCustomer.links, ...toJane.links]) {
      expect(fromCustomer.body).not.toContain(link);
      expect(fromJane.body).not.toContain(link);
    }
  });

  it('a personal link pasted into the new text is removed before the reply is stored and copied to everyone', async () => {
    const ticket = newTicket();
    clearOutbox();
    addAgentReply({ ticketId: ticket.id, agent: admin, message: 'Please check the ticket page.' });
    const [ticketLink] = (await notificationTo(ticket.id, ticket.customer.email)).links.filter((link) => link.includes('/t/'));
    const raw = mail({
      from: ticket.customer.email,
      to: replyAddressFor(ticket.id, { kind: 'customer', id: ticket.customerId }),
      body: `My page ${ticketLink} shows no invoice, and <${getEnv().APP_URL}/unsubscribe/1-c2-abc> did not work.\nhttps://example.test/t/keep-this stays.`,
    });
    await receive(raw);
    expect(listReplies({ ticketId: ticket.id, includePrivate: true }).at(-1)!.body).toBe(
      'My page [personal link removed] shows no invoice, and [personal link removed] did not work.\nhttps://example.test/t/keep-this stays.',
    );
  });
});

describe('retries', () => {
  it('a message without a sender is refused with the reason; a failed message goes back in the queue when an admin retries it', async () => {
    const raw = Buffer.from('this is not\r\n\r\na valid message without From');
    const { id } = storeInboundMessage(db(), { source: 'pipe', sourceId: pipeSourceId(raw), raw });
    await processInboundBatch(db());
    expect(db().select().from(inboundMessages).where(eq(inboundMessages.id, id)).get()).toMatchObject({ status: 'refused', reason: expect.stringMatching(/no sender/) });
    db().update(inboundMessages).set({ status: 'failed', lastError: 'boom' }).where(eq(inboundMessages.id, id)).run();
    retryInboundMessage({ agent: admin, id });
    expect(db().select().from(inboundMessages).where(eq(inboundMessages.id, id)).get()).toMatchObject({ status: 'pending', attempts: 0 });
  });
});

describe('trust: nothing in an email proves who sent it', () => {
  const authenticated = (domain: string) => ({ 'Authentication-Results': `mx.team.test; spf=pass; dmarc=pass (p=reject) header.from=${domain}` });
  const participantEmails = (ticketId: number) => listActiveParticipants({ ticketId }).map((p) => p.email);
  const allOutboxTo = (email: string) => db().select().from(outbox).where(eq(outbox.toEmail, email)).all();

  it('a forged From with a Cc and the ticket’s number in the subject picks no ticket, adds nobody and emails the Cc nothing', async () => {
    updateSettings({ agent: admin, input: { autoAddParticipants: true } });
    const ticket = newTicket();
    const attacker = `attacker-${unique()}@evil.test`;
    const row = await receive(mail({ from: `Carol <${ticket.customer.email}>`, cc: attacker, subject: `Re: [${ticket.displayNumber}] ${ticket.subject}`, body: 'Add my friend.' }));
    // Where an untrusted message goes: a new ticket of the (real) customer, whose link goes to their own address only.
    expect(row).toMatchObject({ status: 'applied', outcome: 'ticket' });
    expect(row.ticketId).not.toBe(ticket.id);
    expect(participantEmails(ticket.id)).toEqual([]);
    expect(participantEmails(row.ticketId!)).toEqual([]);
    expect(allOutboxTo(attacker)).toEqual([]);
    expect(listReplies({ ticketId: ticket.id, includePrivate: true })).toHaveLength(1);
  });

  it('the same message vouched for by the team’s receiving server reaches the ticket and adds the Cc', async () => {
    updateSettings({ agent: admin, input: { autoAddParticipants: true, participantsMayAddPeople: true, dmarcAuthservId: 'mx.team.test' } });
    const ticket = newTicket();
    const friend = `friend-${unique()}@acme.test`;
    const subject = `Re: [${ticket.displayNumber}] ${ticket.subject}`;
    // A pass for another domain than the From's vouches for nothing.
    const elsewhere = await receive(mail({ from: ticket.customer.email, cc: friend, subject, headers: authenticated('evil.test') }));
    expect(elsewhere.ticketId).not.toBe(ticket.id);
    const row = await receive(mail({ from: ticket.customer.email, cc: friend, subject, headers: authenticated('acme.test') }));
    expect(row).toMatchObject({ status: 'applied', outcome: 'reply', ticketId: ticket.id });
    expect(participantEmails(ticket.id)).toEqual([friend]);
    expect(allOutboxTo(friend).map((r) => r.template)).toEqual(['participant_added']);
  });

  it('a message reaching a ticket by reference only adds nobody unless authenticated', async () => {
    updateSettings({ agent: admin, input: { autoAddParticipants: true } });
    const ticket = newTicket();
    const cc = `cc-${unique()}@acme.test`;
    const row = await receive(mail({ from: ticket.customer.email, cc, inReplyTo: `<${threadIdFor(ticket.id, 'localhost', getAuthSecret())}>`, body: 'By reference.' }));
    expect(row).toMatchObject({ outcome: 'reply', ticketId: ticket.id });
    expect(participantEmails(ticket.id)).toEqual([]);
  });

  describe('one plain ASCII From', () => {
    const refusedFrom = async (fromHeader: string, extra = '') => {
      const raw = Buffer.from(`From: ${fromHeader}\r\n${extra}To: support@inbound.parley.test\r\nSubject: From test ${unique()}\r\nMessage-ID: <${unique()}@x.test>\r\n\r\nHello`);
      return receive(raw);
    };
    it.each([
      ['an encoded word as the address', 'Carla <=?utf-8?B?Y3VzdG9tZXJAYWNtZS5jb20=?=>'],
      ['an encoded word in the domain', 'customer@=?utf-8?q?acme.com?='],
      ['a punycode domain that decodes', 'Carla <customer@xn--acme-.com>'],
      ['a Kelvin sign for a K', 'Bank <support@\u212Aank.com>'],
      ['two addresses', 'evil@evil.test, Carla <customer@acme.com>'],
      ['a group', 'friends: evil@evil.test, customer@acme.com;'],
    ])('refuses %s and opens nothing', async (_label, from) => {
      const row = await refusedFrom(from);
      expect(row).toMatchObject({ status: 'refused', ticketId: null, reason: expect.stringMatching(/From/) });
    });

    it('refuses a second From, including one a bare CR or LF hides; the intake peek sees what the parser sees', async () => {
      for (const hidden of ['\r', '\n', '\r\n']) {
        const raw = Buffer.from(`From: evil@evil.test${hidden}From: Carla <customer@acme.com>\r\nTo: support@inbound.parley.test\r\nSubject: Hidden ${unique()}\r\n\r\nHello`);
        const row = await receive(raw);
        expect(row).toMatchObject({ status: 'refused', ticketId: null, reason: 'The message has more than one From header.' });
      }
    });

    it('accepts plain addresses, with a name (encoded words in the name are fine), a comment, or none', async () => {
      for (const from of [`=?utf-8?Q?J=C3=BCrgen?= <plain-${unique()}@acme.test>`, `plain-${unique()}@acme.test (Jürgen)`, `plain-${unique()}@acme.test`]) {
        expect(await refusedFrom(from)).toMatchObject({ status: 'applied', outcome: 'ticket' });
      }
    });
  });

  it('reads every trusted Authentication-Results: a later dmarc=fail wins over an earlier dkim=none', async () => {
    updateSettings({ agent: admin, input: { dmarcAuthservId: 'mx.team.test' } });
    const ticket = newTicket();
    const raw = Buffer.from(
      [
        `From: ${ticket.customer.email}`,
        `To: ${replyAddressFor(ticket.id, { kind: 'customer', id: ticket.customerId })}`,
        'Authentication-Results: mx.team.test; dkim=none',
        'Authentication-Results: mx.team.test; spf=pass (; dmarc=pass header.from=acme.test); dmarc=fail header.from=acme.test',
        'Subject: Two results',
        '',
        'Hello',
      ].join('\r\n'),
    );
    expect(await receive(raw)).toMatchObject({ status: 'refused', reason: expect.stringMatching(/DMARC failed/) });
  });

  it('Message-ID squatting: an id an attacker used first neither draws Dave’s mail to their ticket nor makes it a duplicate', async () => {
    updateSettings({ agent: admin, input: { autoAddParticipants: true } });
    const id = unique();
    const squatted = `<dave-${id}@bigco.test>`;
    const attacker = await receive(mail({ from: `attacker-${id}@evil.test`, messageId: squatted, subject: 'Hi' }));
    expect(attacker.outcome).toBe('ticket');
    // Dave's answer to his own earlier message (sent elsewhere) is not a reply to the attacker's ticket…
    const dave = `dave-${id}@bigco.test`;
    const answer = await receive(mail({ from: dave, inReplyTo: squatted, references: squatted, subject: 'Re: my password', body: 'The password is hunter2.' }));
    expect(answer.outcome).toBe('ticket');
    expect(answer.ticketId).not.toBe(attacker.ticketId);
    expect(participantEmails(attacker.ticketId!)).toEqual([]);
    expect(listReplies({ ticketId: attacker.ticketId!, includePrivate: true }).map((r) => r.body)).not.toContain('The password is hunter2.');
    // …and his own message with that id is no duplicate.
    const own = await receive(mail({ from: dave, messageId: squatted, subject: 'My own', body: 'Mine.' }));
    expect(own).toMatchObject({ status: 'applied', outcome: 'ticket' });
    expect(own.ticketId).not.toBe(attacker.ticketId);
    // The same sender's message again (another source) still is.
    const again = await receive(mail({ from: dave, messageId: squatted, subject: 'My own', body: 'Mine.' }), 'imap', `imap:${id}`);
    expect(again).toMatchObject({ outcome: 'duplicate', ticketId: own.ticketId });
  });

  describe('email does not undo removals, email changes and rotation', () => {
    it('a removed participant’s old reply address is refused and listed, from them or anyone; they are not added back', async () => {
      updateSettings({ agent: admin, input: { autoAddParticipants: true } });
      const ticket = newTicket();
      const jane = addParticipant({ ticketId: ticket.id, agent: admin, input: { email: `jane-${unique()}@contractor.test`, name: 'Jane' } });
      const oldAddress = replyAddressFor(ticket.id, { kind: 'participant', id: jane.id });
      removeParticipant({ ticketId: ticket.id, participantId: jane.id, agent: admin });
      clearOutbox();
      for (const from of [jane.email, `stranger-${unique()}@else.test`]) {
        const row = await receive(mail({ from, to: oldAddress, inReplyTo: `<${threadIdFor(ticket.id, 'localhost', getAuthSecret())}>`, body: 'Back again.' }));
        expect(row).toMatchObject({ status: 'refused', ticketId: ticket.id, reason: expect.stringMatching(/reply address is no longer valid/) });
        expect(listInboundMessages({ agent: admin, filter: 'attention' }).messages.map((m) => m.id)).toContain(row.id);
      }
      expect(participantEmails(ticket.id)).toEqual([]);
      expect(outboxFor(ticket.id)).toEqual([]);
      // Nor does a mail of theirs reaching the ticket another way, even vouched for by DMARC, or a Cc of someone else.
      updateSettings({ agent: admin, input: { dmarcAuthservId: 'mx.team.test' } });
      const byReference = await receive(
        mail({ from: jane.email, inReplyTo: `<${threadIdFor(ticket.id, 'localhost', getAuthSecret())}>`, headers: authenticated('contractor.test'), body: 'Again.' }),
      );
      expect(byReference).toMatchObject({ status: 'refused', reason: expect.stringMatching(/removed from this ticket/) });
      await receive(mail({ from: ticket.customer.email, to: replyAddressFor(ticket.id, { kind: 'customer', id: ticket.customerId }), cc: jane.email, body: 'Cc Jane.' }));
      expect(participantEmails(ticket.id)).toEqual([]);
    });

    it('after rotation the old reply addresses are refused; the new ones work', async () => {
      const ticket = newTicket();
      const old = replyAddressFor(ticket.id, { kind: 'customer', id: ticket.customerId });
      rotateTicketLinks({ ticketId: ticket.id, agent: admin });
      expect(await receive(mail({ from: ticket.customer.email, to: old, body: 'Old.' }))).toMatchObject({ status: 'refused', ticketId: ticket.id });
      expect(await receive(mail({ from: ticket.customer.email, to: replyAddressFor(ticket.id, { kind: 'customer', id: ticket.customerId }), body: 'New.' }))).toMatchObject({
        outcome: 'reply',
        ticketId: ticket.id,
      });
    });

    it('after the customer’s email changed, the old address answering its old reply address is refused and reads nothing', async () => {
      updateSettings({ agent: admin, input: { autoAddParticipants: true } });
      const ticket = newTicket();
      const oldEmail = ticket.customer.email;
      const old = replyAddressFor(ticket.id, { kind: 'customer', id: ticket.customerId });
      updateCustomer({ id: ticket.customerId, email: `new-${unique()}@acme.test`, name: 'Carol' }, admin);
      const row = await receive(mail({ from: oldEmail, to: old, body: 'Still me.' }));
      expect(row).toMatchObject({ status: 'refused', ticketId: ticket.id });
      expect(participantEmails(ticket.id)).toEqual([]);
    });

    it('an unsubscribe token names its link version: stale after an email change, a rotation or a removal', () => {
      const ticket = newTicket();
      const tokenFor = (recipient: { kind: 'customer' | 'participant'; id: number }) => {
        const current = db().select().from(tickets).where(eq(tickets.id, ticket.id)).get()!;
        return signRecipientToken('unsubscribe', { ticketId: ticket.id, recipient, version: linkVersionFor(current, recipient) }, getAuthSecret());
      };
      const customer = { kind: 'customer' as const, id: ticket.customerId };
      const beforeChange = tokenFor(customer);
      expect(resolveUnsubscribeToken(beforeChange)).toMatchObject({ ticketId: ticket.id, email: ticket.customer.email });
      const newEmail = `renamed-${unique()}@acme.test`;
      updateCustomer({ id: ticket.customerId, email: newEmail, name: 'Carol' }, admin);
      expect(unsubscribeWithToken(beforeChange)).toBeNull();
      expect(resolveUnsubscribeToken(tokenFor(customer))).toMatchObject({ email: newEmail });

      const pat = addParticipant({ ticketId: ticket.id, agent: admin, input: { email: `pat-${unique()}@guests.test`, name: 'Pat' } });
      const beforeRotation = tokenFor({ kind: 'participant', id: pat.id });
      expect(resolveUnsubscribeToken(beforeRotation)).toMatchObject({ email: pat.email });
      rotateTicketLinks({ ticketId: ticket.id, agent: admin });
      expect(resolveUnsubscribeToken(beforeRotation)).toBeNull();
      const afterRotation = tokenFor({ kind: 'participant', id: pat.id });
      expect(resolveUnsubscribeToken(afterRotation)).toMatchObject({ email: pat.email });
      removeParticipant({ ticketId: ticket.id, participantId: pat.id, agent: admin });
      expect(resolveUnsubscribeToken(afterRotation)).toBeNull();
    });
  });

  it('a phishing relay: at most 10 people join from one message, the rest recorded; names capped and without links', async () => {
    updateSettings({ agent: admin, input: { autoAddParticipants: true, participantsMayAddPeople: true } });
    const ticket = newTicket();
    const id = unique();
    const cc = Array.from({ length: 40 }, (_, i) => `"Log in at https://evil.test/${i} or evil.test/x ${'!'.repeat(150)}" <victim${i}-${id}@else.test>`).join(', ');
    const row = await receive(mail({ from: ticket.customer.email, to: replyAddressFor(ticket.id, { kind: 'customer', id: ticket.customerId }), cc }));
    expect(row).toMatchObject({ status: 'applied', outcome: 'reply', reason: '30 more addresses in To/Cc were not added: at most 10 people join from one message.' });
    const added = listActiveParticipants({ ticketId: ticket.id });
    expect(added).toHaveLength(10);
    for (const p of added) {
      expect(p.name.length).toBeLessThanOrEqual(100);
      expect(p.name).not.toMatch(/evil|https?:/);
    }
    // A stranger added as the sender counts towards the ten.
    const other = newTicket();
    const stranger = await receive(mail({ from: `Sam <sam-${id}@else.test>`, to: replyAddressFor(other.id, { kind: 'customer', id: other.customerId }), cc }));
    expect(stranger.reason).toBe('31 more addresses in To/Cc were not added: at most 10 people join from one message.');
    expect(listActiveParticipants({ ticketId: other.id })).toHaveLength(10);
  });
});

describe('a poison message', () => {
  /** A message whose one HTML part is `megabytes` large. */
  const largeHtml = (from: string, megabytes: number) => {
    const paragraph = '<p>Lorem ipsum <b>dolor</b> sit amet, <a href="https://example.test/x">consectetur</a> adipiscing elit.</p>\n';
    const html = `<html><body>${paragraph.repeat(Math.ceil((megabytes * 1024 * 1024) / paragraph.length))}</body></html>`;
    return Buffer.from(
      [`From: ${from}`, 'To: support@inbound.parley.test', `Subject: Big ${unique()}`, `Message-ID: <${unique()}@big.test>`, 'Content-Type: text/html; charset=utf-8', '', html].join('\r\n'),
    );
  };

  // Parsing the megabyte that is kept takes seconds on a loaded machine: a generous limit, not a speed check.
  it('an 11.5 MB HTML email is cut before the parser and applied with the small message claimed with it', { timeout: 120_000 }, async () => {
    const big = largeHtml(`big-${unique()}@home.test`, 11.5);
    expect(big.length).toBeGreaterThan(11 * 1024 * 1024);
    const capped = await capTextParts(big);
    expect(capped.length).toBeLessThan(TEXT_PART_MAX_BYTES + 1024);
    const bigRow = storeInboundMessage(db(), { source: 'pipe', sourceId: pipeSourceId(big), raw: big });
    const small = mail({ from: `small-${unique()}@home.test`, body: 'Small one.' });
    const smallRow = storeInboundMessage(db(), { source: 'pipe', sourceId: pipeSourceId(small), raw: small });
    await processInboundBatch(db());
    const rowOf = (id: number) => db().select().from(inboundMessages).where(eq(inboundMessages.id, id)).get()!;
    expect(rowOf(bigRow.id)).toMatchObject({ status: 'applied', outcome: 'ticket', attempts: 1 });
    expect(rowOf(smallRow.id)).toMatchObject({ status: 'applied', outcome: 'ticket', attempts: 1 });
    const body = listReplies({ ticketId: rowOf(bigRow.id).ticketId!, includePrivate: true })[0].body;
    expect(body.length).toBeLessThanOrEqual(50_000);
    // The original is kept whole for "Show original".
    expect(rowOf(bigRow.id).raw.length).toBe(big.length);
  });

  it('counts its attempt before parsing; one that never finished is marked failed after its attempts, not parsed again, without holding up the others', async () => {
    const poison = mail({ from: `poison-${unique()}@home.test`, body: 'Never finishes.' });
    const poisonRow = storeInboundMessage(db(), { source: 'pipe', sourceId: pipeSourceId(poison), raw: poison });
    // What a worker that died while applying it leaves: every attempt counted, nothing recorded, still pending.
    db().update(inboundMessages).set({ attempts: MAX_SEND_ATTEMPTS, receivedAt: new Date(0) }).where(eq(inboundMessages.id, poisonRow.id)).run();
    const crashedOnce = mail({ from: `once-${unique()}@home.test`, body: 'Crashed once.' });
    const onceRow = storeInboundMessage(db(), { source: 'pipe', sourceId: pipeSourceId(crashedOnce), raw: crashedOnce });
    db().update(inboundMessages).set({ attempts: 3, receivedAt: new Date(1) }).where(eq(inboundMessages.id, onceRow.id)).run();
    const fresh = mail({ from: `fresh-${unique()}@home.test`, body: 'Fresh.' });
    const freshRow = storeInboundMessage(db(), { source: 'pipe', sourceId: pipeSourceId(fresh), raw: fresh });
    await processInboundBatch(db());
    const rowOf = (id: number) => db().select().from(inboundMessages).where(eq(inboundMessages.id, id)).get()!;
    expect(rowOf(poisonRow.id)).toMatchObject({ status: 'failed', attempts: MAX_SEND_ATTEMPTS, ticketId: null, lastError: expect.stringMatching(/never finished in 12 attempts/) });
    expect(rowOf(onceRow.id)).toMatchObject({ status: 'applied', attempts: 4 });
    expect(rowOf(freshRow.id)).toMatchObject({ status: 'applied', attempts: 1 });
  });
});

describe('Cc’d, not on this ticket (issue 18)', () => {
  const fromCustomer = (ticket: ReturnType<typeof newTicket>, cc: string, headers?: Record<string, string>) =>
    mail({ from: `Carol <${ticket.customer.email}>`, to: replyAddressFor(ticket.id, { kind: 'customer', id: ticket.customerId }), cc, headers });
  const pending = (ticketId: number) => listCcCandidates({ ticketId, agent: admin }).map((c) => [c.email, c.reason, c.ccByEmail]);

  it('with auto-add off, a Cc’d colleague is listed (who Cc’d them), not added; Add makes them a participant with a link, audited', async () => {
    const ticket = newTicket();
    await receive(fromCustomer(ticket, 'Dave <dave@acme.test>'));
    expect(listActiveParticipants({ ticketId: ticket.id })).toEqual([]);
    expect(pending(ticket.id)).toEqual([['dave@acme.test', 'not-allowed', ticket.customer.email]]);
    clearOutbox();
    const [candidate] = listCcCandidates({ ticketId: ticket.id, agent: admin });
    const { participantId } = addCcCandidate({ ticketId: ticket.id, candidateId: candidate.id, agent: admin });
    expect(listActiveParticipants({ ticketId: ticket.id })).toMatchObject([{ id: participantId, email: 'dave@acme.test', name: 'Dave', addedByAgentId: admin.id }]);
    expect(outboxFor(ticket.id)).toEqual(['participant_added → dave@acme.test']);
    expect(pending(ticket.id)).toEqual([]);
    expect(db().select().from(auditLog).where(and(eq(auditLog.ticketId, ticket.id), eq(auditLog.action, 'cc.added'))).all()).toHaveLength(1);
    // Cc'd again once on the ticket: nothing to list.
    await receive(fromCustomer(ticket, 'dave@acme.test'));
    expect(pending(ticket.id)).toEqual([]);
  });

  it('Dismiss takes them off the list without adding them, audited; a refused id changes nothing', async () => {
    const ticket = newTicket();
    await receive(fromCustomer(ticket, 'erin@globex.test'));
    const [candidate] = listCcCandidates({ ticketId: ticket.id, agent: admin });
    dismissCcCandidate({ ticketId: ticket.id, candidateId: candidate.id, agent: admin });
    expect(pending(ticket.id)).toEqual([]);
    expect(listActiveParticipants({ ticketId: ticket.id })).toEqual([]);
    expect(db().select().from(auditLog).where(and(eq(auditLog.ticketId, ticket.id), eq(auditLog.action, 'cc.dismissed'))).all()).toHaveLength(1);
    await expect(async () => addCcCandidate({ ticketId: ticket.id, candidateId: candidate.id, agent: admin })).rejects.toMatchObject({ code: 'not_found' });
    expect(listActiveParticipants({ ticketId: ticket.id })).toEqual([]);
  });

  it('with auto-add on, a mailing-list-looking or robot address is never added, nor one whose earlier mail was list mail', async () => {
    updateSettings({ agent: admin, input: { autoAddParticipants: true, participantsMayAddPeople: true } });
    // Earlier mail from this address carried List-Id: it is a list.
    await receive(mail({ from: 'staff-news@acme.test', headers: { 'List-Id': '<staff.acme.test>' }, body: 'Newsletter' }));
    const ticket = newTicket();
    await receive(fromCustomer(ticket, 'team-list@acme.test, noreply@shop.test, staff-news@acme.test, Dave <dave@acme.test>'));
    expect(listActiveParticipants({ ticketId: ticket.id }).map((p) => p.email)).toEqual(['dave@acme.test']);
    expect(pending(ticket.id).map(([email, reason]) => [email, reason])).toEqual([
      ['team-list@acme.test', 'list-or-robot'],
      ['noreply@shop.test', 'list-or-robot'],
      ['staff-news@acme.test', 'list-or-robot'],
    ]);
  });

  it('with auto-add on, at most 10 join from one message and the rest are listed; someone an agent removed is listed, not added back', async () => {
    updateSettings({ agent: admin, input: { autoAddParticipants: true, participantsMayAddPeople: true } });
    const ticket = newTicket();
    const gone = addParticipant({ ticketId: ticket.id, agent: admin, input: { email: 'gone@else.test' } });
    removeParticipant({ ticketId: ticket.id, participantId: gone.id, agent: admin });
    const cc = ['gone@else.test', ...Array.from({ length: 12 }, (_, i) => `p${i}@cc.test`)].join(', ');
    await receive(fromCustomer(ticket, cc));
    expect(listActiveParticipants({ ticketId: ticket.id }).map((p) => p.email)).toEqual(Array.from({ length: 10 }, (_, i) => `p${i}@cc.test`));
    expect(pending(ticket.id).map(([email, reason]) => [email, reason])).toEqual([
      ['gone@else.test', 'removed'],
      ['p10@cc.test', 'limit'],
      ['p11@cc.test', 'limit'],
    ]);
  });

  it('with auto-add on but “may add people” off, Cc’d people wait for an agent', async () => {
    updateSettings({ agent: admin, input: { autoAddParticipants: true, participantsMayAddPeople: false } });
    const ticket = newTicket();
    await receive(fromCustomer(ticket, 'dave@acme.test'));
    expect(listActiveParticipants({ ticketId: ticket.id })).toEqual([]);
    expect(pending(ticket.id).map(([email, reason]) => [email, reason])).toEqual([['dave@acme.test', 'not-allowed']]);
  });
});

describe('the automatic answer to a refused sender (RFC 3834)', () => {
  const answersTo = (email: string) => db().select().from(outbox).where(eq(outbox.toEmail, email)).all().filter((r) => r.template === 'inbound_refused');

  it('is queued once a day, threaded under the refused message, marked auto-replied, naming no ticket', async () => {
    const ticket = newTicket();
    const stranger = `answered-${unique()}@else.test`;
    const to = replyAddressFor(ticket.id, { kind: 'customer', id: ticket.customerId });
    await receive(mail({ from: `Gina <${stranger}>`, to, subject: 'Re: invoices', messageId: '<first@else.test>', references: '<older@else.test>', body: 'Me too!' }));
    const [row] = answersTo(stranger);
    expect(row).toMatchObject({ ticketId: null, toName: 'Gina', recipientKind: 'customer' });
    const message = await composeOutboxMessage(row);
    expect(message.headers).toMatchObject({ 'Auto-Submitted': 'auto-replied', 'In-Reply-To': '<first@else.test>', References: '<older@else.test> <first@else.test>' });
    expect(message.replyTo).toBeNull();
    expect(message.subject).toBe('Auto: your email to Parley was not added');
    expect(message.text).toContain('Hello Gina,');
    expect(`${message.subject} ${message.text} ${message.html}`).not.toContain(ticket.subject);
    expect(message.links).toEqual([]);

    // The same day: refused and listed again, but not answered again.
    const again = await receive(mail({ from: stranger, to, body: 'Hello?' }));
    expect(again.status).toBe('refused');
    expect(answersTo(stranger)).toHaveLength(1);
  });

  it('never answers automatic mail, list mail, no-reply addresses, blocked senders or DMARC failures', async () => {
    updateSettings({ agent: admin, input: { inboundBlocklist: ['blocked.test'], dmarcAuthservId: 'mx.team.test' } });
    const ticket = newTicket();
    const to = replyAddressFor(ticket.id, { kind: 'customer', id: ticket.customerId });
    const cases: Mail[] = [
      { from: `ooo-${unique()}@else.test`, to, headers: { 'Auto-Submitted': 'auto-replied' } },
      { from: `list-${unique()}@else.test`, to, headers: { 'List-Id': '<team.else.test>' } },
      { from: `bulk-${unique()}@else.test`, to, headers: { Precedence: 'bulk' } },
      { from: `noreply-${unique()}@else.test`, to },
      { from: `someone-${unique()}@blocked.test`, to },
      { from: `forged-${unique()}@else.test`, to, headers: { 'Authentication-Results': 'mx.team.test; dmarc=fail header.from=else.test' } },
    ];
    for (const m of cases) {
      const row = await receive(mail(m));
      expect(row.status === 'refused' || row.outcome === 'automatic', m.from).toBe(true);
      expect(answersTo(m.from.toLowerCase()), m.from).toEqual([]);
    }
  });

  it('an admin’s “add and apply” that is refused again answers nobody a second time', async () => {
    updateSettings({ agent: admin, input: { participantsEnabled: true } });
    const ticket = newTicket();
    const stranger = `twice-${unique()}@else.test`;
    const row = await receive(mail({ from: stranger, to: replyAddressFor(ticket.id, { kind: 'customer', id: ticket.customerId }) }));
    db().delete(inboundAutoAnswers).run();
    updateSettings({ agent: admin, input: { inboundBlocklist: ['else.test'] } });
    await expect(addSenderAndApply({ agent: admin, id: row.id })).rejects.toThrow(/blocklist/);
    expect(answersTo(stranger)).toHaveLength(1);
  });
});

describe('mail that needs attention: the count, the ticket’s banner, dismissing', () => {
  let agent: Agent;
  beforeAll(async () => {
    agent = await createAgent({ email: `attention-agent-${unique()}@team.test`, name: 'Attention Agent', password: 'password-123', role: 'agent' }, systemActor);
  });

  it('an agent who works the ticket sees a refused sender there, adds them and applies every message of theirs', async () => {
    const ticket = newTicket();
    const gina = `gina-${unique()}@else.test`;
    const to = replyAddressFor(ticket.id, { kind: 'customer', id: ticket.customerId });
    const first = await receive(mail({ from: gina, to, body: 'First.' }));
    await receive(mail({ from: gina, to, body: 'Second.' }));
    expect(first).toMatchObject({ status: 'refused', refusal: 'sender' });
    const ticketRow = db().select().from(tickets).where(eq(tickets.id, ticket.id)).get()!;
    expect(listRefusedSendersOfTicket({ agent, ticket: ticketRow })).toEqual([expect.objectContaining({ email: gina, ids: [first.id, first.id + 1] })]);

    expect(await addRefusedSenderToTicket({ agent, ticketId: ticket.id, email: gina })).toBe(2);
    expect(listActiveParticipants({ ticketId: ticket.id }).map((p) => p.email)).toEqual([gina]);
    expect(listReplies({ ticketId: ticket.id, includePrivate: true }).map((r) => r.body).slice(-2)).toEqual(['First.', 'Second.']);
    expect(listRefusedSendersOfTicket({ agent, ticket: ticketRow })).toEqual([]);
    await expect(addRefusedSenderToTicket({ agent, ticketId: ticket.id, email: gina })).rejects.toThrow(/No refused email/);
  });

  it('refusals nobody can undo by adding the sender (junk without a sender, an old reply address) are not offered on the ticket', async () => {
    const ticket = newTicket();
    const other = newTicket();
    // The first ticket's customer address on the other ticket's old reply address: stale after a rotation.
    const stale = replyAddressFor(other.id, { kind: 'customer', id: other.customerId });
    rotateTicketLinks({ ticketId: other.id, agent: admin, notify: false });
    const row = await receive(mail({ from: other.customer.email, to: stale }));
    expect(row).toMatchObject({ status: 'refused', refusal: 'stale', ticketId: other.id });
    const otherRow = db().select().from(tickets).where(eq(tickets.id, other.id)).get()!;
    expect(listRefusedSendersOfTicket({ agent: admin, ticket: otherRow })).toEqual([]);
    expect(ticket.id).not.toBe(other.id);
  });

  it('the count is for admins; dismissing takes a message out of it, is audited, and cannot be done twice', async () => {
    expect(countInboundNeedingAttention({ agent })).toBeNull();
    const before = countInboundNeedingAttention({ agent: admin })!;
    const raw = Buffer.from(`Subject: junk ${unique()}\r\n\r\nno sender`);
    const { id } = storeInboundMessage(db(), { source: 'pipe', sourceId: pipeSourceId(raw), raw });
    await processInboundBatch(db());
    expect(countInboundNeedingAttention({ agent: admin })).toBe(Math.min(before + 1, ATTENTION_COUNT_CAP + 1));

    expect(() => dismissInboundMessage({ agent, id })).toThrow(/Only administrators/);
    expect(countInboundNeedingAttention({ agent: admin })).toBe(Math.min(before + 1, ATTENTION_COUNT_CAP + 1));
    dismissInboundMessage({ agent: admin, id });
    expect(countInboundNeedingAttention({ agent: admin })).toBe(before);
    expect(listInboundMessages({ agent: admin, filter: 'attention' }).messages.map((m) => m.id)).not.toContain(id);
    expect(listInboundMessages({ agent: admin, filter: 'all' }).messages.find((m) => m.id === id)).toMatchObject({ dismissedBy: 'Inbound Admin' });
    expect(db().select().from(auditLog).where(eq(auditLog.action, 'inbound.dismissed')).all().some((a) => (JSON.parse(a.detail) as { inboundIds: number[] }).inboundIds.includes(id))).toBe(true);
    expect(() => dismissInboundMessage({ agent: admin, id })).toThrow(/already dismissed/);

    // An applied message needs nothing: there is nothing to dismiss.
    const ticket = newTicket();
    const applied = await receive(mail({ from: ticket.customer.email, to: replyAddressFor(ticket.id, { kind: 'customer', id: ticket.customerId }) }));
    expect(() => dismissInboundMessage({ agent: admin, id: applied.id })).toThrow(/nothing to dismiss/);
  });

  it('an agent dismisses a refused sender on a ticket they work (recorded in its history), not on one they may not see', async () => {
    const ticket = newTicket();
    const sid = `sid-${unique()}@else.test`;
    await receive(mail({ from: sid, to: replyAddressFor(ticket.id, { kind: 'customer', id: ticket.customerId }) }));
    expect(dismissRefusedSenderOnTicket({ agent, ticketId: ticket.id, email: sid })).toBe(1);
    expect(listTicketHistory({ ticketId: ticket.id }).at(-1)?.text).toBe(`Attention Agent dismissed a refused email from ${sid}`);

    const hidden = newTicket();
    await receive(mail({ from: sid, to: replyAddressFor(hidden.id, { kind: 'customer', id: hidden.customerId }) }));
    updateSettings({ agent: admin, input: { restrictAgentsToAssigned: true } });
    db().update(tickets).set({ assigneeId: admin.id }).where(eq(tickets.id, hidden.id)).run();
    try {
      expect(() => dismissRefusedSenderOnTicket({ agent, ticketId: hidden.id, email: sid })).toThrow(/may not/);
      const hiddenRow = db().select().from(tickets).where(eq(tickets.id, hidden.id)).get()!;
      expect(listRefusedSendersOfTicket({ agent, ticket: hiddenRow })).toEqual([]);
    } finally {
      updateSettings({ agent: admin, input: { restrictAgentsToAssigned: false } });
    }
  });
});
