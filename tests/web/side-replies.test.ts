import { and, eq } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { inboundMessages, outbox, replies, type Agent } from '@/db/schema';
import { getAttachmentForLink } from '@/lib/attachments/access';
import { getDb } from '@/lib/core/db';
import { listAttachmentsByReply, storeAttachmentFile } from '@/lib/files/store';
import { composeOutboxMessage } from '@/lib/mail/compose';
import { pipeSourceId, storeInboundMessage } from '@/lib/mail/inbound/intake';
import { processInboundBatch } from '@/lib/mail/inbound/processor';
import { resolveAccessLink } from '@/lib/participants/link-access';
import { pollTicketForLink } from '@/lib/participants/link-poll';
import { setParticipantView } from '@/lib/participants/participant-view';
import { addParticipant } from '@/lib/participants/participants';
import { getPortalView, replyThroughLink } from '@/lib/participants/portal';
import { ticketUrlFor } from '@/lib/participants/link-access';
import { recipientPeopleByReply } from '@/lib/tickets/audience';
import { replySentText } from '@/lib/tickets/reply-confirmation';
import { addAgentReply, listRepliesPage } from '@/lib/tickets/tickets';
import { getTicketWithPeople } from '@/lib/tickets/records';
import { loadReplyView } from '@/lib/web/api';
import { appErrorFrom } from '@/tests/support/helpers';
import { newAgent, newTicket, setSettings, tokenOf, unique } from '@/tests/support/link-fixtures';

// Side replies and the per-participant view over every route a person outside the team reaches a reply by: the
// personal page and its older pages, its live poll, file downloads through links, emails (who is emailed, what they
// quote), replies through the link and by email, and the API's view of whom a reply was to.

let admin: Agent;
beforeAll(async () => {
  admin = await newAgent('admin');
});
beforeEach(() => setSettings({ participantsEnabled: true, copyParticipants: true, restrictAgentsToAssigned: false, autoAddParticipants: false }));

const db = () => getDb();
const outboxOf = (ticketId: number, replyId: number) =>
  db()
    .select()
    .from(outbox)
    .where(and(eq(outbox.ticketId, ticketId), eq(outbox.payload, JSON.stringify({ replyId }))))
    .all();
const emailedAbout = (ticketId: number, replyId: number) => outboxOf(ticketId, replyId).map((row) => row.toEmail).sort();

/** A ticket with its customer Carol and two participants, Pat and Dan, each with their personal link. */
function world() {
  const ticket = newTicket({ name: 'Carol Chen' });
  const pat = addParticipant({ ticketId: ticket.id, agent: admin, input: { email: `${unique('pat')}@guests.test`, name: 'Pat Lee' } });
  const dan = addParticipant({ ticketId: ticket.id, agent: admin, input: { email: `${unique('dan')}@guests.test`, name: 'Dan Ortiz' } });
  const carolToken = tokenOf(ticketUrlFor(getTicketWithPeople({ id: ticket.id })!, { kind: 'customer', id: ticket.customerId }));
  return { ticket, pat, dan, patToken: tokenOf(pat.ticketUrl), danToken: tokenOf(dan.ticketUrl), carolToken };
}

const access = (token: string) => {
  const result = resolveAccessLink(token);
  if (!result.ok) throw new Error(`link refused: ${result.reason}`);
  return result.access;
};
const pageBodies = (token: string) => getPortalView(access(token)).conversation.replies.map((r) => r.body);

