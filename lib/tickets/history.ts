import 'server-only';
import { listAgents } from '@/lib/auth/agents';
import { listAuditForTicket } from '@/lib/core/audit';
import { describeAuditEntry } from '@/lib/tickets/audit-text';

export type HistoryLine = { id: number; at: Date; text: string };

/** The ticket's audit timeline as readable lines, oldest first. */
export function listTicketHistory({ ticketId }: { ticketId: number }): HistoryLine[] {
  const agentNames = new Map(listAgents().map((agent) => [agent.id, agent.name]));
  return listAuditForTicket({ ticketId }).map((entry) => ({ id: entry.id, at: entry.createdAt, text: describeAuditEntry(entry, agentNames) }));
}
