import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import * as schema from '@/db/schema';
import { outbox, serviceLevelOutcomes, tickets, type Agent } from '@/db/schema';
import { createAgent } from '@/lib/auth/agents';
import { updateServiceLevels } from '@/lib/auth/admin-settings';
import { getDb, type Db } from '@/lib/core/db';
import { defaultSettings } from '@/lib/core/settings';
import { msUntilServiceLevelWork } from '@/lib/tickets/service-level-due';
import { runServiceLevelPass, sendDueAlerts } from '@/lib/tickets/service-level-sync';
import { addAgentReply, createTicket, updateTicket } from '@/lib/tickets/tickets';

let admin: Agent;
let agent: Agent;
const allDay = [['00:00', '24:00']] as [string, string][];
const MINUTE = 60_000;

beforeAll(async () => {
  admin = await createAgent({ email: 'sync-admin@example.com', name: 'Ada', password: 'password-1', role: 'admin' }, { kind: 'system' });
  agent = await createAgent({ email: 'sync-agent@example.com', name: 'Bo', password: 'password-2' }, { kind: 'system' });
  updateServiceLevels({
    agent: admin,
    input: {
      ...defaultSettings.serviceLevels,
      week: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
      targets: { ...defaultSettings.serviceLevels.targets, urgent: { firstResponse: 60, nextResponse: null, resolution: null } },
      warnBeforeMinutes: 15,
    },
  });
});

const newTicket = (subject: string) => createTicket({ subject, message: 'Help', customer: { email: 'sync@example.com' } }, { kind: 'public', source: 'web' });
const stored = (id: number) => getDb().select().from(tickets).where(eq(tickets.id, id)).get()!;
const alertsTo = (ticketId: number, template: string) =>
  getDb().select().from(outbox).where(and(eq(outbox.ticketId, ticketId), eq(outbox.template, template))).all();

describe('the service-level job', () => {
  it('keeps each ticket’s due time and next alert time, and records met once', () => {
    const ticket = newTicket('Urgent thing');
    updateTicket({ ticketId: ticket.id, agent, input: { priority: 'urgent' } });
    const now = Date.now();
    runServiceLevelPass(getDb(), now);
    const due = ticket.createdAt.getTime() + 60 * MINUTE;
    expect(stored(ticket.id).slaDueAt?.getTime()).toBe(due);
    expect(stored(ticket.id).slaAlertAt?.getTime()).toBe(due - 15 * MINUTE);
    expect(msUntilServiceLevelWork(getDb(), now)).toBeGreaterThan(0);

    addAgentReply({ ticketId: ticket.id, agent, message: 'Looking' });
    expect(msUntilServiceLevelWork(getDb(), now)).toBe(0);
    runServiceLevelPass(getDb(), now);
    runServiceLevelPass(getDb(), now);
    expect(stored(ticket.id)).toMatchObject({ slaDueAt: null, slaAlertAt: null });
    const outcomes = getDb().select().from(serviceLevelOutcomes).where(eq(serviceLevelOutcomes.ticketId, ticket.id)).all();
    expect(outcomes).toMatchObject([{ target: 'firstResponse', outcome: 'met' }]);
  });

  it('emails the warning and the miss once each, to the assignee, even when two passes run at once on two connections', async () => {
    const ticket = newTicket('Going to be late');
    updateTicket({ ticketId: ticket.id, agent, input: { priority: 'urgent', assigneeId: agent.id } });
    const created = ticket.createdAt.getTime();
    runServiceLevelPass(getDb(), created);
    // A second connection to the same file, as a second thread (or a restarted one) would have.
    const other = drizzle(new Database(process.env.DATABASE_PATH!), { schema }) as unknown as Db;
    const warnTime = created + 50 * MINUTE;
    await Promise.all([Promise.resolve().then(() => sendDueAlerts(getDb(), warnTime)), Promise.resolve().then(() => sendDueAlerts(other, warnTime))]);
    sendDueAlerts(other, warnTime + MINUTE);
    expect(alertsTo(ticket.id, 'sla_warning').map((row) => row.toEmail)).toEqual(['sync-agent@example.com']);
    expect(alertsTo(ticket.id, 'sla_missed')).toHaveLength(0);

    const late = created + 61 * MINUTE;
    await Promise.all([Promise.resolve().then(() => runServiceLevelPass(getDb(), late)), Promise.resolve().then(() => runServiceLevelPass(other, late))]);
    runServiceLevelPass(getDb(), late + 10 * MINUTE);
    expect(alertsTo(ticket.id, 'sla_missed').map((row) => row.toEmail)).toEqual(['sync-agent@example.com']);
    expect(alertsTo(ticket.id, 'sla_warning')).toHaveLength(1);
    expect(stored(ticket.id).slaAlertAt).toBeNull();
    expect(getDb().select().from(serviceLevelOutcomes).where(eq(serviceLevelOutcomes.ticketId, ticket.id)).all()).toMatchObject([{ target: 'firstResponse', outcome: 'missed' }]);
  });

  it('emails every agent who may see an unassigned ticket; nothing for a ticket answered in time', () => {
    const unassigned = newTicket('Nobody has it');
    const answered = newTicket('Answered');
    for (const t of [unassigned, answered]) updateTicket({ ticketId: t.id, agent: admin, input: { priority: 'urgent' } });
    addAgentReply({ ticketId: answered.id, agent, message: 'Done' });
    const late = unassigned.createdAt.getTime() + 61 * MINUTE;
    runServiceLevelPass(getDb(), unassigned.createdAt.getTime());
    runServiceLevelPass(getDb(), late);
    expect(alertsTo(unassigned.id, 'sla_missed').map((row) => row.toEmail).sort()).toEqual(['sync-admin@example.com', 'sync-agent@example.com']);
    expect(alertsTo(answered.id, 'sla_missed')).toHaveLength(0);
    expect(alertsTo(answered.id, 'sla_warning')).toHaveLength(0);
  });
});

describe('a new calendar', () => {
  it('makes the job look at every ticket again', async () => {
    const { getSettings } = await import('@/lib/core/settings');
    const { readJobCursor, SERVICE_LEVEL_CURSOR } = await import('@/lib/core/job-cursors');
    runServiceLevelPass(getDb(), Date.now());
    expect(msUntilServiceLevelWork(getDb(), Date.now())).not.toBe(0);
    updateServiceLevels({ agent: admin, input: { ...getSettings().serviceLevels, warnBeforeMinutes: 20 } });
    expect(readJobCursor(getDb(), SERVICE_LEVEL_CURSOR)).toEqual({ at: 0, id: 0 });
    expect(msUntilServiceLevelWork(getDb(), Date.now())).toBe(0);
  });
});
