import 'server-only';
import { eq } from 'drizzle-orm';
import { tickets } from '@/db/schema';
import { listAgents } from '@/lib/auth/agents';
import { listAuditForTickets } from '@/lib/core/audit';
import { getDb } from '@/lib/core/db';
import { getSettings } from '@/lib/core/settings';
import { describeAuditEntry } from '@/lib/tickets/audit-text';
import { formatTicketNumber } from '@/lib/tickets/numbers';
import { MAX_MERGE_HOPS } from '@/lib/tickets/records';

/** A line of history; merges and splits link to the other ticket, and entries of a merged ticket say which. */
export type HistoryLine = { id: number; at: Date; text: string; fromTicket?: string; link?: { href: string; label: string } };

/** The tickets merged into this one, directly or through others merged into them, with their display numbers. */
function mergedInto(ticketId: number): Map<number, string> {
  const settings = getSettings();
  const found = new Map<number, string>();
  let frontier = [ticketId];
  for (let hop = 0; hop < MAX_MERGE_HOPS && frontier.length > 0; hop++) {
    const next: number[] = [];
    for (const id of frontier) {
      for (const row of getDb().select({ id: tickets.id, number: tickets.number }).from(tickets).where(eq(tickets.mergedIntoId, id)).all()) {
        if (found.has(row.id) || row.id === ticketId) continue;
        found.set(row.id, formatTicketNumber(row.number, settings));
        next.push(row.id);
      }
    }
    frontier = next;
  }
  return found;
}

const linkedTicket = (detail: Record<string, unknown>, idKey: string, numberKey: string) =>
  typeof detail[idKey] === 'number' ? { href: `/tickets/${detail[idKey]}`, label: `Open ${typeof detail[numberKey] === 'string' ? detail[numberKey] : 'the other ticket'}` } : undefined;

const links: Record<string, [string, string]> = {
  'ticket.merged': ['intoTicketId', 'intoNumber'],
  'ticket.merged_in': ['fromTicketId', 'fromNumber'],
  'ticket.split': ['toTicketId', 'toNumber'],
  'ticket.split_from': ['fromTicketId', 'fromNumber'],
};

/** The ticket's audit timeline as readable lines, oldest first, with the history of every ticket merged into it. */
export function listTicketHistory({ ticketId }: { ticketId: number }): HistoryLine[] {
  const agentNames = new Map(listAgents().map((agent) => [agent.id, agent.name]));
  const merged = mergedInto(ticketId);
  return listAuditForTickets({ ticketIds: [ticketId, ...merged.keys()] }).map((entry) => {
    const keys = links[entry.action];
    const fromTicket = entry.ticketId !== null ? merged.get(entry.ticketId) : undefined;
    return {
      id: entry.id,
      at: entry.createdAt,
      text: describeAuditEntry(entry, agentNames),
      ...(fromTicket ? { fromTicket } : {}),
      ...(keys ? { link: linkedTicket(entry.detail, keys[0], keys[1]) } : {}),
    };
  });
}
