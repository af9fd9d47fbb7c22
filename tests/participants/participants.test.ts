import { eq } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { customers, type Agent } from '@/db/schema';
import { resolveAccessLink } from '@/lib/participants/link-access';
import { getDb } from '@/lib/core/db';
import { addParticipant, listParticipantViews, removeParticipant } from '@/lib/participants/participants';
import { listActiveParticipants } from '@/lib/tickets/records';
import { updateTicket } from '@/lib/tickets/tickets';
import { appErrorFrom } from '@/tests/support/helpers';
import { auditOf, eventsOf, newAgent, newCustomer, newTicket, setSettings, tokenOf, unique } from '@/tests/support/link-fixtures';

let admin: Agent;
let agent: Agent;
beforeAll(async () => {
  admin = await newAgent('admin');
  agent = await newAgent('agent');
});
beforeEach(() => setSettings({ participantsEnabled: true, restrictAgentsToAssigned: false }));

const customerCount = () => getDb().select().from(customers).all().length;

describe('addParticipant', () => {
  it('adds a guest by any email address without creating a customer, and gives them a working personal link', () => {
    const ticket = newTicket();
    const before = customerCount();
    const guest = addParticipant({ ticketId: ticket.id, agent, input: { email: '  Gus@Guests.TEST ', name: ' Gus Guest ' } });
    expect(guest).toMatchObject({ email: 'gus@guests.test', name: 'Gus Guest', customerId: null, company: null, addedBy: { kind: 'agent', id: agent.id, name: agent.name } });
    expect(customerCount()).toBe(before);
    expect(guest.ticketUrl).toMatch(new RegExp(`^http://parley\\.test/t/${ticket.id}\\.p${guest.id}\\.1\\.`));
    const access = resolveAccessLink(tokenOf(guest.ticketUrl));
    expect(access.ok && access.access.holder.email).toBe('gus@guests.test');
  });

  it('names a guest after their address when no name is given', () => {
    const ticket = newTicket();
    expect(addParticipant({ ticketId: ticket.id, agent, input: { email: 'nameless@guests.test', name: '' } }).name).toBe('nameless');
  });

  it('links an address that belongs to a customer to that customer', () => {
    const ticket = newTicket();
    const known = newCustomer({ name: 'Known Customer' });
    const added = addParticipant({ ticketId: ticket.id, agent, input: { email: known.email.toUpperCase() } });
    expect(added).toMatchObject({ email: known.email, name: 'Known Customer', customerId: known.id });
    // History says a customer, not a guest, was added.
    expect(auditOf(ticket.id, 'participant.added')).toMatchObject([{ detail: { participantId: added.id, email: known.email } }]);
  });

  it('adds an existing customer chosen by id', () => {
    const ticket = newTicket();
    const known = newCustomer({ name: 'Picked Customer' });
    expect(addParticipant({ ticketId: ticket.id, agent, input: { customerId: String(known.id) } })).toMatchObject({
      email: known.email,
      name: 'Picked Customer',
      customerId: known.id,
    });
  });

  it('records the change in the audit timeline and a participant.added event', () => {
    const ticket = newTicket();
    const guest = addParticipant({ ticketId: ticket.id, agent, input: { email: `${unique('g')}@guests.test` } });
    expect(auditOf(ticket.id, 'participant.added')).toMatchObject([
      { actorKind: 'agent', actorId: agent.id, detail: { participantId: guest.id, email: guest.email, name: guest.name } },
    ]);
    expect(eventsOf(ticket.id, 'participant.added').map((e) => e.payload)).toEqual([{ participantId: guest.id, byAgentId: agent.id }]);
  });

  it('takes any number of participants', () => {
    const ticket = newTicket();
    for (let i = 0; i < 30; i++) addParticipant({ ticketId: ticket.id, agent, input: { email: `many${i}@guests.test` } });
    expect(listActiveParticipants({ ticketId: ticket.id })).toHaveLength(30);
  });

  it('refuses an invalid address, a duplicate, the ticket’s customer, both or neither of email and customer, and an unknown customer', async () => {
    const ticket = newTicket();
    const known = newCustomer();
    addParticipant({ ticketId: ticket.id, agent, input: { email: 'once@guests.test' } });
    const customerIsHere = `${ticket.customer.email} is this ticket’s customer and already has access.`;
    // The status, the message, and the field the form shows it by (none for a conflict, which is about the ticket).
    const cases: [unknown, number, RegExp, Record<string, RegExp> | undefined][] = [
      [{ email: 'not-an-email' }, 422, /./, { email: /valid email/ }],
      [{ email: ' ONCE@guests.test' }, 409, /^once@guests\.test is already a participant of this ticket\.$/, undefined],
      [{ email: ticket.customer.email.toUpperCase() }, 422, new RegExp(`^${customerIsHere.replace(/[.+]/g, '\\$&')}$`), { email: /is this ticket’s customer/ }],
      [{ customerId: ticket.customerId }, 422, /is this ticket’s customer and already has access/, { email: /is this ticket’s customer/ }],
      [{ email: 'both@guests.test', customerId: known.id }, 422, /./, { email: /not both/ }],
      [{}, 422, /./, { email: /required/ }],
      [{ customerId: 999_999 }, 422, /^That customer does not exist\.$/, { customerId: /^That customer does not exist\.$/ }],
    ];
    for (const [input, status, message, fields] of cases) {
      const error = await appErrorFrom(() => addParticipant({ ticketId: ticket.id, agent, input }));
      expect([JSON.stringify(input), error.status, error.message]).toEqual([JSON.stringify(input), status, expect.stringMatching(message)]);
      if (fields) {
        expect(Object.keys(error.fields ?? {})).toEqual(Object.keys(fields));
        for (const [field, text] of Object.entries(fields)) expect(error.fields?.[field]).toMatch(text);
      } else {
        expect(error.fields).toBeUndefined();
      }
    }
    expect(listActiveParticipants({ ticketId: ticket.id }).map((p) => p.email)).toEqual(['once@guests.test']);
    expect(auditOf(ticket.id, 'participant.added')).toHaveLength(1);
  });

  it('is refused while participants are disabled', async () => {
    const ticket = newTicket();
    setSettings({ participantsEnabled: false });
    const error = await appErrorFrom(() => addParticipant({ ticketId: ticket.id, agent, input: { email: 'late@guests.test' } }));
    expect([error.code, error.message]).toEqual(['conflict', expect.stringMatching(/^Participants are turned off\. An administrator can enable them/)]);
    expect(listActiveParticipants({ ticketId: ticket.id })).toEqual([]);
  });

  it('is only for agents who may see the ticket, and answers 404 for a ticket that does not exist', async () => {
    const ticket = newTicket();
    updateTicket({ ticketId: ticket.id, agent: admin, input: { assigneeId: admin.id } });
    setSettings({ restrictAgentsToAssigned: true });
    expect((await appErrorFrom(() => addParticipant({ ticketId: ticket.id, agent, input: { email: 'x@guests.test' } }))).status).toBe(403);
    expect((await appErrorFrom(() => addParticipant({ ticketId: 999_999, agent, input: { email: 'x@guests.test' } }))).status).toBe(404);
    expect(listActiveParticipants({ ticketId: ticket.id })).toEqual([]);
    // The admin still may.
    expect(addParticipant({ ticketId: ticket.id, agent: admin, input: { email: 'x@guests.test' } }).email).toBe('x@guests.test');
  });
});

