import { and, eq } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { outbox, type Agent } from '@/db/schema';
import { updateSettings } from '@/lib/auth/admin-settings';
import { getDb } from '@/lib/core/db';
import { addParticipant } from '@/lib/participants/participants';
import { replyThroughLink } from '@/lib/participants/portal';
import { runAutoClosePass } from '@/lib/tickets/auto-close';
import { msUntilAutoCloseStep } from '@/lib/tickets/auto-close-due';
import { getTicketById } from '@/lib/tickets/records';
import { updateTicket } from '@/lib/tickets/tickets';
import { appErrorFrom } from '@/tests/support/helpers';
import { auditOf, newAgent, newTicket, setSettings, tokenOf, unique } from '@/tests/support/link-fixtures';

const DAY = 24 * 60 * 60 * 1000;
let admin: Agent;
beforeAll(async () => {
  admin = await newAgent('admin');
});
beforeEach(() => setSettings({ autoCloseOnHoldDays: 7, participantsEnabled: true }));

const emails = (ticketId: number, template: string) =>
  getDb().select().from(outbox).where(and(eq(outbox.ticketId, ticketId), eq(outbox.template, template))).all().map((r) => r.toEmail).sort();

function ticketOnHold() {
  const ticket = newTicket();
  const guest = addParticipant({ ticketId: ticket.id, agent: admin, input: { email: `${unique('guest')}@guests.test` } });
  updateTicket({ ticketId: ticket.id, agent: admin, input: { status: 'hold' } });
  const since = getTicketById({ id: ticket.id })!.onHoldSince!.getTime();
  return { ticket, guest, since };
}

describe('auto-close', () => {
  it('reminds the customer and participants two days before, once, then closes the ticket once', () => {
    const { ticket, guest, since } = ticketOnHold();
    expect(runAutoClosePass(getDb(), since + 4 * DAY)).toBe(DAY);
    expect(emails(ticket.id, 'auto_close_reminder')).toEqual([]);

    // Two passes at the same moment (or one repeated after a crash): one reminder each.
    runAutoClosePass(getDb(), since + 5 * DAY);
    runAutoClosePass(getDb(), since + 5 * DAY);
    expect(emails(ticket.id, 'auto_close_reminder')).toEqual([ticket.customer.email, guest.email].sort());
    expect(getTicketById({ id: ticket.id })!.status).toBe('hold');
    expect(msUntilAutoCloseStep(getDb(), since + 5 * DAY)).toBeGreaterThan(0);

    runAutoClosePass(getDb(), since + 7 * DAY);
    runAutoClosePass(getDb(), since + 7 * DAY);
    expect(getTicketById({ id: ticket.id })).toMatchObject({ status: 'closed', onHoldSince: null, autoCloseRemindedAt: null });
    expect(auditOf(ticket.id, 'ticket.status_changed').at(-1)).toMatchObject({ actorKind: 'system', detail: { from: 'hold', to: 'closed', automatic: true } });
    expect(emails(ticket.id, 'ticket_closed')).toContain(ticket.customer.email);
    expect(emails(ticket.id, 'auto_close_reminder')).toHaveLength(2);
  });

  it('keeps the ticket open when someone replies, and counts again from the next hold', () => {
    const { ticket, since } = ticketOnHold();
    runAutoClosePass(getDb(), since + 5 * DAY);
    const guest = addParticipant({ ticketId: ticket.id, agent: admin, input: { email: `${unique('late')}@guests.test` } });
    replyThroughLink({ token: tokenOf(guest.ticketUrl), input: { email: guest.email, message: 'Still broken' } });
    const reopened = getTicketById({ id: ticket.id })!;
    expect(reopened.status).toBe('open');
    expect(reopened.onHoldSince).toBeNull();
    runAutoClosePass(getDb(), since + 30 * DAY);
    expect(getTicketById({ id: ticket.id })!.status).toBe('open');
  });

  it('leaves snoozed tickets alone, and does nothing while it is off', () => {
    const snoozed = ticketOnHold();
    updateTicket({ ticketId: snoozed.ticket.id, agent: admin, input: { snoozeUntil: new Date(Date.now() + 60 * DAY).toISOString() } });
    setSettings({ autoCloseOnHoldDays: null });
    const off = ticketOnHold();
    expect(runAutoClosePass(getDb(), off.since + 30 * DAY)).toBeNull();
    expect(getTicketById({ id: off.ticket.id })!.status).toBe('hold');
    setSettings({ autoCloseOnHoldDays: 7 });
    runAutoClosePass(getDb(), snoozed.since + 30 * DAY);
    runAutoClosePass(getDb(), snoozed.since + 30 * DAY + 3 * DAY);
    expect(getTicketById({ id: snoozed.ticket.id })!.status).toBe('hold');
    expect(emails(snoozed.ticket.id, 'auto_close_reminder')).toEqual([]);
  });

  it('is a setting of at least 3 days, or off', async () => {
    const error = await appErrorFrom(() => updateSettings({ agent: admin, input: { autoCloseOnHoldDays: 2 } }));
    expect(error.fields).toEqual({ autoCloseOnHoldDays: 'must be at least 3 days (the reminder goes out 2 days before)' });
    expect(updateSettings({ agent: admin, input: { autoCloseOnHoldDays: 14 } }).autoCloseOnHoldDays).toBe(14);
    expect(updateSettings({ agent: admin, input: { autoCloseOnHoldDays: null } }).autoCloseOnHoldDays).toBeNull();
  });
});
