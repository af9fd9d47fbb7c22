import { apiHandler, loadTicketView } from '@/lib/web/api';
import { mergeTicket } from '@/lib/tickets/merge';

export const dynamic = 'force-dynamic';

// POST /api/v1/tickets/:id/merge – merge this ticket into {"into": <ticket id>}; answers the ticket it was merged into (cannot be undone)
export const POST = apiHandler({ id: 'Ticket' }, ({ agent, ids, body }) =>
  Response.json({ ticket: loadTicketView(mergeTicket({ ticketId: ids.id, agent, input: body })) }),
);
