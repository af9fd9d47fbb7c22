import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import * as schema from '@/db/schema';
import { outbox, type Agent } from '@/db/schema';
import { createAgent } from '@/lib/auth/agents';
import { listAuditForTicket } from '@/lib/core/audit';
import { getDb, type Db } from '@/lib/core/db';
import { zonedDateTimeToInstant } from '@/lib/tickets/business-hours';
import { wakeSnoozedTickets } from '@/lib/tickets/snooze';
import { createTicket, getTicketForAgent, updateTicket } from '@/lib/tickets/tickets';
import { appErrorFrom } from '@/tests/support/helpers';

let agent: Agent;
const DAY = 86_400_000;

beforeAll(async () => {
  agent = await createAgent({ email: 'snooze@example.com', name: 'Bo', password: 'password-2' }, { kind: 'system' });
});

const newTicket = () => createTicket({ subject: 'Snooze me', message: 'Later', customer: { email: 'later@example.com' } }, { kind: 'public', source: 'web' });

describe('snooze', () => {
  it('puts the ticket on hold until then; a time in the past or a bad one is refused, changing nothing', async () => {
    const ticket = newTicket();
    for (const snoozeUntil of [new Date(Date.now() - 60_000).toISOString(), 'tomorrow', '2026-13-01T09:00:00Z']) {
      const error = await appErrorFrom(() => updateTicket({ ticketId: ticket.id, agent, input: { snoozeUntil } }));
      expect(error.fields).toHaveProperty('snoozeUntil');
    }
    expect((await appErrorFrom(() => updateTicket({ ticketId: ticket.id, agent, input: { snoozeUntil: new Date(Date.now() + DAY).toISOString(), status: 'open' } }))).fields).toHaveProperty('status');
    expect(getTicketForAgent({ id: ticket.id, agent })).toMatchObject({ status: 'new', snoozedUntil: null });
    const until = new Date(Date.now() + DAY);
    expect(updateTicket({ ticketId: ticket.id, agent, input: { snoozeUntil: until.toISOString() } })).toMatchObject({ status: 'hold', snoozedUntil: until });
    // Taken off hold by hand, the snooze is over.
    expect(updateTicket({ ticketId: ticket.id, agent, input: { status: 'open' } }).snoozedUntil).toBeNull();
  });

  it('reopens once when its time comes, even with two passes at once on two connections, and tells the assignee', async () => {
    const ticket = newTicket();
    const until = new Date(Date.now() + DAY);
    updateTicket({ ticketId: ticket.id, agent, input: { snoozeUntil: until.toISOString(), assigneeId: agent.id } });
    expect(wakeSnoozedTickets(getDb(), Date.now())).toBe(0);
    const other = drizzle(new Database(process.env.DATABASE_PATH!), { schema }) as unknown as Db;
    const later = until.getTime() + 1000;
    const woken = await Promise.all([Promise.resolve().then(() => wakeSnoozedTickets(getDb(), later)), Promise.resolve().then(() => wakeSnoozedTickets(other, later))]);
    expect(woken.reduce((a, b) => a + b, 0)).toBe(1);
    expect(getTicketForAgent({ id: ticket.id, agent })).toMatchObject({ status: 'open', snoozedUntil: null });
    const emails = getDb().select().from(outbox).where(and(eq(outbox.ticketId, ticket.id), eq(outbox.template, 'snooze_ended'))).all();
    expect(emails.map((e) => e.toEmail)).toEqual(['snooze@example.com']);
    expect(listAuditForTicket({ ticketId: ticket.id }).filter((e) => e.action === 'ticket.snooze_ended')).toHaveLength(1);
  });

  it('reads a datetime-local value in the team’s time zone', () => {
    expect(zonedDateTimeToInstant('Europe/Berlin', '2026-07-01T09:30')?.toISOString()).toBe('2026-07-01T07:30:00.000Z');
    expect(zonedDateTimeToInstant('UTC', 'next week')).toBeNull();
  });
});
