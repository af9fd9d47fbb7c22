import { beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from '@/db/schema';
import { createAgent } from '@/lib/auth/agents';
import { getDb } from '@/lib/core/db';
import { AppError } from '@/lib/core/errors';
import { writeSettings } from '@/lib/core/settings';
import { addAgentReply, createTicket, getTicketForAgent, listRepliesPage, listTicketsForAgent, updateTicket } from '@/lib/tickets/tickets';
import { listAuditForTicket } from '@/lib/core/audit';

let admin: Agent;
let agent: Agent;

beforeAll(async () => {
  admin = await createAgent({ email: 'Admin@Example.com', name: 'Ada', password: 'password-1', role: 'admin' }, { kind: 'system' });
  agent = await createAgent({ email: 'agent@example.com', name: 'Bo', password: 'password-2' }, { kind: 'system' });
});

const newTicket = (subject: string, email = 'carol@acme.test', message = 'Hello there') =>
  createTicket({ subject, message, customer: { email, name: 'Carol', company: 'Acme' } }, { kind: 'public', source: 'web' });

describe('tickets', () => {
  it('numbers tickets from the configured start and formats them', () => {
    getDb().transaction((tx) => writeSettings(tx, { ticketNumberStart: 5000, ticketPrefix: 'HD-', ticketSuffix: '' }));
    const first = newTicket('First');
    const second = newTicket('Second');
    expect(first.number).toBe(5000);
    expect(second.number).toBe(5001);
    expect(second.displayNumber).toBe('HD-5001');
    expect(first.customer.company?.name).toBe('Acme');
  });

  it('matches the customer by email case-insensitively and stores the first message as theirs', () => {
    const a = newTicket('Again', 'CAROL@acme.test ');
    const b = newTicket('And again', 'carol@ACME.test');
    expect(a.customerId).toBe(b.customerId);
    const [first] = listRepliesPage({ ticketId: a.id, includePrivate: true }).replies;
    expect(first).toMatchObject({ authorKind: 'customer', authorEmail: 'carol@acme.test', body: 'Hello there' });
  });

  it('refuses invalid input and stores nothing', () => {
    const before = listTicketsForAgent({ agent: admin }).total;
    expect(() => newTicket('', 'not-an-email')).toThrowError(AppError);
    expect(listTicketsForAgent({ agent: admin }).total).toBe(before);
  });

  it('finds tickets by number in every written form and by words in subject and replies', () => {
    const ticket = newTicket('Printer on fire', 'dan@acme.test', 'The toner smells of burnt toast');
    for (const q of [String(ticket.number), `#${ticket.number}`, `HD-${ticket.number}`]) {
      expect(listTicketsForAgent({ agent: admin, q }).tickets.map((t) => t.id)).toContain(ticket.id);
    }
    expect(listTicketsForAgent({ agent: admin, q: 'burnt toast' }).tickets.map((t) => t.id)).toEqual([ticket.id]);
    expect(listTicketsForAgent({ agent: admin, q: 'printer' }).tickets.map((t) => t.id)).toEqual([ticket.id]);
    expect(listTicketsForAgent({ agent: admin, q: 'printer nowhere' }).tickets).toEqual([]);
    // LIKE wildcards typed by a person are literal.
    expect(listTicketsForAgent({ agent: admin, q: '%' }).tickets).toEqual([]);
  });

  it('filters by status and assignee, newest activity first', () => {
    const older = newTicket('Older');
    const newer = newTicket('Newer');
    updateTicket({ ticketId: older.id, agent: admin, input: { status: 'hold', assigneeEmail: 'agent@example.com' } });
    const held = listTicketsForAgent({ agent: admin, status: 'hold' }).tickets.map((t) => t.id);
    expect(held).toEqual([older.id]);
    expect(listTicketsForAgent({ agent, assignee: 'mine' }).tickets.map((t) => t.id)).toEqual([older.id]);
    const unassigned = listTicketsForAgent({ agent: admin, assignee: 'unassigned' }).tickets.map((t) => t.id);
    expect(unassigned).toContain(newer.id);
    expect(unassigned).not.toContain(older.id);
    // The status change made `older` the most recently active.
    expect(listTicketsForAgent({ agent: admin }).tickets[0].id).toBe(older.id);
  });

  it('keeps restricted agents to their own and unassigned tickets', () => {
    const mine = newTicket('Mine');
    const theirs = newTicket('Theirs');
    updateTicket({ ticketId: mine.id, agent: admin, input: { assigneeEmail: 'agent@example.com' } });
    updateTicket({ ticketId: theirs.id, agent: admin, input: { assigneeEmail: 'admin@example.com' } });
    getDb().transaction((tx) => writeSettings(tx, { restrictAgentsToAssigned: true }));
    try {
      const visible = listTicketsForAgent({ agent, q: '' }).tickets.map((t) => t.id);
      expect(visible).toContain(mine.id);
      expect(visible).not.toContain(theirs.id);
      expect(() => getTicketForAgent({ id: theirs.id, agent })).toThrowError(expect.objectContaining({ code: 'forbidden' }));
      expect(() => updateTicket({ ticketId: mine.id, agent, input: { assigneeEmail: 'admin@example.com' } })).toThrowError(
        expect.objectContaining({ code: 'forbidden' }),
      );
    } finally {
      getDb().transaction((tx) => writeSettings(tx, { restrictAgentsToAssigned: false }));
    }
  });

  it('answers 404 before 403 for tickets that do not exist', () => {
    expect(() => getTicketForAgent({ id: 999_999, agent })).toThrowError(expect.objectContaining({ code: 'not_found' }));
  });

  it('records replies and notes, opens new tickets on a public reply, and audits changes', () => {
    const ticket = newTicket('Audit me');
    addAgentReply({ ticketId: ticket.id, agent: admin, message: 'Internal only', private: 'on' });
    expect(getTicketForAgent({ id: ticket.id, agent: admin }).status).toBe('new');
    addAgentReply({ ticketId: ticket.id, agent: admin, message: 'We are on it' });
    expect(getTicketForAgent({ id: ticket.id, agent: admin }).status).toBe('open');
    expect(listRepliesPage({ ticketId: ticket.id, includePrivate: false }).replies.map((r) => r.body)).toEqual(['Hello there', 'We are on it']);
    expect(listAuditForTicket({ ticketId: ticket.id }).map((e) => e.action)).toEqual(['ticket.created', 'note.added', 'reply.added', 'ticket.status_changed']);
  });

  it('refuses an unknown status or assignee with a clear error', () => {
    const ticket = newTicket('Bad update');
    expect(() => updateTicket({ ticketId: ticket.id, agent: admin, input: { status: 'done' } })).toThrowError(
      expect.objectContaining({ code: 'validation_failed' }),
    );
    expect(() => updateTicket({ ticketId: ticket.id, agent: admin, input: { assigneeEmail: 'ghost@example.com' } })).toThrowError(
      /No agent has the email ghost@example.com/,
    );
  });
});
