import { apiHandler, loadTicketView } from '@/lib/web/api';
import { getTicketForAgent, updateTicket } from '@/lib/tickets/tickets';

export const dynamic = 'force-dynamic';

// GET /api/v1/tickets/:id – one ticket with its replies, notes and participants
export const GET = apiHandler({ id: 'Ticket' }, ({ agent, ids }) =>
  Response.json({ ticket: loadTicketView(getTicketForAgent({ id: ids.id, agent })) }),
);

// PATCH /api/v1/tickets/:id – change status and/or assignee
export const PATCH = apiHandler({ id: 'Ticket' }, ({ agent, ids, body }) =>
  Response.json({ ticket: loadTicketView(updateTicket({ ticketId: ids.id, agent, input: body })) }),
);
