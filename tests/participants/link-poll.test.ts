import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Agent } from '@/db/schema';
import { getSqlite } from '@/lib/core/db';
import { ticketUrlFor } from '@/lib/participants/link-access';
import { linkPollSql, pollTicketForLink } from '@/lib/participants/link-poll';
import { addParticipant, removeParticipant } from '@/lib/participants/participants';
import { getTicketWithPeople } from '@/lib/tickets/records';
import { rotateTicketLinks } from '@/lib/tickets/tickets';
import { newAgent, newTicket, setSettings, tokenOf } from '@/tests/support/link-fixtures';

let admin: Agent;
beforeAll(async () => {
  admin = await newAgent('admin');
});
beforeEach(() => setSettings({ participantsEnabled: true, restrictAgentsToAssigned: false }));

describe('pollTicketForLink', () => {
  it('answers while the link opens the ticket, and refuses it (404, as for a forged one) once rotated, removed or disabled', () => {
    const ticket = newTicket();
    const customerToken = tokenOf(ticketUrlFor(ticket, { kind: 'customer', id: ticket.customerId }));
    const guest = addParticipant({ ticketId: ticket.id, agent: admin, input: { email: 'live-guest@guests.test' } });
    const guestToken = tokenOf(guest.ticketUrl);
    expect(pollTicketForLink({ token: customerToken }).ok).toBe(true);
    expect(pollTicketForLink({ token: guestToken }).ok).toBe(true);
    expect(pollTicketForLink({ token: `${customerToken.slice(0, -1)}A` })).toEqual({ ok: false, status: 404 });

    setSettings({ participantsEnabled: false });
    expect(pollTicketForLink({ token: guestToken })).toEqual({ ok: false, status: 404 });
    expect(pollTicketForLink({ token: customerToken }).ok).toBe(true);
    setSettings({ participantsEnabled: true });
    removeParticipant({ ticketId: ticket.id, participantId: guest.id, agent: admin });
    expect(pollTicketForLink({ token: guestToken })).toEqual({ ok: false, status: 404 });
    rotateTicketLinks({ ticketId: ticket.id, agent: admin });
    expect(pollTicketForLink({ token: customerToken })).toEqual({ ok: false, status: 404 });
    // The customer's new link carries the customer's own link version.
    const rotated = getTicketWithPeople({ id: ticket.id })!;
    expect(pollTicketForLink({ token: tokenOf(ticketUrlFor(rotated, { kind: 'customer', id: rotated.customerId })) }).ok).toBe(true);
  });
});

it('the link poll statement uses indexes only', () => {
  const plan = (getSqlite().prepare(`explain query plan ${linkPollSql}`).all({ ticketId: 1, participantId: 1 }) as { detail: string }[]).map((row) => row.detail);
  expect(plan.filter((detail) => /^SCAN /.test(detail))).toEqual([]);
  expect(plan.join('\n')).not.toMatch(/TEMP B-TREE/);
});
