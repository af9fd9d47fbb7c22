import { eq } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { outbox, type Agent } from '@/db/schema';
import { resolveAccessLink, ticketUrlFor } from '@/lib/participants/link-access';
import { updateCustomer } from '@/lib/people/customers';
import { getDb } from '@/lib/core/db';
import { composeOutboxMessage } from '@/lib/mail/compose';
import { addParticipant } from '@/lib/participants/participants';
import { updateTicket } from '@/lib/tickets/tickets';
import { getTicketById } from '@/lib/tickets/records';
import { appErrorFrom } from '@/tests/support/helpers';
import { auditOf, newAgent, newTicket, setSettings, tokenOf, unique } from '@/tests/support/link-fixtures';

// Issue 10, found 1: a restricted agent could point someone else's ticket at their own address by editing the customer.

let admin: Agent;
let restricted: Agent;
beforeAll(async () => {
  admin = await newAgent('admin');
  restricted = await newAgent('agent');
});
beforeEach(() => setSettings({ restrictAgentsToAssigned: true, participantsEnabled: true }));

/** A customer with two tickets: one unassigned, one assigned to the admin (hidden from restricted agents). */
function customerWithTwoTickets() {
  const email = `${unique('owner')}@customer.test`;
  const open = newTicket({ email });
  const hidden = newTicket({ email });
  updateTicket({ ticketId: hidden.id, agent: admin, input: { assigneeId: admin.id } });
  return { customerId: open.customerId, email, open, hidden };
}

const customerLink = (ticketId: number) => {
  const ticket = getTicketById({ id: ticketId })!;
  return tokenOf(ticketUrlFor(ticket, { kind: 'customer', id: ticket.customerId }));
};
const noticesTo = (email: string) =>
  getDb().select().from(outbox).where(eq(outbox.toEmail, email)).all().filter((row) => row.template === 'customer_email_changed');

describe('changing a customer’s email', () => {
  it('is refused to an agent who may not see every ticket of that customer, and changes nothing', async () => {
    const { customerId, email, hidden } = customerWithTwoTickets();
    const before = customerLink(hidden.id);
    const error = await appErrorFrom(() => updateCustomer({ id: customerId, email: 'attacker@evil.test' }, restricted));
    expect(error.code).toBe('forbidden');
    expect(getTicketById({ id: hidden.id })!.customerLinkVersion).toBe(1);
    expect(resolveAccessLink(before).ok).toBe(true);
    expect(noticesTo(email)).toHaveLength(0);
  });

  it('still lets that agent edit the name and company without touching the email', () => {
    const { customerId, email } = customerWithTwoTickets();
    expect(updateCustomer({ id: customerId, email: email.toUpperCase(), name: 'Renamed' }, restricted).name).toBe('Renamed');
  });

  it('is allowed to an agent who sees every ticket once restriction is off', () => {
    const { customerId } = customerWithTwoTickets();
    setSettings({ restrictAgentsToAssigned: false });
    expect(updateCustomer({ id: customerId, email: `${unique('moved')}@customer.test` }, restricted).id).toBe(customerId);
  });

  it('audits each ticket, voids the customer’s old links only, and tells the old address', async () => {
    const { customerId, email, open, hidden } = customerWithTwoTickets();
    const participant = addParticipant({ ticketId: open.id, agent: admin, input: { email: `${unique('guest')}@guest.test` } });
    const oldLinks = [customerLink(open.id), customerLink(hidden.id)];
    const newEmail = `${unique('new')}@customer.test`;

    updateCustomer({ id: customerId, email: newEmail }, admin);

    for (const ticket of [open, hidden]) {
      expect(auditOf(ticket.id, 'customer.email_changed').map((a) => a.detail)).toEqual([{ customerId, from: email, to: newEmail }]);
      expect(resolveAccessLink(customerLink(ticket.id)).ok).toBe(true);
    }
    for (const token of oldLinks) expect(resolveAccessLink(token)).toEqual({ ok: false, reason: 'revoked' });
    // Participants keep their links.
    expect(resolveAccessLink(tokenOf(participant.ticketUrl)).ok).toBe(true);

    const [notice] = noticesTo(email);
    expect(notice).toMatchObject({ ticketId: null, recipientKind: 'customer', recipientId: customerId });
    const message = await composeOutboxMessage(notice);
    expect(message.subject).toMatch(/email address .* was changed/);
    expect(message.text).toContain('no longer work');
    expect(message.text).not.toContain('/t/');
    expect(message.links).toEqual([]);
    expect(message.headers['List-Unsubscribe']).toBeUndefined();
  });
});
