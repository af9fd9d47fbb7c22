import { and, eq } from 'drizzle-orm';
import { auditLog, events, replies } from '@/db/schema';
import { createAgent } from '@/lib/auth/agents';
import { systemActor } from '@/lib/core/audit';
import { createCustomer } from '@/lib/people/customers';
import { getDb } from '@/lib/core/db';
import { writeSettings, type SettingsPatch } from '@/lib/core/settings';
import { createTicket } from '@/lib/tickets/tickets';

// Shared set-up for the tests of personal links, participants and the ticket portal (each file has its own database).

let counter = 0;
export const unique = (label: string) => `${label}-${++counter}`;

export const newAgent = (role: 'admin' | 'agent' = 'admin') =>
  createAgent({ email: `${unique(role)}@team.test`, name: unique('Agent'), password: 'password-123', role }, systemActor);

/** A ticket whose customer works at `company` (a fresh company unless one is named). */
export function newTicket({ company = unique('Company'), email = `${unique('customer')}@customer.test`, name = 'Carol Customer' } = {}) {
  return createTicket({ subject: unique('Subject'), message: 'First message', customer: { email, name, company } }, { kind: 'public', source: 'web' });
}

export const newCustomer = (input: { email?: string; name?: string; company?: string } = {}) =>
  createCustomer({ email: `${unique('person')}@customer.test`, name: 'Someone', ...input }, systemActor);

export const setSettings = (patch: SettingsPatch) => getDb().transaction((tx) => writeSettings(tx, patch));

/** The token at the end of a ticketUrl. */
export const tokenOf = (url: string) => url.slice(url.lastIndexOf('/t/') + 3);

export const repliesOf = (ticketId: number) => getDb().select().from(replies).where(eq(replies.ticketId, ticketId)).all();

export const auditOf = (ticketId: number, action: string) =>
  getDb()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.ticketId, ticketId), eq(auditLog.action, action)))
    .all()
    .map((row) => ({ ...row, detail: JSON.parse(row.detail) as Record<string, unknown> }));

export const eventsOf = (ticketId: number, type: string) =>
  getDb()
    .select()
    .from(events)
    .where(and(eq(events.ticketId, ticketId), eq(events.type, type)))
    .all()
    .map((row) => ({ ...row, payload: JSON.parse(row.payload) as Record<string, unknown> }));