describe('a side reply to Pat', () => {
  it('is on Pat’s page only, is emailed to Pat only, and the agent and the API see whom it was to', async () => {
    const { ticket, pat, dan, patToken, danToken, carolToken } = world();
    const side = addAgentReply({ ticketId: ticket.id, agent: admin, message: 'Pat, can you confirm the price?', to: [pat.id] });
    expect(side.audience).toBe('chosen');

    expect(pageBodies(patToken)).toContain('Pat, can you confirm the price?');
    expect(pageBodies(danToken)).not.toContain('Pat, can you confirm the price?');
    expect(pageBodies(carolToken)).not.toContain('Pat, can you confirm the price?');

    expect(emailedAbout(ticket.id, side.id)).toEqual([pat.email]);
    expect(replySentText(side)).toBe('Side reply sent to Pat Lee only');

    expect(recipientPeopleByReply([side.id]).get(side.id)).toEqual([{ kind: 'participant', personId: pat.id, name: 'Pat Lee', email: pat.email }]);
    expect(loadReplyView(side).to).toEqual([{ kind: 'participant', id: pat.id, name: 'Pat Lee', email: pat.email }]);
    const everyone = addAgentReply({ ticketId: ticket.id, agent: admin, message: 'To all' });
    expect(loadReplyView(everyone).to).toBe('everyone');
    expect(emailedAbout(ticket.id, everyone.id)).toEqual([ticket.customer.email, pat.email, dan.email].sort());
    expect(replySentText(everyone)).toBe(`Reply sent to Carol Chen, Pat Lee and Dan Ortiz`);
  });

  it('“the customer only” reaches Carol alone; older pages skip what a person may not see and stay full', () => {
    const { ticket, pat, danToken, carolToken } = world();
    const toCarol = addAgentReply({ ticketId: ticket.id, agent: admin, message: 'Only for Carol', to: 'customer' });
    expect(emailedAbout(ticket.id, toCarol.id)).toEqual([ticket.customer.email]);
    for (let i = 0; i < 4; i++) addAgentReply({ ticketId: ticket.id, agent: admin, message: `Side ${i}`, to: [pat.id] });
    addAgentReply({ ticketId: ticket.id, agent: admin, message: 'Latest to all' });

    const danViewer = access(danToken).viewer;
    const first = listRepliesPage({ ticketId: ticket.id, includePrivate: false, limit: 2, viewer: danViewer });
    expect(first.replies.map((r) => r.body)).toEqual(['First message', 'Latest to all']);
    expect(first.olderCursor).toBeNull();
    const carol = listRepliesPage({ ticketId: ticket.id, includePrivate: false, limit: 2, viewer: access(carolToken).viewer });
    expect(carol.replies.map((r) => r.body)).toEqual(['Only for Carol', 'Latest to all']);
    const older = listRepliesPage({ ticketId: ticket.id, includePrivate: false, limit: 2, before: carol.olderCursor!, viewer: access(carolToken).viewer });
    expect(older.replies.map((r) => r.body)).toEqual(['First message']);
  });

  it('does not move the live poll of the people it is not for, and moves Pat’s', async () => {
    const { ticket, pat, patToken, danToken } = world();
    // A side reply that opens a new ticket changes its status for everyone: the case here is an open ticket.
    addAgentReply({ ticketId: ticket.id, agent: admin, message: 'We are on it' });
    const version = (token: string) => {
      const answer = pollTicketForLink({ token });
      if (!answer.ok) throw new Error('refused');
      return answer.version;
    };
    const danBefore = version(danToken);
    const patBefore = version(patToken);
    // The page renders the same version its poll answers.
    expect(getPortalView(access(danToken)).version).toBe(danBefore);
    await new Promise((resolve) => setTimeout(resolve, 5));
    addAgentReply({ ticketId: ticket.id, agent: admin, message: 'Psst', to: [pat.id] });
    expect(version(danToken)).toBe(danBefore);
    expect(getPortalView(access(danToken)).version).toBe(danBefore);
    expect(version(patToken)).toBeGreaterThan(patBefore);
    expect(getPortalView(access(patToken)).version).toBe(version(patToken));
    await new Promise((resolve) => setTimeout(resolve, 5));
    addAgentReply({ ticketId: ticket.id, agent: admin, message: 'Everyone again' });
    expect(version(danToken)).toBeGreaterThan(danBefore);
  });

  it('keeps its files from everyone else’s links, as if they did not exist', async () => {
    const { ticket, pat, patToken, danToken, carolToken } = world();
    const file = await storeAttachmentFile({ data: Buffer.from(`quote ${Math.random()}`), filename: 'quote.txt' });
    const side = addAgentReply({ ticketId: ticket.id, agent: admin, message: 'The quote', to: [pat.id], files: [file] });
    expect(getPortalView(access(patToken)).conversation.replies.map((r) => r.id)).toContain(side.id);
    const fileId = listAttachmentsByReply({ replyIds: [side.id] }).get(side.id)![0].id;
    expect(getAttachmentForLink({ token: patToken, id: fileId }).filename).toBe('quote.txt');
    for (const token of [danToken, carolToken]) {
      const error = await appErrorFrom(() => getAttachmentForLink({ token, id: fileId }));
      expect(error.code).toBe('not_found');
    }
  });

  it('is never composed for someone it is not for, and {ticket_content} is only what the recipient may see', async () => {
    const { ticket, pat, dan } = world();
    const side = addAgentReply({ ticketId: ticket.id, agent: admin, message: 'Secret price', to: [pat.id] });
    // A row to Dan about it (say, queued by a bug or before a change of mind) is refused when composed.
    const forged = db()
      .insert(outbox)
      .values({ ticketId: ticket.id, template: 'ticket_reply', toEmail: dan.email, recipientKind: 'participant', recipientId: dan.id, payload: JSON.stringify({ replyId: side.id }) })
      .returning()
      .get();
    await expect(composeOutboxMessage(forged)).rejects.toThrow(/may not see the reply/);
    const toPat = outboxOf(ticket.id, side.id)[0];
    const email = await composeOutboxMessage(toPat);
    expect(email.text).toContain('Secret price');
  });

  it('an answer through Pat’s link within the side conversation stays within it; choosing everyone reaches everyone', () => {
    const { ticket, pat, dan, patToken, danToken, carolToken } = world();
    const side = addAgentReply({ ticketId: ticket.id, agent: admin, message: 'Pat only', to: [pat.id] });
    expect(getPortalView(access(patToken)).sideConversations).toEqual([{ replyId: side.id, names: ['Pat Lee'], newest: true }]);
    expect(getPortalView(access(danToken)).sideConversations).toEqual([]);

    const answer = replyThroughLink({ token: patToken, input: { email: pat.email, message: 'Confirmed, 900 EUR', inReplyTo: String(side.id) } });
    expect(answer.audience).toBe('chosen');
    expect(pageBodies(patToken)).toContain('Confirmed, 900 EUR');
    expect(pageBodies(danToken)).not.toContain('Confirmed, 900 EUR');
    expect(pageBodies(carolToken)).not.toContain('Confirmed, 900 EUR');
    const emailed = outboxOf(ticket.id, answer.id);
    expect(emailed.every((row) => row.recipientKind === 'agent')).toBe(true);
    expect(emailed.length).toBeGreaterThan(0);

    const open = replyThroughLink({ token: patToken, input: { email: pat.email, message: 'Hello all', inReplyTo: '' } });
    expect(open.audience).toBe('everyone');
    expect(emailedAbout(ticket.id, open.id)).toEqual(expect.arrayContaining([ticket.customer.email, dan.email]));
  });

  it('refuses to answer, through a link, a side reply its holder may not see (nothing is added)', async () => {
    const { ticket, pat, dan, danToken } = world();
    const side = addAgentReply({ ticketId: ticket.id, agent: admin, message: 'Pat only', to: [pat.id] });
    const count = listRepliesPage({ ticketId: ticket.id, includePrivate: true, limit: 100 }).replies.length;
    const error = await appErrorFrom(() => replyThroughLink({ token: danToken, input: { email: dan.email, message: 'Let me in', inReplyTo: String(side.id) } }));
    expect(error.code).toBe('validation_failed');
    expect(error.fields).toEqual({ inReplyTo: 'is not a reply on this ticket' });
    expect(listRepliesPage({ ticketId: ticket.id, includePrivate: true, limit: 100 }).replies.length).toBe(count);
  });

  it('an answer by email to its notification stays within the same people (and the team)', async () => {
    process.env.INBOUND_DOMAIN = 'inbound.parley.test';
    const { ticket, pat, dan, danToken } = world();
    const side = addAgentReply({ ticketId: ticket.id, agent: admin, message: 'Pat, the invoice?', to: [pat.id] });
    const sent = await composeOutboxMessage(outboxOf(ticket.id, side.id)[0]);
    const raw = Buffer.from(
      [
        `From: Pat Lee <${pat.email}>`,
        `To: ${sent.replyTo ?? 'support@inbound.parley.test'}`,
        'Subject: Re: invoice',
        `Message-ID: <${unique('m')}@guests.test>`,
        `In-Reply-To: ${sent.headers['Message-ID']}`,
        'Date: Wed, 25 Nov 2026 10:00:00 +0000',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Sent it this morning.',
      ].join('\r\n'),
    );
    const { id } = storeInboundMessage(db(), { source: 'pipe', sourceId: pipeSourceId(raw), raw });
    await processInboundBatch(db());
    expect(db().select().from(inboundMessages).where(eq(inboundMessages.id, id)).get()).toMatchObject({ status: 'applied', outcome: 'reply' });
    const answer = db().select().from(replies).where(eq(replies.inboundMessageId, id)).get()!;
    expect(answer.audience).toBe('chosen');
    expect(recipientPeopleByReply([answer.id]).get(answer.id)!.map((r) => r.email)).toEqual([pat.email]);
    expect(pageBodies(danToken)).not.toContain('Sent it this morning.');
    expect(emailedAbout(ticket.id, answer.id)).not.toContain(dan.email);
    expect(emailedAbout(ticket.id, answer.id)).not.toContain(ticket.customer.email);
  });
});

