import { and, eq } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { events, outbox, type Agent } from '@/db/schema';
import { loadTicketView } from '@/lib/attachments/api-views';
import { getDb } from '@/lib/core/db';
import { composeOutboxMessage } from '@/lib/mail/compose';
import { addParticipant } from '@/lib/participants/participants';
import { closeThroughLink, reopenThroughLink } from '@/lib/participants/portal';
import { getRatingPage, rateThroughLink } from '@/lib/participants/ratings';
import { listTicketRatings, ratingRefusal } from '@/lib/tickets/ratings';
import { getTicketWithPeople } from '@/lib/tickets/records';
import { updateTicket } from '@/lib/tickets/tickets';
import { appErrorFrom } from '@/tests/support/helpers';
import { auditOf, newAgent, newTicket, setSettings, tokenOf, unique } from '@/tests/support/link-fixtures';
import { ticketUrlFor } from '@/lib/participants/link-access';

const DAY = 24 * 60 * 60 * 1000;
const asking = { askForRating: true, ratingAsksParticipants: true, participantsEnabled: true };

let closer: Agent;
let other: Agent;
beforeAll(async () => {
  closer = await newAgent('admin');
  other = await newAgent('agent');
});
beforeEach(() => setSettings({ ...asking, copyParticipants: false }));

/** A ticket with one participant, assigned to `other`, closed by `closer`; the links and the closing's event id. */
function closedTicket() {
  const ticket = newTicket();
  const guest = addParticipant({ ticketId: ticket.id, agent: closer, input: { email: `${unique('dan')}@guests.test`, name: 'Dan' } });
  updateTicket({ ticketId: ticket.id, agent: closer, input: { assigneeId: other.id } });
  updateTicket({ ticketId: ticket.id, agent: closer, input: { status: 'closed' } });
  const customerToken = tokenOf(ticketUrlFor(ticket, { kind: 'customer', id: ticket.customerId }));
  const guestToken = tokenOf(guest.ticketUrl);
  return { ticket, guest, customerToken, guestToken, closingId: lastClosingId(ticket.id) };
}

const lastClosingId = (ticketId: number) =>
  getDb().select({ id: events.id }).from(events).where(and(eq(events.ticketId, ticketId), eq(events.type, 'ticket.closed'))).all().at(-1)!.id;

const outboxOf = (ticketId: number, template: string) =>
  getDb().select().from(outbox).where(and(eq(outbox.ticketId, ticketId), eq(outbox.template, template))).all();

describe('rating rules', () => {
  const closing = { eventId: 5, closedAt: new Date('2026-12-01T10:00:00Z') };
  const base = { kind: 'customer' as const, closing, latestClosingId: 5, ticketStatus: 'closed' as const, settings: asking };

  it('allows the latest closing of a closed ticket for 7 days', () => {
    expect(ratingRefusal({ ...base, now: new Date(closing.closedAt.getTime() + 7 * DAY) })).toBeNull();
    expect(ratingRefusal({ ...base, now: new Date(closing.closedAt.getTime() + 7 * DAY + 1) })).toMatch(/for 7 days/);
  });

  it('refuses an earlier closing, or one of a ticket reopened since', () => {
    expect(ratingRefusal({ ...base, latestClosingId: 9, now: closing.closedAt })).toMatch(/reopened/);
    expect(ratingRefusal({ ...base, ticketStatus: 'open', now: closing.closedAt })).toMatch(/reopened/);
    expect(ratingRefusal({ ...base, closing: undefined, now: closing.closedAt })).toMatch(/does not belong/);
  });

  it('asks participants only when the team asks them too', () => {
    const now = closing.closedAt;
    expect(ratingRefusal({ ...base, kind: 'participant', now })).toBeNull();
    expect(ratingRefusal({ ...base, kind: 'participant', now, settings: { ...asking, ratingAsksParticipants: false } })).toMatch(/does not ask/);
    expect(ratingRefusal({ ...base, kind: 'participant', now, settings: { ...asking, participantsEnabled: false } })).toMatch(/does not ask/);
    expect(ratingRefusal({ ...base, now, settings: { ...asking, askForRating: false } })).toMatch(/does not ask/);
  });
});

