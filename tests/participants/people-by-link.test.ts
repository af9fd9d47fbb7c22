import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { outbox, rateLimits, type Agent } from '@/db/schema';
import { resolveAccessLink, ticketUrlFor } from '@/lib/participants/link-access';
import { addParticipant, listParticipantViews, removeParticipant } from '@/lib/participants/participants';
import { addPersonThroughLink, listPeopleForLink, removePersonThroughLink } from '@/lib/participants/people-by-link';
import { replyThroughLink } from '@/lib/participants/portal';
import { composeOutboxMessage } from '@/lib/mail/compose';
import { getDb } from '@/lib/core/db';
import { listTicketHistory } from '@/lib/tickets/history';
import { listRepliesPage } from '@/lib/tickets/tickets';
import { appErrorFrom } from '@/tests/support/helpers';
import { auditOf, newAgent, newTicket, setSettings, tokenOf, unique } from '@/tests/support/link-fixtures';

// Issue 18, item 1: the customer and the participants bring people in themselves, through their personal link.
let admin: Agent;
beforeAll(async () => {
  admin = await newAgent('admin');
});
beforeEach(() => {
  setSettings({ participantsEnabled: true, participantsMayAddPeople: true, copyParticipants: true });
  getDb().delete(rateLimits).run();
});

function scene() {
  const ticket = newTicket({ name: 'Pat Customer' });
  const dan = addParticipant({ ticketId: ticket.id, agent: admin, input: { email: `${unique('dan')}@else.test`, name: 'Dan Helper' } });
  return { ticket, dan, customerToken: tokenOf(ticketUrlFor(ticket, { kind: 'customer', id: ticket.customerId })), danToken: tokenOf(dan.ticketUrl) };
}
const accessOf = (token: string) => {
  const result = resolveAccessLink(token);
  if (!result.ok) throw new Error(result.reason);
  return result.access;
};
const outboxTo = (ticketId: number, email: string) =>
  getDb().select().from(outbox).where(and(eq(outbox.ticketId, ticketId), eq(outbox.toEmail, email))).all().map((r) => r.template);

describe('addPersonThroughLink', () => {
  it('adds a colleague who gets their own link by email; the panel, the history and the API say who added them', () => {
    const { ticket, customerToken } = scene();
    const email = `${unique('colleague')}@acme.test`;
    const { participantId } = addPersonThroughLink({ token: customerToken, input: { email: ` ${email.toUpperCase()} `, name: 'Cleo Colleague' } });
    const view = listParticipantViews({ ticketId: ticket.id }).find((p) => p.id === participantId)!;
    expect(view).toMatchObject({ email, name: 'Cleo Colleague', addedBy: { kind: 'customer', id: ticket.customerId, name: 'Pat Customer' } });
    expect(outboxTo(ticket.id, email)).toEqual(['participant_added']);
    expect(listTicketHistory({ ticketId: ticket.id }).map((line) => line.text)).toContain(`${email} joined, added by Pat Customer (customer)`);
    expect(auditOf(ticket.id, 'participant.added').at(-1)).toMatchObject({ actorKind: 'customer', actorId: ticket.customerId });
    // Their own link works, and they reply through it as themselves.
    const reply = replyThroughLink({ token: tokenOf(view.ticketUrl), input: { email, message: 'Cleo here.' } });
    expect(reply).toMatchObject({ authorKind: 'participant', authorId: participantId, viaKind: null });
  });

  it('shows everyone on the ticket to a participant, with their roles and who added whom — never their links', () => {
    const { ticket, danToken } = scene();
    const { participantId } = addPersonThroughLink({ token: danToken, input: { email: `${unique('erin')}@else.test` } });
    const people = listPeopleForLink(accessOf(danToken));
    expect(people.map((p) => [p.role, p.isYou, p.addedBy, p.removableId])).toEqual([
      ['Customer', false, '', null],
      ['Participant', true, 'added by the support team', null],
      ['Participant', false, 'added by Dan Helper (participant)', participantId],
    ]);
    expect(JSON.stringify(people)).not.toContain('/t/');
    expect(people[0].label).toBe(ticket.customer.name);
  });

  it('is refused with the setting off, for the ticket’s customer, for someone already on, and for a bad address — nothing added', async () => {
    const { ticket, customerToken, dan } = scene();
    const before = listParticipantViews({ ticketId: ticket.id }).length;
    expect((await appErrorFrom(() => addPersonThroughLink({ token: customerToken, input: { email: ticket.customer.email } }))).code).toBe('validation_failed');
    expect((await appErrorFrom(() => addPersonThroughLink({ token: customerToken, input: { email: dan.email } }))).code).toBe('conflict');
    expect((await appErrorFrom(() => addPersonThroughLink({ token: customerToken, input: { email: 'not an address' } }))).fields).toHaveProperty('email');
    setSettings({ participantsMayAddPeople: false });
    expect((await appErrorFrom(() => addPersonThroughLink({ token: customerToken, input: { email: `${unique('x')}@else.test` } }))).code).toBe('forbidden');
    expect(listParticipantViews({ ticketId: ticket.id })).toHaveLength(before);
  });

  it('allows at most 10 additions a day per link; another link still may', async () => {
    const { ticket, customerToken, danToken } = scene();
    for (let i = 0; i < 10; i++) addPersonThroughLink({ token: customerToken, input: { email: `${unique('many')}@else.test` } });
    const error = await appErrorFrom(() => addPersonThroughLink({ token: customerToken, input: { email: `${unique('eleventh')}@else.test` } }));
    expect(error.code).toBe('rate_limited');
    expect(listParticipantViews({ ticketId: ticket.id })).toHaveLength(11);
    addPersonThroughLink({ token: danToken, input: { email: `${unique('by-dan')}@else.test` } });
    expect(listParticipantViews({ ticketId: ticket.id })).toHaveLength(12);
  });
});

