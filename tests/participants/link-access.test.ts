import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Agent } from '@/db/schema';
import { readUnverifiedClaims, signAccessToken } from '@/lib/participants/links';
import { isRecipientTokenCurrent, linkRefusalMessages, requireAccessLink, resolveAccessLink, ticketUrlFor } from '@/lib/participants/link-access';
import { getAuthSecret } from '@/lib/core/env';
import { addParticipant, removeParticipant } from '@/lib/participants/participants';
import { rotateTicketLinks } from '@/lib/tickets/tickets';
import { getTicketById } from '@/lib/tickets/records';
import { appErrorFrom } from '@/tests/support/helpers';
import { newAgent, newTicket, setSettings, tokenOf } from '@/tests/support/link-fixtures';

let admin: Agent;
beforeAll(async () => {
  admin = await newAgent('admin');
});
beforeEach(() => setSettings({ participantsEnabled: true }));

const customerToken = (ticket: { id: number; linkVersion: number; customerLinkVersion: number; customerId: number }) =>
  tokenOf(ticketUrlFor(ticket, { kind: 'customer', id: ticket.customerId }));

function ticketWithParticipants(count = 1) {
  const ticket = newTicket();
  const people = Array.from({ length: count }, (_, i) =>
    addParticipant({ ticketId: ticket.id, agent: admin, input: { email: `guest${i}-${ticket.id}@guests.test`, name: `Guest ${i}` } }),
  );
  return { ticket, people };
}

/** Re-signs a token's claims with the real secret after changing them: a correctly signed link to the wrong thing. */
function resigned(token: string, change: (claims: NonNullable<ReturnType<typeof readUnverifiedClaims>>) => void) {
  const claims = readUnverifiedClaims(token)!;
  change(claims);
  return signAccessToken(claims, getAuthSecret());
}

const alterOneChar = (token: string) => {
  const i = token.length - 10;
  return token.slice(0, i) + (token[i] === 'A' ? 'B' : 'A') + token.slice(i + 1);
};

describe('ticketUrlFor', () => {
  it('makes an unguessable link under APP_URL', () => {
    const ticket = newTicket();
    expect(ticketUrlFor(ticket, { kind: 'customer', id: ticket.customerId })).toMatch(
      new RegExp(`^http://parley\\.test/t/${ticket.id}\\.c${ticket.customerId}\\.1\\.[A-Za-z0-9_-]{43}$`),
    );
  });
});