describe('removeParticipant', () => {
  it('removes the participant, revokes their link at once, audits and raises participant.removed', () => {
    const ticket = newTicket();
    const guest = addParticipant({ ticketId: ticket.id, agent, input: { email: `${unique('r')}@guests.test` } });
    const stays = addParticipant({ ticketId: ticket.id, agent, input: { email: `${unique('s')}@guests.test` } });
    removeParticipant({ ticketId: ticket.id, participantId: guest.id, agent });
    expect(listParticipantViews({ ticketId: ticket.id }).map((p) => p.id)).toEqual([stays.id]);
    expect(resolveAccessLink(tokenOf(guest.ticketUrl))).toEqual({ ok: false, reason: 'revoked' });
    expect(resolveAccessLink(tokenOf(stays.ticketUrl)).ok).toBe(true);
    expect(auditOf(ticket.id, 'participant.removed')).toMatchObject([{ actorKind: 'agent', actorId: agent.id, detail: { participantId: guest.id } }]);
    expect(eventsOf(ticket.id, 'participant.removed').map((e) => e.payload)).toEqual([{ participantId: guest.id, byAgentId: agent.id }]);
  });

  it('removes exactly the participant named, wherever they stand in the list', () => {
    const ticket = newTicket();
    const [first, middle, last] = ['a', 'b', 'c'].map((label) =>
      addParticipant({ ticketId: ticket.id, agent, input: { email: `${unique(label)}@guests.test` } }),
    );
    removeParticipant({ ticketId: ticket.id, participantId: middle.id, agent });
    expect(listParticipantViews({ ticketId: ticket.id }).map((p) => p.id)).toEqual([first.id, last.id]);
    expect(resolveAccessLink(tokenOf(middle.ticketUrl))).toEqual({ ok: false, reason: 'revoked' });
    expect(resolveAccessLink(tokenOf(first.ticketUrl)).ok).toBe(true);
    removeParticipant({ ticketId: ticket.id, participantId: last.id, agent });
    expect(listParticipantViews({ ticketId: ticket.id }).map((p) => p.id)).toEqual([first.id]);
    expect(resolveAccessLink(tokenOf(last.ticketUrl))).toEqual({ ok: false, reason: 'revoked' });
    expect(eventsOf(ticket.id, 'participant.removed').map((e) => e.payload.participantId)).toEqual([middle.id, last.id]);
  });

  it('answers 404 for someone not (or no longer) on the ticket, or on another ticket', async () => {
    const ticket = newTicket();
    const other = newTicket();
    const guest = addParticipant({ ticketId: ticket.id, agent, input: { email: `${unique('t')}@guests.test` } });
    const elsewhere = await appErrorFrom(() => removeParticipant({ ticketId: other.id, participantId: guest.id, agent }));
    expect([elsewhere.status, elsewhere.message]).toEqual([404, 'Participant not found.']);
    removeParticipant({ ticketId: ticket.id, participantId: guest.id, agent });
    expect((await appErrorFrom(() => removeParticipant({ ticketId: ticket.id, participantId: guest.id, agent }))).status).toBe(404);
  });

  it('is only for agents who may see the ticket', async () => {
    const ticket = newTicket();
    const guest = addParticipant({ ticketId: ticket.id, agent: admin, input: { email: `${unique('u')}@guests.test` } });
    updateTicket({ ticketId: ticket.id, agent: admin, input: { assigneeId: admin.id } });
    setSettings({ restrictAgentsToAssigned: true });
    expect((await appErrorFrom(() => removeParticipant({ ticketId: ticket.id, participantId: guest.id, agent }))).status).toBe(403);
    expect(listActiveParticipants({ ticketId: ticket.id }).map((p) => p.id)).toEqual([guest.id]);
  });

  it('keeps participants while participants are disabled, so enabling again restores them', () => {
    const ticket = newTicket();
    const guest = addParticipant({ ticketId: ticket.id, agent, input: { email: `${unique('k')}@guests.test` } });
    setSettings({ participantsEnabled: false });
    expect(listActiveParticipants({ ticketId: ticket.id }).map((p) => p.id)).toEqual([guest.id]);
    setSettings({ participantsEnabled: true });
    expect(resolveAccessLink(tokenOf(guest.ticketUrl)).ok).toBe(true);
  });
});