describe('choosing whom a reply goes to', () => {
  it('refuses an empty choice, someone not on the ticket, and a note with recipients; nothing is added', async () => {
    const { ticket, pat } = world();
    const other = world();
    const count = () => listRepliesPage({ ticketId: ticket.id, includePrivate: true, limit: 100 }).replies.length;
    const before = count();
    const cases: [unknown, Record<string, unknown>][] = [
      [[], {}],
      [[other.pat.id], {}],
      [['nobody'], {}],
      [{ id: pat.id }, {}],
      [[pat.id], { private: true }],
    ];
    for (const [to, extra] of cases) {
      const error = await appErrorFrom(() => addAgentReply({ ticketId: ticket.id, agent: admin, message: 'x', to, ...extra }));
      expect(error.code).toBe('validation_failed');
      expect(error.fields?.to).toBeTruthy();
    }
    expect(count()).toBe(before);
  });

  it('takes participant ids and "customer" as a list, or as one comma-separated form field', () => {
    const { ticket, pat, dan } = world();
    const both = addAgentReply({ ticketId: ticket.id, agent: admin, message: 'Both', to: ['customer', String(dan.id)] });
    expect(emailedAbout(ticket.id, both.id)).toEqual([ticket.customer.email, dan.email].sort());
    const field = addAgentReply({ ticketId: ticket.id, agent: admin, message: 'Field', to: `${pat.id},${dan.id}` });
    expect(emailedAbout(ticket.id, field.id)).toEqual([pat.email, dan.email].sort());
  });

  it('emails the chosen participants even while participants are not copied on replies to everyone', () => {
    setSettings({ copyParticipants: false });
    const { ticket, pat } = world();
    const side = addAgentReply({ ticketId: ticket.id, agent: admin, message: 'Pat?', to: [pat.id] });
    expect(emailedAbout(ticket.id, side.id)).toEqual([pat.email]);
    const all = addAgentReply({ ticketId: ticket.id, agent: admin, message: 'All' });
    expect(emailedAbout(ticket.id, all.id)).toEqual([ticket.customer.email]);
  });
});

