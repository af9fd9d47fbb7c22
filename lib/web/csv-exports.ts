import 'server-only';
import type { Agent } from '@/db/schema';
import { csvResponse, type CsvValue } from '@/lib/core/csv';
import { AppError } from '@/lib/core/errors';
import { priorityLabels, statusLabels } from '@/lib/tickets/statuses';
import { exportTicketsForAgent, type TicketListItem, type TicketListQuery } from '@/lib/tickets/tickets';
import { buildReport, reportTableNames, reportTables, type ReportTableName } from '@/lib/tickets/reports';

// The CSV downloads: a ticket list (any filters, search or saved view; every matching row, streamed) and each report's
// table. The same functions serve the pages' "Download CSV" links and GET /api/v1/tickets?format=csv.

export const ticketCsvHeader = [
  'Number',
  'Subject',
  'Status',
  'Priority',
  'Tags',
  'Customer',
  'Customer email',
  'Assignee',
  'Assignee email',
  'Participants',
  'Created',
  'Last activity',
  'Due',
];

export const ticketCsvRow = (t: TicketListItem): CsvValue[] => [
  t.displayNumber,
  t.subject,
  statusLabels[t.status],
  priorityLabels[t.priority],
  t.tags.join(' '),
  t.customerName,
  t.customerEmail,
  t.assigneeName,
  t.assigneeEmail,
  t.participantCount,
  t.createdAt,
  t.lastActivityAt,
  t.slaDueAt,
];

const today = () => new Date().toISOString().slice(0, 10);

/** Every ticket of the list as CSV; a bad filter (an unknown tag) throws before anything is sent. */
export function ticketListCsv(agent: Agent, query: TicketListQuery): Response {
  const batches = exportTicketsForAgent({ agent, ...query });
  return csvResponse(`tickets-${today()}.csv`, ticketCsvHeader, {
    *[Symbol.iterator]() {
      for (const batch of batches) yield batch.map(ticketCsvRow);
    },
  });
}

/** One report's table as CSV: `report` names it (volume, response-times, …), the rest is the report's query. */
export function reportCsv(agent: Agent, params: Record<string, string>): Response {
  const { report: name, ...query } = params;
  if (!reportTableNames.includes(name as ReportTableName)) {
    throw new AppError('validation_failed', `Name a report: one of ${reportTableNames.join(', ')}.`, { report: `must be one of ${reportTableNames.join(', ')}` });
  }
  const report = buildReport({ agent, query });
  const table = reportTables(report)[name as ReportTableName];
  return csvResponse(`${name}-${report.range.from}-to-${report.range.to}.csv`, table.header, [table.rows]);
}