describe('rating through one’s own link', () => {
  it('puts Good and Not good links, through each person’s own link, in the closing email', async () => {
    const { ticket, guest, closingId } = closedTicket();
    const rows = outboxOf(ticket.id, 'ticket_closed');
    // The participant is emailed although participants are not copied: they are asked for a rating.
    expect(rows.map((r) => r.toEmail).sort()).toEqual([ticket.customer.email, guest.email].sort());
    for (const row of rows) {
      const email = await composeOutboxMessage(row);
      const own = row.recipientKind === 'customer' ? ticketUrlFor(ticket, { kind: 'customer', id: ticket.customerId }) : guest.ticketUrl;
      expect(email.text).toContain('How did we do?');
      expect(email.text).toContain(`Good: ${own}/rate/${closingId}?rating=good`);
      expect(email.text).toContain(`Not good: ${own}/rate/${closingId}?rating=bad`);
      expect(email.html).toContain(`${own}/rate/${closingId}?rating=bad`);
    }
  });

  it('asks nobody while ratings are off', async () => {
    setSettings({ askForRating: false });
    const { ticket } = closedTicket();
    const rows = outboxOf(ticket.id, 'ticket_closed');
    expect(rows.map((r) => r.recipientKind)).toEqual(['customer']);
    expect((await composeOutboxMessage(rows[0])).text).not.toContain('How did we do?');
  });

  it('records nothing when the page is opened; one rating per person per closing, changeable', () => {
    const { ticket, customerToken, guestToken, closingId } = closedTicket();
    const page = getRatingPage({ token: customerToken, closingId: String(closingId) });
    expect(page).toMatchObject({ refusal: null, current: null });
    expect(listTicketRatings({ ticketId: ticket.id })).toEqual([]);

    rateThroughLink({ token: customerToken, closingId: String(closingId), input: { rating: 'good', comment: ' quick and clear ' } });
    rateThroughLink({ token: guestToken, closingId: String(closingId), input: { rating: 'bad' } });
    rateThroughLink({ token: customerToken, closingId: String(closingId), input: { rating: 'bad', comment: 'changed my mind' } });
    const rated = listTicketRatings({ ticketId: ticket.id });
    expect(rated.map((r) => [r.raterKind, r.rating, r.comment])).toEqual([
      ['customer', 'bad', 'changed my mind'],
      ['participant', 'bad', ''],
    ]);
    expect(rated[0]).toMatchObject({ closedByAgentId: closer.id, assigneeId: other.id, closingEventId: closingId });
    expect(getRatingPage({ token: customerToken, closingId }).current).toEqual({ rating: 'bad', comment: 'changed my mind' });
    expect(auditOf(ticket.id, 'rating.given')).toHaveLength(2);
    expect(auditOf(ticket.id, 'rating.changed')).toHaveLength(1);
  });

  it('tells the agent who closed the ticket about each new "Not good", once', () => {
    const { ticket, customerToken, guestToken, closingId } = closedTicket();
    rateThroughLink({ token: customerToken, closingId, input: { rating: 'good' } });
    expect(outboxOf(ticket.id, 'rating_bad')).toEqual([]);
    rateThroughLink({ token: guestToken, closingId, input: { rating: 'bad', comment: 'slow' } });
    rateThroughLink({ token: guestToken, closingId, input: { rating: 'bad', comment: 'slow, but fixed' } });
    const told = outboxOf(ticket.id, 'rating_bad');
    expect(told.map((r) => r.toEmail)).toEqual([closer.email]);
  });

  it('reads the "Not good" email with who rated and their comment', async () => {
    const { ticket, guestToken, closingId } = closedTicket();
    rateThroughLink({ token: guestToken, closingId, input: { rating: 'bad', comment: 'took a week' } });
    const email = await composeOutboxMessage(outboxOf(ticket.id, 'rating_bad')[0]);
    expect(email.subject).toContain('Not good');
    expect(email.text).toContain('Dan (participant) rated ticket');
    expect(email.text).toContain('took a week');
  });

  it('refuses a rating after 7 days, and bad input, and records nothing', async () => {
    const { ticket, customerToken, closingId } = closedTicket();
    const bad = await appErrorFrom(() => rateThroughLink({ token: customerToken, closingId, input: { rating: 'great' } }));
    expect(bad.fields).toEqual({ rating: 'Choose Good or Not good.' });
    getDb().update(events).set({ createdAt: new Date(Date.now() - 8 * DAY) }).where(eq(events.id, closingId)).run();
    const late = await appErrorFrom(() => rateThroughLink({ token: customerToken, closingId, input: { rating: 'good' } }));
    expect(late.code).toBe('conflict');
    expect(getRatingPage({ token: customerToken, closingId }).refusal).toMatch(/7 days/);
    expect(listTicketRatings({ ticketId: ticket.id })).toEqual([]);
  });

  it('asks again after the ticket is reopened and closed again; the earlier closing can no longer be rated', async () => {
    setSettings({ customersCanReopen: true });
    const { ticket, customerToken, closingId } = closedTicket();
    rateThroughLink({ token: customerToken, closingId, input: { rating: 'bad' } });
    reopenThroughLink({ token: customerToken });
    expect((await appErrorFrom(() => rateThroughLink({ token: customerToken, closingId, input: { rating: 'good' } }))).message).toMatch(/reopened/);
    updateTicket({ ticketId: ticket.id, agent: closer, input: { status: 'closed' } });
    const second = lastClosingId(ticket.id);
    expect(second).not.toBe(closingId);
    rateThroughLink({ token: customerToken, closingId: second, input: { rating: 'good', comment: 'sorted now' } });
    expect(listTicketRatings({ ticketId: ticket.id }).map((r) => [r.closingEventId, r.rating])).toEqual([
      [closingId, 'bad'],
      [second, 'good'],
    ]);
  });

  it('refuses a closing of another ticket, and participants while only customers are asked', async () => {
    const first = closedTicket();
    const second = closedTicket();
    expect((await appErrorFrom(() => rateThroughLink({ token: first.customerToken, closingId: second.closingId, input: { rating: 'good' } }))).code).toBe('not_found');
    setSettings({ ratingAsksParticipants: false });
    expect((await appErrorFrom(() => rateThroughLink({ token: first.guestToken, closingId: first.closingId, input: { rating: 'good' } }))).code).toBe('conflict');
  });

  it('shows the ratings on the ticket JSON with who gave them', () => {
    const { ticket, guest, customerToken, guestToken, closingId } = closedTicket();
    rateThroughLink({ token: customerToken, closingId, input: { rating: 'good', comment: 'quick and clear' } });
    rateThroughLink({ token: guestToken, closingId, input: { rating: 'bad' } });
    const view = loadTicketView(getTicketWithPeople({ id: ticket.id })!);
    expect(view.ratings).toEqual([
      { by: { email: ticket.customer.email, kind: 'customer' }, rating: 'good', comment: 'quick and clear', at: expect.any(String) },
      { by: { email: guest.email, kind: 'participant' }, rating: 'bad', comment: '', at: expect.any(String) },
    ]);
  });

  it('lets a customer who closed the ticket themselves rate it too', () => {
    const ticket = newTicket();
    const token = tokenOf(ticketUrlFor(ticket, { kind: 'customer', id: ticket.customerId }));
    closeThroughLink({ token });
    rateThroughLink({ token, closingId: lastClosingId(ticket.id), input: { rating: 'good' } });
    expect(listTicketRatings({ ticketId: ticket.id })).toHaveLength(1);
  });
});
