import { apiHandler, apiRepliesQuerySchema, parseQuery } from '@/lib/api';
import { repliesPageView, replyView } from '@/lib/api-views';
import { addAgentReply, getTicketForAgent, listRepliesPage } from '@/lib/tickets';

export const dynamic = 'force-dynamic';

// GET /api/v1/tickets/:id/replies – the conversation a page at a time, newest page first (?before=<nextCursor>&limit=)
export const GET = apiHandler({ id: 'Ticket' }, ({ agent, ids, req }) => {
  const { before, limit } = parseQuery(req, apiRepliesQuerySchema);
  const ticket = getTicketForAgent({ id: ids.id, agent });
  return Response.json(repliesPageView(listRepliesPage({ ticketId: ticket.id, includePrivate: true, before, limit })));
});

// POST /api/v1/tickets/:id/replies – a public reply, or a private note with "private": true
export const POST = apiHandler({ id: 'Ticket' }, ({ agent, ids, body }) => {
  const reply = addAgentReply({ ...body, ticketId: ids.id, agent, source: 'api' });
  return Response.json({ reply: replyView(reply) }, { status: 201 });
});
