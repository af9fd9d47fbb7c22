import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { outbox, type Agent } from '@/db/schema';
import { resolveAccessLink, ticketUrlFor } from '@/lib/participants/link-access';
import { addParticipant } from '@/lib/participants/participants';
import {
  closeThroughLink,
  getPortalView,
  leaveThroughLink,
  reopenThroughLink,
  replyThroughLink,
  processLinkRequests,
  requestFreshLink,
} from '@/lib/participants/portal';
import { addAgentReply, createTicket, listTicketsForAgent, updateTicket } from '@/lib/tickets/tickets';
import { getDb, getSqlite } from '@/lib/core/db';
import { getTicketById } from '@/lib/tickets/records';
import { appErrorFrom } from '@/tests/support/helpers';
import { auditOf, eventsOf, newAgent, newCustomer, newTicket, repliesOf, setSettings, tokenOf, unique } from '@/tests/support/link-fixtures';

let admin: Agent;
beforeAll(async () => {
  admin = await newAgent('admin');
});
beforeEach(() => setSettings({ participantsEnabled: true, customersCanReopen: true }));

/** A ticket of a customer at a company, with one guest participant, and both personal links. */
function scene() {
  const company = unique('Acme');
  const ticket = newTicket({ company, email: `${unique('carol')}@acme.test`, name: 'Carol Customer' });
  const guest = addParticipant({ ticketId: ticket.id, agent: admin, input: { email: `${unique('gus')}@guests.test`, name: 'Gus Guest' } });
  return {
    ticket,
    company,
    guest,
    customerToken: tokenOf(ticketUrlFor(ticket, { kind: 'customer', id: ticket.customerId })),
    guestToken: tokenOf(guest.ticketUrl),
  };
}

const accessOf = (token: string) => {
  const result = resolveAccessLink(token);
  if (!result.ok) throw new Error(`link refused: ${result.reason}`);
  return result.access;
};