describe('resolveAccessLink', () => {
  it('lets the ticket’s customer in, named from the customer record', () => {
    const ticket = newTicket({ email: 'Carol.Link@Customer.test', name: 'Carol Link' });
    const result = resolveAccessLink(customerToken(ticket));
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.access.ticket.id).toBe(ticket.id);
      expect(result.access.holder).toEqual({ kind: 'customer', id: ticket.customerId, email: 'carol.link@customer.test', name: 'Carol Link' });
    }
  });

  it('lets a current participant in, named from their participant record', () => {
    const { ticket, people } = ticketWithParticipants();
    const result = resolveAccessLink(tokenOf(people[0].ticketUrl));
    expect(result.ok && result.access.holder).toEqual({ kind: 'participant', id: people[0].id, email: people[0].email, name: 'Guest 0' });
    expect(result.ok && result.access.ticket.id).toBe(ticket.id);
  });

  it('refuses an altered link as invalid', () => {
    const { ticket, people } = ticketWithParticipants();
    expect(resolveAccessLink(alterOneChar(customerToken(ticket)))).toEqual({ ok: false, reason: 'invalid' });
    expect(resolveAccessLink(alterOneChar(tokenOf(people[0].ticketUrl)))).toEqual({ ok: false, reason: 'invalid' });
    expect(resolveAccessLink('')).toEqual({ ok: false, reason: 'invalid' });
    expect(resolveAccessLink('not a token')).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuses a link signed with another secret', () => {
    const ticket = newTicket();
    const forged = signAccessToken({ ticketId: ticket.id, holder: { kind: 'customer', id: ticket.customerId }, version: 1 }, 'some-other-secret-0123456789abcdef');
    expect(resolveAccessLink(forged)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuses one ticket’s link edited to name another ticket', () => {
    const first = newTicket();
    const second = newTicket();
    const token = customerToken(first);
    // Unsigned edit: the signature no longer matches.
    expect(resolveAccessLink(token.replace(`${first.id}.`, `${second.id}.`))).toEqual({ ok: false, reason: 'invalid' });
    // Correctly signed, but the holder is not on that ticket.
    expect(resolveAccessLink(resigned(token, (c) => (c.ticketId = second.id)))).toEqual({ ok: false, reason: 'revoked' });
  });

  it('refuses a participant’s link moved to another ticket or to the customer', () => {
    const { people } = ticketWithParticipants();
    const other = newTicket();
    const token = tokenOf(people[0].ticketUrl);
    expect(resolveAccessLink(resigned(token, (c) => (c.ticketId = other.id)))).toEqual({ ok: false, reason: 'revoked' });
    expect(resolveAccessLink(resigned(token, (c) => (c.holder = { kind: 'customer', id: people[0].id })))).toEqual({ ok: false, reason: 'revoked' });
  });

  it('refuses a participant’s link edited to name another participant', () => {
    const { people } = ticketWithParticipants(2);
    const edited = tokenOf(people[0].ticketUrl).replace(`.p${people[0].id}.`, `.p${people[1].id}.`);
    expect(resolveAccessLink(edited)).toEqual({ ok: false, reason: 'invalid' });
    // The other participant's own link still works.
    expect(resolveAccessLink(tokenOf(people[1].ticketUrl)).ok).toBe(true);
  });

  it('refuses every link handed out before the ticket’s links were rotated, and accepts the new ones', () => {
    const { ticket, people } = ticketWithParticipants();
    const oldCustomer = customerToken(ticket);
    const oldParticipant = tokenOf(people[0].ticketUrl);
    rotateTicketLinks({ ticketId: ticket.id, agent: admin });
    expect(resolveAccessLink(oldCustomer)).toEqual({ ok: false, reason: 'revoked' });
    expect(resolveAccessLink(oldParticipant)).toEqual({ ok: false, reason: 'revoked' });

    const rotated = getTicketById({ id: ticket.id })!;
    expect(rotated.linkVersion).toBe(2);
    expect(resolveAccessLink(customerToken(rotated)).ok).toBe(true);
    expect(resolveAccessLink(tokenOf(ticketUrlFor(rotated, { kind: 'participant', id: people[0].id }))).ok).toBe(true);
    // A version from the future is no better than one from the past.
    expect(resolveAccessLink(resigned(oldCustomer, (c) => (c.version = 3)))).toEqual({ ok: false, reason: 'revoked' });
  });

  it('refuses a removed participant’s link at once, even after they are added again', () => {
    const { ticket, people } = ticketWithParticipants();
    const token = tokenOf(people[0].ticketUrl);
    removeParticipant({ ticketId: ticket.id, participantId: people[0].id, agent: admin });
    expect(resolveAccessLink(token)).toEqual({ ok: false, reason: 'revoked' });

    const again = addParticipant({ ticketId: ticket.id, agent: admin, input: { email: people[0].email } });
    expect(again.id).not.toBe(people[0].id);
    expect(resolveAccessLink(token)).toEqual({ ok: false, reason: 'revoked' });
    expect(resolveAccessLink(tokenOf(again.ticketUrl)).ok).toBe(true);
  });

  it('refuses participants’ links while participants are disabled and restores them when enabled again', () => {
    const { ticket, people } = ticketWithParticipants();
    const token = tokenOf(people[0].ticketUrl);
    setSettings({ participantsEnabled: false });
    expect(resolveAccessLink(token)).toEqual({ ok: false, reason: 'disabled' });
    // The customer is not affected.
    expect(resolveAccessLink(customerToken(ticket)).ok).toBe(true);
    setSettings({ participantsEnabled: true });
    expect(resolveAccessLink(token).ok).toBe(true);
  });

  it('refuses a customer link once the ticket belongs to someone else, and a link to a ticket that does not exist', () => {
    const ticket = newTicket();
    const token = customerToken(ticket);
    expect(resolveAccessLink(resigned(token, (c) => (c.holder.id = ticket.customerId + 1000)))).toEqual({ ok: false, reason: 'revoked' });
    expect(resolveAccessLink(resigned(token, (c) => (c.ticketId = 999_999)))).toEqual({ ok: false, reason: 'revoked' });
  });
});

describe('isRecipientTokenCurrent (reply+ addresses and unsubscribe links)', () => {
  it('holds while the holder’s link version, customer and participation are what the token names', () => {
    const { ticket, people } = ticketWithParticipants();
    const customer = { kind: 'customer' as const, id: ticket.customerId };
    const participant = { kind: 'participant' as const, id: people[0].id };
    const current = (recipient: typeof customer | typeof participant, version: number, ticketId = ticket.id) => isRecipientTokenCurrent({ ticketId, recipient, version });
    expect(current(customer, 1)).toBe(true);
    expect(current(participant, 1)).toBe(true);
    expect(current(customer, 2)).toBe(false);
    expect(current(participant, 2)).toBe(false);
    expect(current({ kind: 'customer', id: ticket.customerId + 1000 }, 1)).toBe(false);
    expect(current({ kind: 'participant', id: people[0].id + 1000 }, 1)).toBe(false);
    expect(current(customer, 1, 999_999)).toBe(false);
    // The participant's version is the ticket's, the customer's their own.
    rotateTicketLinks({ ticketId: ticket.id, agent: admin });
    expect([current(customer, 1), current(participant, 1), current(customer, 2), current(participant, 2)]).toEqual([false, false, true, true]);
    removeParticipant({ ticketId: ticket.id, participantId: people[0].id, agent: admin });
    expect(current(participant, 2)).toBe(false);
    // Participants turned off make their tokens no less current: what they may do then is decided elsewhere.
    setSettings({ participantsEnabled: false });
    expect(current(customer, 2)).toBe(true);
  });

  it('an agent’s token names no link and never goes stale', () => {
    expect(isRecipientTokenCurrent({ ticketId: 999_999, recipient: { kind: 'agent', id: 1 }, version: 7 })).toBe(true);
  });
});

describe('requireAccessLink', () => {
  it('answers a refused link with a 403 that explains why', async () => {
    const error = await appErrorFrom(() => requireAccessLink('1.c1.1.' + 'A'.repeat(43)));
    expect(error.status).toBe(403);
    expect(error.message).toBe(linkRefusalMessages.invalid);
  });
});
