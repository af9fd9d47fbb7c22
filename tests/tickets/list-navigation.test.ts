import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { tickets, type Agent } from '@/db/schema';
import { createAgent } from '@/lib/auth/agents';
import { getDb } from '@/lib/core/db';
import { ticketListContext } from '@/lib/tickets/list-context';
import { decodePosition, encodePosition, listParams, parseListParam, positionOf, ticketInListHref } from '@/lib/tickets/list-navigation';
import { getTicketWithPeople } from '@/lib/tickets/records';
import { addAgentReply, createTicket, listTicketsForAgent, nextTicketInList, updateTicket } from '@/lib/tickets/tickets';
import { createSavedView, deleteSavedView } from '@/lib/tickets/views';

let admin: Agent;
let other: Agent;
const ids: number[] = [];
const word = `navword${Date.now()}`;

beforeAll(async () => {
  admin = await createAgent({ email: 'nav-admin@example.com', name: 'Nav Admin', password: 'password-1', role: 'admin' }, { kind: 'system' });
  other = await createAgent({ email: 'nav-other@example.com', name: 'Nav Other', password: 'password-2' }, { kind: 'system' });
  // Five tickets, one minute of activity apart: the newest (index 4) heads "Last activity".
  for (let i = 0; i < 5; i++) {
    const ticket = createTicket({ subject: `Nav ${i} ${word}`, message: 'Hello', customer: { email: `nav-${i}@example.com` } }, { kind: 'public', source: 'web' });
    getDb().update(tickets).set({ lastActivityAt: new Date(Date.UTC(2026, 0, 1, 9, i)) }).where(eq(tickets.id, ticket.id)).run();
    ids.push(ticket.id);
  }
});

const ticketOf = (id: number) => getTicketWithPeople({ id })!;
const listIds = (query: Parameters<typeof listTicketsForAgent>[0]) => listTicketsForAgent(query).tickets.map((t) => t.id);

describe('positions and the carried list', () => {
  it('encodes a ticket’s sort key and reads back only a well-formed one for the same order', () => {
    const ticket = ticketOf(ids[0]);
    const activity = positionOf(ticket, 'activity')!;
    expect(activity).toEqual([ticket.lastActivityAt.getTime(), ticket.id]);
    expect(decodePosition(encodePosition(activity), 'activity')).toEqual(activity);
    expect(positionOf(ticket, 'priority')).toEqual([1, ticket.lastActivityAt.getTime(), ticket.id]);
    expect(positionOf(ticket, 'due')).toBeNull();
    // Made for another order, tampered with, or absurd: not a position.
    for (const raw of [encodePosition(activity), '1.2.x', '', undefined, '1e5.3.4', `${'9'.repeat(17)}.1.1`]) {
      expect(decodePosition(raw, 'priority')).toBeNull();
    }
  });

  it('keeps a list’s non-default filters, or a saved view alone, in the ticket’s address', () => {
    const list = listParams({ status: 'open', assignee: 'any', q: ' printer ', sort: 'activity', tag: '' });
    expect(list).toBe('status=open&q=printer');
    expect(listParams({ status: 'open' }, 12)).toBe('view=12');
    expect(ticketInListHref(7, list, [5, 7])).toBe('/tickets/7?list=status%3Dopen%26q%3Dprinter&at=5.7');
    expect(ticketInListHref(7, '', null)).toBe('/tickets/7');
    expect(parseListParam('status=open&q=printer&page=3&evil=1')).toEqual({ viewId: null, params: { status: 'open', q: 'printer' } });
    expect(parseListParam('view=12')).toEqual({ viewId: 12, params: {} });
    expect(parseListParam('view=abc')).toEqual({ viewId: null, params: {} });
    expect(parseListParam('q=' + 'x'.repeat(700))).toEqual({ viewId: null, params: {} });
  });
});