describe('replyThroughLink: the reply-form rule', () => {
  it('attributes the customer’s reply to the customer, with the link it came through in the audit', () => {
    const { ticket, customerToken } = scene();
    const reply = replyThroughLink({ token: customerToken, input: { email: `  ${ticket.customer.email.toUpperCase()} `, message: ' Thanks! ' } });
    expect(reply).toMatchObject({
      ticketId: ticket.id,
      body: 'Thanks!',
      private: false,
      authorKind: 'customer',
      authorId: ticket.customerId,
      authorEmail: ticket.customer.email,
      authorName: 'Carol Customer',
      source: 'web',
    });
    const [entry] = auditOf(ticket.id, 'reply.added');
    expect(entry).toMatchObject({ actorKind: 'customer', actorId: ticket.customerId, actorEmail: ticket.customer.email });
    expect(entry.detail).toMatchObject({ replyId: reply.id, via: { kind: 'customer', id: ticket.customerId, email: ticket.customer.email }, reopened: false });
    expect(eventsOf(ticket.id, 'reply.created').map((e) => e.payload)).toEqual([{ replyId: reply.id }]);
  });

  it('accepts a customer of the same company and attributes the reply to them, not to the link’s owner', () => {
    const { ticket, company, customerToken } = scene();
    const colleague = newCustomer({ email: `${unique('dave')}@acme.test`, name: 'Dave Colleague', company });
    const reply = replyThroughLink({ token: customerToken, input: { email: colleague.email.toUpperCase(), message: 'I can add to that.' } });
    expect(reply).toMatchObject({ authorKind: 'customer', authorId: colleague.id, authorEmail: colleague.email, authorName: 'Dave Colleague' });
    const [entry] = auditOf(ticket.id, 'reply.added');
    expect(entry).toMatchObject({ actorKind: 'customer', actorId: colleague.id, actorEmail: colleague.email });
    expect(entry.detail.via).toEqual({ kind: 'customer', id: ticket.customerId, email: ticket.customer.email });
  });

  it('refuses a customer of another company and stores nothing', async () => {
    const { ticket, customerToken } = scene();
    const outsider = newCustomer({ company: unique('Globex') });
    const before = repliesOf(ticket.id).length;
    const error = await appErrorFrom(() => replyThroughLink({ token: customerToken, input: { email: outsider.email, message: 'Hello' } }));
    expect(error.status).toBe(403);
    expect(error.message).toMatch(/not allowed to reply/);
    expect(error.fields).toEqual({ email: error.message });
    expect(repliesOf(ticket.id)).toHaveLength(before);
    expect(auditOf(ticket.id, 'reply.added')).toEqual([]);
    expect(eventsOf(ticket.id, 'reply.created')).toEqual([]);
  });

  it('accepts a participant while participants are enabled, as a participant, through their own link or another’s', () => {
    const { ticket, guest, guestToken, customerToken } = scene();
    const own = replyThroughLink({ token: guestToken, input: { email: guest.email, message: 'From my link' } });
    expect(own).toMatchObject({ authorKind: 'participant', authorId: guest.id, authorEmail: guest.email, authorName: 'Gus Guest' });
    const viaCustomer = replyThroughLink({ token: customerToken, input: { email: ` ${guest.email.toUpperCase()}`, message: 'From Carol’s link' } });
    expect(viaCustomer).toMatchObject({ authorKind: 'participant', authorId: guest.id });

    const entries = auditOf(ticket.id, 'reply.added');
    expect(entries.map((e) => [e.actorKind, e.actorId])).toEqual([
      ['participant', guest.id],
      ['participant', guest.id],
    ]);
    expect(entries.map((e) => e.detail.via)).toEqual([
      { kind: 'participant', id: guest.id, email: guest.email },
      { kind: 'customer', id: ticket.customerId, email: ticket.customer.email },
    ]);
  });

  it('attributes each participant’s reply to that participant, not to whoever was added first', () => {
    const { ticket, guest, guestToken } = scene();
    const second = addParticipant({ ticketId: ticket.id, agent: admin, input: { email: `${unique('pia')}@guests.test`, name: 'Pia Second' } });
    const third = addParticipant({ ticketId: ticket.id, agent: admin, input: { email: `${unique('tom')}@guests.test`, name: 'Tom Third' } });
    const fromSecond = replyThroughLink({ token: tokenOf(second.ticketUrl), input: { email: second.email, message: 'Second here' } });
    expect(fromSecond).toMatchObject({ authorKind: 'participant', authorId: second.id, authorEmail: second.email, authorName: 'Pia Second' });
    const thirdViaGuest = replyThroughLink({ token: guestToken, input: { email: third.email, message: 'Third, on Gus’s link' } });
    expect(thirdViaGuest).toMatchObject({ authorKind: 'participant', authorId: third.id, authorEmail: third.email, authorName: 'Tom Third' });
    expect(auditOf(ticket.id, 'reply.added').map((e) => [e.actorId, e.actorEmail, (e.detail.via as { id: number }).id])).toEqual([
      [second.id, second.email, second.id],
      [third.id, third.email, guest.id],
    ]);
  });

  it('lets a participant’s link carry the customer’s own reply, attributed to the customer', () => {
    const { ticket, guest, guestToken } = scene();
    const reply = replyThroughLink({ token: guestToken, input: { email: ticket.customer.email, message: 'Carol on Gus’s laptop' } });
    expect(reply).toMatchObject({ authorKind: 'customer', authorId: ticket.customerId });
    expect(auditOf(ticket.id, 'reply.added')[0].detail.via).toEqual({ kind: 'participant', id: guest.id, email: guest.email });
  });

  it('refuses a participant’s address while participants are disabled, and stores nothing', async () => {
    const { ticket, guest, customerToken } = scene();
    setSettings({ participantsEnabled: false });
    const before = repliesOf(ticket.id).length;
    const error = await appErrorFrom(() => replyThroughLink({ token: customerToken, input: { email: guest.email, message: 'Hi' } }));
    expect(error.status).toBe(403);
    expect(error.message).toMatch(/not allowed to reply/);
    expect(repliesOf(ticket.id)).toHaveLength(before);
  });

  it('refuses a stranger, a removed participant and a near miss, and stores nothing', async () => {
    const { ticket, customerToken } = scene();
    const removed = addParticipant({ ticketId: ticket.id, agent: admin, input: { email: `${unique('gone')}@guests.test` } });
    leaveThroughLink({ token: tokenOf(removed.ticketUrl) });
    const before = repliesOf(ticket.id).length;
    for (const email of ['stranger@nowhere.test', removed.email, `${ticket.customer.email}.evil.test`]) {
      const error = await appErrorFrom(() => replyThroughLink({ token: customerToken, input: { email, message: 'Let me in' } }));
      expect(error.code).toBe('forbidden');
    }
    expect(repliesOf(ticket.id)).toHaveLength(before);
    expect(auditOf(ticket.id, 'reply.added')).toEqual([]);
  });

  it('refuses an empty message or address with field errors, and stores nothing', async () => {
    const { ticket, customerToken } = scene();
    const before = repliesOf(ticket.id).length;
    const error = await appErrorFrom(() => replyThroughLink({ token: customerToken, input: { email: ' ', message: '   ' } }));
    expect(error.status).toBe(422);
    expect(error.fields).toEqual({ email: 'Enter your email address.', message: 'Write a message.' });
    expect(repliesOf(ticket.id)).toHaveLength(before);
  });

  it('stores line breaks as LF, whatever the browser sent', () => {
    const { ticket, customerToken } = scene();
    const reply = replyThroughLink({ token: customerToken, input: { email: ticket.customer.email, message: 'one\r\ntwo\rthree\n\nfour' } });
    expect(reply.body).toBe('one\ntwo\nthree\n\nfour');
    const submitted = createTicket({ subject: 'Line breaks', message: 'first\r\nsecond', customer: { email: ticket.customer.email } }, { kind: 'public', source: 'web' });
    expect(repliesOf(submitted.id)[0].body).toBe('first\nsecond');
  });

  it('refuses a reply through a refused link, whatever address is typed', async () => {
    const { ticket, customerToken } = scene();
    const altered = customerToken.slice(0, -2) + (customerToken.at(-2) === 'A' ? 'B' : 'A') + customerToken.at(-1);
    const error = await appErrorFrom(() => replyThroughLink({ token: altered, input: { email: ticket.customer.email, message: 'Hi' } }));
    expect(error.status).toBe(403);
    expect(repliesOf(ticket.id)).toHaveLength(1);
  });

  it('reopens a closed ticket when customers may reopen, and refuses the reply when they may not', async () => {
    const { ticket, customerToken } = scene();
    closeThroughLink({ token: customerToken });
    replyThroughLink({ token: customerToken, input: { email: ticket.customer.email, message: 'One more thing' } });
    expect(getTicketById({ id: ticket.id })!.status).toBe('open');
    expect(auditOf(ticket.id, 'reply.added')[0].detail.reopened).toBe(true);

    closeThroughLink({ token: customerToken });
    setSettings({ customersCanReopen: false });
    const before = repliesOf(ticket.id).length;
    const error = await appErrorFrom(() => replyThroughLink({ token: customerToken, input: { email: ticket.customer.email, message: 'And another' } }));
    expect(error).toMatchObject({ code: 'conflict', message: 'This ticket is closed. Open a new ticket if you need more help.' });
    expect(repliesOf(ticket.id)).toHaveLength(before);
    expect(getTicketById({ id: ticket.id })!.status).toBe('closed');
  });

  it('moves an answered ticket back to open but leaves a new one new', () => {
    const { ticket, customerToken } = scene();
    replyThroughLink({ token: customerToken, input: { email: ticket.customer.email, message: 'Still new' } });
    expect(getTicketById({ id: ticket.id })!.status).toBe('new');
    updateTicket({ ticketId: ticket.id, agent: admin, input: { status: 'hold' } });
    replyThroughLink({ token: customerToken, input: { email: ticket.customer.email, message: 'Any news?' } });
    expect(getTicketById({ id: ticket.id })!.status).toBe('open');
  });
});

