import { apiHandler, loadTicketView } from '@/lib/web/api';
import { splitTicket } from '@/lib/tickets/merge';

export const dynamic = 'force-dynamic';

// POST /api/v1/tickets/:id/split – split a reply ({"replyId","subject","customerEmail"?,"participants":[ids],"withLaterReplies"?}) into a new ticket
export const POST = apiHandler({ id: 'Ticket' }, ({ agent, ids, body }) =>
  Response.json({ ticket: loadTicketView(splitTicket({ ticketId: ids.id, agent, input: body })) }, { status: 201 }),
);
