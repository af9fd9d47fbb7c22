import { apiHandler, apiHandlerWithFiles, apiTicketListQuerySchema, loadTicketView, parseQuery } from '@/lib/web/api';
import { ticketSummaryView } from '@/lib/attachments/api-views';
import { createTicket, listTicketsForAgent } from '@/lib/tickets/tickets';
import { ticketListCsv } from '@/lib/web/csv-exports';

export const dynamic = 'force-dynamic';

// GET /api/v1/tickets – tickets the token's agent may see, filtered by status/assignee/q, newest activity first; ?format=csv: all of them as CSV
export const GET = apiHandler(({ agent, req }) => {
  const { format, ...query } = parseQuery(req, apiTicketListQuerySchema);
  if (format === 'csv') return ticketListCsv(agent, query);
  const list = listTicketsForAgent({ agent, ...query });
  return Response.json({ tickets: list.tickets.map(ticketSummaryView), page: list.page, pageSize: list.pageSize, total: list.total, totalCapped: list.totalCapped });
});

// POST /api/v1/tickets – create a ticket (and its customer, matched by email) with its first message; JSON, or multipart with `files` parts
export const POST = apiHandlerWithFiles({}, ({ agent, body, files }) => {
  const ticket = createTicket(body, { kind: 'agent', agent, source: 'api' }, files);
  return Response.json({ ticket: loadTicketView(ticket) }, { status: 201 });
});