describe('getPortalView', () => {
  it('shows the conversation without private notes, and participants only while enabled', () => {
    const { ticket, customerToken, guestToken } = scene();
    addAgentReply({ ticketId: ticket.id, agent: admin, message: 'Public answer' });
    addAgentReply({ ticketId: ticket.id, agent: admin, message: 'Secret note', private: true });
    const view = getPortalView(accessOf(customerToken));
    expect(view.conversation.replies.map((r) => r.body)).toEqual(['First message', 'Public answer']);
    expect(view.people.map((p) => [p.label, p.role, p.isYou])).toEqual([
      [ticket.customer.name, 'Customer', true],
      ['Gus Guest', 'Participant', false],
    ]);
    expect(view.canAddPeople).toBe(false);
    expect(view).toMatchObject({ canClose: true, canReopen: false, canReply: true, canLeave: false });
    expect(getPortalView(accessOf(guestToken)).canLeave).toBe(true);

    setSettings({ participantsEnabled: false });
    expect(getPortalView(accessOf(customerToken)).people.map((p) => p.role)).toEqual(['Customer']);
  });

  it('offers reopen and replies on a closed ticket only while customers may reopen', () => {
    const { customerToken } = scene();
    closeThroughLink({ token: customerToken });
    expect(getPortalView(accessOf(customerToken))).toMatchObject({ canClose: false, canReopen: true, canReply: true });
    setSettings({ customersCanReopen: false });
    expect(getPortalView(accessOf(customerToken))).toMatchObject({ canClose: false, canReopen: false, canReply: false });
  });
});