describe('removePersonThroughLink', () => {
  it('removes only the people this link’s holder added; agents remove anyone', async () => {
    const { ticket, customerToken, danToken, dan } = scene();
    const { participantId } = addPersonThroughLink({ token: danToken, input: { email: `${unique('erin')}@else.test` } });
    expect((await appErrorFrom(() => removePersonThroughLink({ token: customerToken, participantId }))).code).toBe('forbidden');
    expect((await appErrorFrom(() => removePersonThroughLink({ token: danToken, participantId: dan.id }))).code).toBe('forbidden');
    removePersonThroughLink({ token: danToken, participantId });
    expect(listParticipantViews({ ticketId: ticket.id }).map((p) => p.id)).toEqual([dan.id]);
    expect((await appErrorFrom(() => removePersonThroughLink({ token: danToken, participantId }))).code).toBe('not_found');
    removeParticipant({ ticketId: ticket.id, participantId: dan.id, agent: admin });
    expect(listParticipantViews({ ticketId: ticket.id })).toEqual([]);
  });
});

describe('a reply sent through someone else’s link', () => {
  it('is marked on the message, and the person named gets an email saying so', () => {
    const { ticket, danToken, dan } = scene();
    getDb().delete(outbox).run();
    const reply = replyThroughLink({ token: danToken, input: { email: ticket.customer.email, message: 'I approve the 900 EUR quote.' } });
    expect(reply).toMatchObject({ authorKind: 'customer', authorId: ticket.customerId, viaKind: 'participant', viaId: dan.id, viaEmail: dan.email, viaName: 'Dan Helper' });
    expect(listRepliesPage({ ticketId: ticket.id, includePrivate: false }).replies.at(-1)?.viaName).toBe('Dan Helper');
    // Carol hears that a reply was posted in her name; Dan, who sent it, gets no copy of his own words.
    expect(outboxTo(ticket.id, ticket.customer.email)).toEqual(['reply_in_your_name']);
    expect(outboxTo(ticket.id, dan.email)).toEqual([]);
  });

  it('is not marked when the holder writes as themselves', () => {
    const { danToken, dan } = scene();
    expect(replyThroughLink({ token: danToken, input: { email: dan.email, message: 'Me.' } }).viaKind).toBeNull();
  });
});

describe('what the emails say', () => {
  it('the person added hears who added them, with the request and the latest messages quoted and their link once', async () => {
    const { ticket, customerToken } = scene();
    replyThroughLink({ token: customerToken, input: { email: ticket.customer.email, message: 'Any news?' } });
    const email = `${unique('cleo')}@acme.test`;
    getDb().delete(outbox).run();
    addPersonThroughLink({ token: customerToken, input: { email, name: 'Cleo' } });
    const row = getDb().select().from(outbox).where(and(eq(outbox.ticketId, ticket.id), eq(outbox.toEmail, email))).get()!;
    const message = await composeOutboxMessage(row);
    expect(message.subject).toBe(`[${ticket.displayNumber}] You were added to: ${ticket.subject}`);
    expect(message.text).toContain('Pat Customer (customer) added you as a participant');
    expect(message.text).toMatch(/The request:\n\nPat Customer wrote on .+:\n> /);
    expect(message.text).toMatch(/Latest messages:\n\nPat Customer wrote on .+:\n> Any news\?/);
    const link = listParticipantViews({ ticketId: ticket.id }).find((p) => p.email === email)!.ticketUrl;
    expect(message.text.split(link).length - 1).toBe(1);
    expect(message.html.split(link).length - 1).toBe(2); // the button's href and the address written once beneath it
  });

  it('a reply sent through someone else’s link says so in every email, and the person named is told', async () => {
    const { ticket, danToken } = scene();
    getDb().delete(outbox).run();
    replyThroughLink({ token: danToken, input: { email: ticket.customer.email, message: 'I approve the 900 EUR quote.' } });
    const rows = getDb().select().from(outbox).where(eq(outbox.ticketId, ticket.id)).all();
    const toAgent = rows.find((r) => r.template === 'agent_new_reply')!;
    expect((await composeOutboxMessage(toAgent)).text).toContain('Pat Customer, sent through Dan Helper’s link replied');
    const notice = await composeOutboxMessage(rows.find((r) => r.template === 'reply_in_your_name')!);
    expect(notice.subject).toContain('A reply was posted in your name');
    expect(notice.text).toContain('(Pat Customer, sent through Dan Helper’s link)');
    expect(notice.text).toContain('I approve the 900 EUR quote.');
  });
});
