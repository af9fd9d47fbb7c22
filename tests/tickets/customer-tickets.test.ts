import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { outbox, type Agent } from '@/db/schema';
import { getDb } from '@/lib/core/db';
import { addParticipant, removeParticipant } from '@/lib/participants/participants';
import { listTicketsOf, rotateTicketLinks, updateTicket } from '@/lib/tickets/tickets';
import { newAgent, newTicket, setSettings, unique } from '@/tests/support/link-fixtures';

let admin: Agent;
let ann: Agent;
beforeAll(async () => {
  admin = await newAgent('admin');
  ann = await newAgent('agent');
  setSettings({ participantsEnabled: true, restrictAgentsToAssigned: false });
});

const subjects = (result: { tickets: { subject: string }[] }) => result.tickets.map((t) => t.subject).sort();

describe('listTicketsOf', () => {
  it('lists a customer’s own tickets, the tickets they take part in, and a company’s tickets', () => {
    const company = unique('Initech');
    const mine = newTicket({ company, email: `${unique('milton')}@initech.test`, name: 'Milton' });
    const colleague = newTicket({ company, email: `${unique('peter')}@initech.test` });
    const elsewhere = newTicket();
    addParticipant({ ticketId: elsewhere.id, agent: admin, input: { email: mine.customer.email } });
    const left = newTicket();
    const gone = addParticipant({ ticketId: left.id, agent: admin, input: { email: mine.customer.email } });
    removeParticipant({ ticketId: left.id, participantId: gone.id, agent: admin });

    expect(subjects(listTicketsOf({ agent: ann, owner: { customerId: mine.customerId } }))).toEqual([mine.subject]);
    expect(subjects(listTicketsOf({ agent: ann, owner: { participantEmail: mine.customer.email } }))).toEqual([elsewhere.subject]);
    expect(subjects(listTicketsOf({ agent: ann, owner: { companyId: mine.customer.companyId! } }))).toEqual([mine.subject, colleague.subject].sort());
  });

  it('shows a restricted agent only the tickets they may see', () => {
    const ticket = newTicket();
    updateTicket({ ticketId: ticket.id, agent: admin, input: { assigneeId: admin.id } });
    setSettings({ restrictAgentsToAssigned: true });
    try {
      expect(listTicketsOf({ agent: ann, owner: { customerId: ticket.customerId } }).total).toBe(0);
      expect(listTicketsOf({ agent: admin, owner: { customerId: ticket.customerId } }).total).toBe(1);
    } finally {
      setSettings({ restrictAgentsToAssigned: false });
    }
  });
});

describe('rotateTicketLinks', () => {
  it('queues every holder’s new link only when asked to', () => {
    const ticket = newTicket();
    addParticipant({ ticketId: ticket.id, agent: admin, input: { email: `${unique('rot')}@guests.test` } });
    const rotatedMail = () => getDb().select().from(outbox).where(eq(outbox.ticketId, ticket.id)).all().filter((row) => row.template === 'links_rotated');
    rotateTicketLinks({ ticketId: ticket.id, agent: admin });
    expect(rotatedMail()).toHaveLength(0);
    rotateTicketLinks({ ticketId: ticket.id, agent: admin, notify: true });
    expect(rotatedMail().map((row) => row.recipientKind).sort()).toEqual(['customer', 'participant']);
  });
});