describe('closing and reopening through a link', () => {
  it('closes, audits as the link’s owner and raises ticket.closed; closing twice is a conflict', async () => {
    const { ticket, guest, guestToken } = scene();
    closeThroughLink({ token: guestToken });
    expect(getTicketById({ id: ticket.id })!.status).toBe('closed');
    const [entry] = auditOf(ticket.id, 'ticket.status_changed');
    expect(entry).toMatchObject({ actorKind: 'participant', actorId: guest.id, actorEmail: guest.email });
    expect(entry.detail).toEqual({ from: 'new', to: 'closed' });
    expect(eventsOf(ticket.id, 'ticket.closed').map((e) => e.payload)).toEqual([{ byEmail: guest.email }]);
    expect(await appErrorFrom(() => closeThroughLink({ token: guestToken }))).toMatchObject({ code: 'conflict', message: 'This ticket is already closed.' });
  });

  it('reopens only closed tickets and only while the setting allows it', async () => {
    const { ticket, customerToken } = scene();
    // Each refusal says which of the two reasons it is.
    expect(await appErrorFrom(() => reopenThroughLink({ token: customerToken }))).toMatchObject({ status: 403, message: 'This ticket is not closed.' });
    closeThroughLink({ token: customerToken });
    setSettings({ customersCanReopen: false });
    expect(await appErrorFrom(() => reopenThroughLink({ token: customerToken }))).toMatchObject({ status: 403, message: 'Closed tickets cannot be reopened here.' });
    expect(getTicketById({ id: ticket.id })!.status).toBe('closed');
    setSettings({ customersCanReopen: true });
    reopenThroughLink({ token: customerToken });
    expect(getTicketById({ id: ticket.id })!.status).toBe('open');
    expect(auditOf(ticket.id, 'ticket.status_changed').map((e) => e.detail)).toEqual([
      { from: 'new', to: 'closed' },
      { from: 'closed', to: 'open' },
    ]);
  });
});

describe('a reopening waits for an agent', () => {
  it('marks the ticket reopened and tells its assignee by email until an agent replies or changes its status', async () => {
    const { ticket, guest, guestToken, customerToken } = scene();
    updateTicket({ ticketId: ticket.id, agent: admin, input: { assigneeId: admin.id, status: 'closed' } });
    reopenThroughLink({ token: guestToken });
    expect(getTicketById({ id: ticket.id })!.reopenedAt).toBeInstanceOf(Date);
    expect(eventsOf(ticket.id, 'ticket.reopened').map((e) => e.payload)).toEqual([{ byEmail: guest.email }]);
    const rows = getDb().select().from(outbox).where(and(eq(outbox.ticketId, ticket.id), eq(outbox.template, 'agent_ticket_reopened'))).all();
    expect(rows.map((r) => r.toEmail)).toEqual([admin.email]);
    expect(listTicketsForAgent({ agent: admin, q: ticket.displayNumber }).tickets[0].reopenedAt).toBeInstanceOf(Date);
    addAgentReply({ ticketId: ticket.id, agent: admin, message: 'Looking again', private: true });
    expect(getTicketById({ id: ticket.id })!.reopenedAt).toBeInstanceOf(Date);
    addAgentReply({ ticketId: ticket.id, agent: admin, message: 'On it again.' });
    expect(getTicketById({ id: ticket.id })!.reopenedAt).toBeNull();

    updateTicket({ ticketId: ticket.id, agent: admin, input: { status: 'closed' } });
    reopenThroughLink({ token: customerToken });
    updateTicket({ ticketId: ticket.id, agent: admin, input: { status: 'hold' } });
    expect(getTicketById({ id: ticket.id })!.reopenedAt).toBeNull();
  });
});

describe('leaveThroughLink', () => {
  it('removes the participant, audits and raises participant.left; their link is refused afterwards', () => {
    const { ticket, guest, guestToken } = scene();
    leaveThroughLink({ token: guestToken });
    expect(resolveAccessLink(guestToken)).toEqual({ ok: false, reason: 'revoked' });
    expect(auditOf(ticket.id, 'participant.left')).toMatchObject([{ actorKind: 'participant', actorId: guest.id, detail: { participantId: guest.id } }]);
    expect(eventsOf(ticket.id, 'participant.left').map((e) => e.payload)).toEqual([{ participantId: guest.id }]);
  });

  it('does not let the customer leave their own ticket', async () => {
    const { customerToken } = scene();
    expect(await appErrorFrom(() => leaveThroughLink({ token: customerToken }))).toMatchObject({ status: 403, message: 'The ticket’s customer cannot leave the ticket.' });
    expect(resolveAccessLink(customerToken).ok).toBe(true);
  });
});

