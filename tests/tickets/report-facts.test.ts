import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { ticketReportFacts, type Agent } from '@/db/schema';
import { createAgent } from '@/lib/auth/agents';
import { getDb } from '@/lib/core/db';
import { reportFactsAsOf, runReportFactsPass } from '@/lib/tickets/report-facts';
import { hasReportFactsWork } from '@/lib/tickets/report-facts-due';
import { addAgentReply, createTicket, updateTicket } from '@/lib/tickets/tickets';

// The reports' background job follows tickets as they change through the normal code: replies, closing, reopening.

let agent: Agent;
beforeAll(async () => {
  agent = await createAgent({ email: 'facts-agent@example.com', name: 'Fay', password: 'password-1' }, { kind: 'system' });
});

const facts = (ticketId: number) => getDb().select().from(ticketReportFacts).where(eq(ticketReportFacts.ticketId, ticketId)).get();
const catchUp = () => {
  while (runReportFactsPass(getDb()) === 0);
  expect(hasReportFactsWork(getDb())).toBe(false);
};

describe('the reports’ job', () => {
  it('keeps a ticket’s row as it is answered, closed and reopened', () => {
    const ticket = createTicket({ subject: 'Facts', message: 'Help', customer: { email: 'facts@example.com' } }, { kind: 'public', source: 'web' });
    expect(hasReportFactsWork(getDb())).toBe(true);
    catchUp();
    expect(facts(ticket.id)).toMatchObject({ status: 'new', createdAt: ticket.createdAt.getTime(), firstResponseAt: null, closedAt: null, firstResponseBusinessMs: null });
    expect(reportFactsAsOf(getDb())).not.toBeNull();

    addAgentReply({ ticketId: ticket.id, agent, message: 'A private thought', private: true });
    catchUp();
    expect(facts(ticket.id)?.firstResponseAt).toBeNull();

    const reply = addAgentReply({ ticketId: ticket.id, agent, message: 'On it' });
    updateTicket({ ticketId: ticket.id, agent, input: { status: 'closed', assigneeId: agent.id } });
    catchUp();
    const closed = facts(ticket.id)!;
    expect(closed.firstResponseAt).toBe(reply.createdAt.getTime());
    expect(closed.firstResponseMs).toBe(reply.createdAt.getTime() - ticket.createdAt.getTime());
    expect(closed).toMatchObject({ status: 'closed', assigneeId: agent.id });
    expect(closed.closedAt).not.toBeNull();
    expect(closed.closedDay).toBe(new Date(closed.closedAt!).toISOString().slice(0, 10));
    expect(closed.resolutionMs).toBe(closed.closedAt! - ticket.createdAt.getTime());

    updateTicket({ ticketId: ticket.id, agent, input: { status: 'open' } });
    catchUp();
    expect(facts(ticket.id)).toMatchObject({ status: 'open', closedAt: null, closedDay: null, resolutionMs: null });
  });
});
