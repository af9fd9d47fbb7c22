import 'server-only';
import type { Agent } from '@/db/schema';
import { AppError } from '@/lib/core/errors';
import { decodePosition, listHrefOf, listParams, parseListParam, positionOf, ticketInListHref } from '@/lib/tickets/list-navigation';
import type { TicketWithPeople } from '@/lib/tickets/records';
import { nextTicketInList, ticketListQuerySchema, type TicketListQuery } from '@/lib/tickets/tickets';
import { getSavedViewForAgent } from '@/lib/tickets/views';

export type TicketListContext = {
  /** The list's address (the ticket page's way back). */
  backHref: string;
  /** What the list is called: "Tickets", or the saved view's name. */
  label: string;
  /** The next ticket of that list, or null at its end. */
  next: { href: string } | null;
};

/**
 * The list a ticket page was opened from (`list` and `at` of its address; without them, the default ticket list from
 * the ticket's current place), and the ticket after it there. A saved view that is gone, or that the agent may no
 * longer open, counts as the default list.
 */
export function ticketListContext({ agent, ticket, list, at }: { agent: Agent; ticket: TicketWithPeople; list?: string; at?: string }): TicketListContext {
  const parsed = parseListParam(list);
  let query: TicketListQuery = parsed.params;
  let label = 'Tickets';
  let carried = listParams(ticketListQuerySchema.parse(parsed.params));
  if (parsed.viewId !== null) {
    const view = openView(parsed.viewId, agent);
    query = view?.query ?? {};
    label = view ? view.name : 'Tickets';
    carried = view ? listParams({}, view.id) : '';
  }
  const { sort } = ticketListQuerySchema.parse(query);
  const position = decodePosition(at, sort) ?? positionOf(ticket, sort);
  const next = position ? nextOrNull(() => nextTicketInList({ agent, query, after: position, ticketId: ticket.id })) : null;
  return { backHref: listHrefOf(carried), label, next: next ? { href: ticketInListHref(next.id, carried, next.position) } : null };
}

function openView(id: number, agent: Agent) {
  try {
    return getSavedViewForAgent({ id, agent });
  } catch (error) {
    if (error instanceof AppError) return null;
    throw error;
  }
}

/** A list whose filters name nothing any more (a deleted tag) has no next ticket. */
function nextOrNull<T>(find: () => T): T | null {
  try {
    return find();
  } catch (error) {
    if (error instanceof AppError && error.code === 'validation_failed') return null;
    throw error;
  }
}