describe('a participant who sees only what is sent to them', () => {
  it('sees their own messages, side replies to them and replies to everyone since they joined, never earlier ones', async () => {
    const ticket = newTicket({ name: 'Carol Chen' });
    addAgentReply({ ticketId: ticket.id, agent: admin, message: 'Early answer' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const sam = addParticipant({ ticketId: ticket.id, agent: admin, input: { email: `${unique('sam')}@contractor.test`, name: 'Sam' } });
    expect(setParticipantView({ ticketId: ticket.id, participantId: sam.id, agent: admin, input: { view: 'addressed' } })).toBe('addressed');
    const token = tokenOf(sam.ticketUrl);
    await new Promise((resolve) => setTimeout(resolve, 5));
    addAgentReply({ ticketId: ticket.id, agent: admin, message: 'Sam, please quote', to: [sam.id] });
    addAgentReply({ ticketId: ticket.id, agent: admin, message: 'Later, to all' });
    replyThroughLink({ token, input: { email: sam.email, message: 'My quote' } });
    expect(pageBodies(token)).toEqual(['Sam, please quote', 'Later, to all', 'My quote']);

    // Their emails quote no earlier message as {ticket_content}: the first they may see.
    const row = outboxOf(ticket.id, listRepliesPage({ ticketId: ticket.id, includePrivate: false, limit: 10 }).replies.find((r) => r.body === 'Later, to all')!.id).find(
      (r) => r.toEmail === sam.email,
    )!;
    const { saveEmailTemplate, resetEmailTemplate } = await import('@/lib/mail/template-settings');
    saveEmailTemplate({ agent: admin, key: 'ticket_reply', input: { subject: 'Re', body: 'First:{ticket_content}|Reply:{reply_content}' } });
    try {
      expect((await composeOutboxMessage(row)).text).toContain('First:Sam, please quote|Reply:Later, to all');
    } finally {
      resetEmailTemplate({ agent: admin, key: 'ticket_reply' });
    }

    // Back to the whole conversation: the early answer shows again.
    setParticipantView({ ticketId: ticket.id, participantId: sam.id, agent: admin, input: { view: 'everything' } });
    expect(pageBodies(token)).toContain('Early answer');
  });

  it('refuses a view that does not exist, and a participant of another ticket', async () => {
    const { ticket, pat } = world();
    const other = world();
    expect((await appErrorFrom(() => setParticipantView({ ticketId: ticket.id, participantId: pat.id, agent: admin, input: { view: 'some' } }))).code).toBe(
      'validation_failed',
    );
    expect((await appErrorFrom(() => setParticipantView({ ticketId: ticket.id, participantId: other.pat.id, agent: admin, input: { view: 'addressed' } }))).code).toBe(
      'not_found',
    );
  });
});
