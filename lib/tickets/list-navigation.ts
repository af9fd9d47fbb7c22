import type { TicketPriority } from '@/db/schema';

// "Next ticket" on a ticket page means the next ticket of the list the agent opened it from. The list's rows link to
// `/tickets/12?list=status%3Dopen%26sort%3Dpriority&at=2.1764800000000.12`: `list` is the list's own query (its
// filters, search and order, or `view=ID` for a saved view) and `at` where the ticket stood in it when the list was
// shown (its sort key). "Next" is the first ticket after that position, so working a ticket (a reply moves it to the
// top of "Last activity"; closing it drops it from an "Open" list) does not change which ticket comes next.

export type ListSort = 'activity' | 'created' | 'due' | 'priority';

/** A ticket's sort key in a list: [last activity, id], [created, id], [due, id] or [priority rank, last activity, id] (ms). */
export type ListPosition = number[];

export const priorityRanks: Record<TicketPriority, number> = { low: 0, normal: 1, high: 2, urgent: 3 };

const positionLength: Record<ListSort, number> = { activity: 2, created: 2, due: 2, priority: 3 };

type Positioned = { id: number; lastActivityAt: Date; createdAt: Date; slaDueAt: Date | null; priority: TicketPriority };

/** Where a ticket stands in a list ordered by `sort`; null when it has no place there (no target running, for `due`). */
export function positionOf(ticket: Positioned, sort: ListSort): ListPosition | null {
  switch (sort) {
    case 'activity':
      return [ticket.lastActivityAt.getTime(), ticket.id];
    case 'created':
      return [ticket.createdAt.getTime(), ticket.id];
    case 'due':
      return ticket.slaDueAt ? [ticket.slaDueAt.getTime(), ticket.id] : null;
    case 'priority':
      return [priorityRanks[ticket.priority], ticket.lastActivityAt.getTime(), ticket.id];
  }
}

export const encodePosition = (position: ListPosition) => position.join('.');

/** An `at` value back to a position for `sort`, or null when it is not one (hand-edited, or made for another order). */
export function decodePosition(raw: string | undefined, sort: ListSort): ListPosition | null {
  if (!raw || raw.length > 60) return null;
  const parts = raw.split('.');
  if (parts.length !== positionLength[sort] || parts.some((part) => !/^-?\d{1,16}$/.test(part))) return null;
  const numbers = parts.map(Number);
  return numbers.every(Number.isSafeInteger) ? numbers : null;
}

/** The list filters a ticket page carries, as the ticket list's query string (defaults left out, like its own address). */
export function listParams(query: { status?: string; assignee?: string; priority?: string; tag?: string; q?: string; sort?: string }, viewId?: number): string {
  const params = new URLSearchParams();
  if (viewId !== undefined) {
    params.set('view', String(viewId));
    return params.toString();
  }
  for (const key of ['status', 'assignee', 'priority', 'tag', 'q', 'sort'] as const) {
    const value = query[key]?.trim();
    if (!value || (key === 'assignee' && value === 'any') || (key === 'sort' && value === 'activity')) continue;
    params.set(key, value);
  }
  return params.toString();
}

/** A ticket page's address that keeps the list it was opened from: `/tickets/12?list=…&at=…` (just `/tickets/12` for the default list without a position). */
export function ticketInListHref(ticketId: number, list: string, position: ListPosition | null): string {
  const params = new URLSearchParams();
  if (list) params.set('list', list);
  if (position) params.set('at', encodePosition(position));
  const query = params.toString();
  return query ? `/tickets/${ticketId}?${query}` : `/tickets/${ticketId}`;
}

/** The list's own address, for the ticket page's way back. */
export const listHrefOf = (list: string) => (list ? `/tickets?${list}` : '/tickets');

/** A `list` value parsed as the ticket list's search params (at most 600 characters; anything longer is ignored). */
export function parseListParam(raw: string | undefined): { viewId: number | null; params: Record<string, string> } {
  if (!raw || raw.length > 600) return { viewId: null, params: {} };
  const search = new URLSearchParams(raw);
  const view = Number(search.get('view'));
  if (search.has('view')) return { viewId: Number.isSafeInteger(view) && view > 0 ? view : null, params: {} };
  const params: Record<string, string> = {};
  for (const key of ['status', 'assignee', 'priority', 'tag', 'q', 'sort']) {
    const value = search.get(key);
    if (value !== null) params[key] = value;
  }
  return { viewId: null, params };
}