describe('the next ticket of a list', () => {
  it('follows the list’s order from where the ticket stood, even after working it moved it', () => {
    expect(listIds({ agent: admin, q: word })).toEqual([...ids].reverse());
    const third = ticketOf(ids[2]);
    const at = positionOf(third, 'activity')!;
    expect(nextTicketInList({ agent: admin, query: { q: word }, after: at, ticketId: third.id })?.id).toBe(ids[1]);
    // A reply puts the ticket at the top of "Last activity"; from its carried place the next one is still the same.
    addAgentReply({ ticketId: third.id, agent: admin, message: 'On it.' });
    expect(listIds({ agent: admin, q: word })[0]).toBe(third.id);
    expect(nextTicketInList({ agent: admin, query: { q: word }, after: at, ticketId: third.id })?.id).toBe(ids[1]);
    // The last one has no next.
    const last = ticketOf(ids[0]);
    expect(nextTicketInList({ agent: admin, query: { q: word }, after: positionOf(last, 'activity')!, ticketId: last.id })).toBeNull();
  });

  it('keeps to the list’s filters: a ticket closed on the way is left behind, other statuses are skipped', () => {
    const query = { q: word, status: 'new' as const };
    updateTicket({ ticketId: ids[1], agent: admin, input: { status: 'hold' } });
    const fourth = ticketOf(ids[3]);
    const at = positionOf(fourth, 'activity')!;
    updateTicket({ ticketId: fourth.id, agent: admin, input: { status: 'closed' } });
    // ids[2] was replied to (open), ids[1] is on hold: the next new ticket below ids[3] is ids[0].
    expect(nextTicketInList({ agent: admin, query, after: at, ticketId: fourth.id })?.id).toBe(ids[0]);
  });

  it('follows the priority order: urgent first, then by activity', () => {
    updateTicket({ ticketId: ids[0], agent: admin, input: { priority: 'urgent' } });
    const order = listIds({ agent: admin, q: word, sort: 'priority' });
    expect(order[0]).toBe(ids[0]);
    const first = ticketOf(ids[0]);
    expect(nextTicketInList({ agent: admin, query: { q: word, sort: 'priority' }, after: positionOf(first, 'priority')!, ticketId: first.id })?.id).toBe(order[1]);
    const created = listIds({ agent: admin, q: word, sort: 'created' });
    const newest = ticketOf(created[0]);
    expect(nextTicketInList({ agent: admin, query: { q: word, sort: 'created' }, after: positionOf(newest, 'created')!, ticketId: newest.id })?.id).toBe(created[1]);
  });

  it('the ticket page’s context: its way back, a saved view by name, and the default list without one', () => {
    const ticket = ticketOf(ids[2]);
    const at: [number, number] = [Date.UTC(2026, 0, 1, 9, 2), ids[2]];
    const carried = ticketListContext({ agent: admin, ticket, list: `q=${word}`, at: encodePosition(at) });
    expect(carried.backHref).toBe(`/tickets?q=${word}`);
    expect(carried.label).toBe('Tickets');
    const expected = nextTicketInList({ agent: admin, query: { q: word }, after: at, ticketId: ticket.id })!;
    expect(carried.next?.href).toBe(ticketInListHref(expected.id, `q=${word}`, expected.position));

    const view = createSavedView({ agent: admin, input: { name: 'Nav view', query: { q: word, status: 'new' } } });
    const inView = ticketListContext({ agent: admin, ticket: ticketOf(ids[3]), list: `view=${view.id}`, at: encodePosition([Date.UTC(2026, 0, 1, 9, 3), ids[3]]) });
    expect(inView.label).toBe('Nav view');
    expect(inView.backHref).toBe(`/tickets?view=${view.id}`);
    // The view's filters: of the tickets below ids[3], only ids[0] is still new.
    expect(inView.next?.href).toMatch(new RegExp(`^/tickets/${ids[0]}\\?list=view%3D${view.id}&at=\\d+\\.${ids[0]}$`));
    // Another agent's personal view, or a deleted one, is the default list.
    expect(ticketListContext({ agent: other, ticket, list: `view=${view.id}` }).label).toBe('Tickets');
    deleteSavedView({ id: view.id, agent: admin });
    const gone = ticketListContext({ agent: admin, ticket, list: `view=${view.id}` });
    expect(gone).toMatchObject({ label: 'Tickets', backHref: '/tickets' });
    // A tag deleted since the link was made: no next ticket, and no error.
    expect(ticketListContext({ agent: admin, ticket, list: 'tag=no-such-tag' }).next).toBeNull();
  });
});