describe('requestFreshLink', () => {
  const refused = (token: string) => token.slice(0, -1) + (token.at(-1) === 'A' ? 'B' : 'A');

  it('records link.requested for the customer’s address, typed in any case', () => {
    const { ticket, customerToken } = scene();
    requestFreshLink({ token: refused(customerToken), email: ` ${ticket.customer.email.toUpperCase()} ` });
    // Only queued while answering: the lookup happens in the background.
    expect(eventsOf(ticket.id, 'link.requested')).toEqual([]);
    expect(processLinkRequests()).toBe(1);
    expect(eventsOf(ticket.id, 'link.requested').map((e) => e.payload)).toEqual([{ holder: { kind: 'customer', id: ticket.customerId } }]);
    expect(auditOf(ticket.id, 'link.requested')).toMatchObject([{ actorKind: 'customer', actorId: ticket.customerId }]);
  });

  it('records link.requested for a current participant while participants are enabled', () => {
    const { ticket, guest, guestToken } = scene();
    requestFreshLink({ token: refused(guestToken), email: guest.email });
    processLinkRequests();
    expect(eventsOf(ticket.id, 'link.requested').map((e) => e.payload)).toEqual([{ holder: { kind: 'participant', id: guest.id } }]);
  });

  it('names the participant who asked, among several', () => {
    const { ticket, guest } = scene();
    const second = addParticipant({ ticketId: ticket.id, agent: admin, input: { email: `${unique('sam')}@guests.test`, name: 'Sam Second' } });
    const third = addParticipant({ ticketId: ticket.id, agent: admin, input: { email: `${unique('tia')}@guests.test`, name: 'Tia Third' } });
    requestFreshLink({ token: refused(tokenOf(third.ticketUrl)), email: third.email });
    requestFreshLink({ token: refused(tokenOf(second.ticketUrl)), email: second.email.toUpperCase() });
    processLinkRequests();
    expect(eventsOf(ticket.id, 'link.requested').map((e) => e.payload)).toEqual([
      { holder: { kind: 'participant', id: third.id } },
      { holder: { kind: 'participant', id: second.id } },
    ]);
    expect(auditOf(ticket.id, 'link.requested').map((a) => a.actorId)).toEqual([third.id, second.id]);
    expect([second.id, third.id]).not.toContain(guest.id);
  });

  it('queues at most 320 characters of whatever was typed as the address', () => {
    const { ticket } = scene();
    const long = `${'x'.repeat(400)}@example.test`;
    requestFreshLink({ token: `${ticket.id}.c1.1.${'A'.repeat(43)}`, email: long });
    const queued = getSqlite().prepare('select email from link_requests order by id desc limit 1').get() as { email: string };
    expect(queued.email).toBe(long.slice(0, 320));
    expect(processLinkRequests()).toBe(1);
  });

  it('records nothing for anyone else', () => {
    const { ticket, company, guest, customerToken, guestToken } = scene();
    const colleague = newCustomer({ company });
    const gone = addParticipant({ ticketId: ticket.id, agent: admin, input: { email: `${unique('gone')}@guests.test` } });
    leaveThroughLink({ token: tokenOf(gone.ticketUrl) });
    requestFreshLink({ token: customerToken, email: 'stranger@nowhere.test' });
    requestFreshLink({ token: customerToken, email: colleague.email });
    requestFreshLink({ token: customerToken, email: gone.email });
    requestFreshLink({ token: customerToken, email: 'not an address' });
    requestFreshLink({ token: 'garbage', email: ticket.customer.email });
    requestFreshLink({ token: `999999.c1.1.${'A'.repeat(43)}`, email: ticket.customer.email });
    setSettings({ participantsEnabled: false });
    requestFreshLink({ token: guestToken, email: guest.email });
    // Every request is queued alike, handled once, and leaves nothing behind.
    expect(processLinkRequests()).toBe(7);
    expect(processLinkRequests()).toBe(0);
    expect(eventsOf(ticket.id, 'link.requested')).toEqual([]);
    expect(auditOf(ticket.id, 'link.requested')).toEqual([]);
  });
});
