import { apiHandler, apiHandlerWithFiles, apiRepliesQuerySchema, loadRepliesPageView, loadReplyView, parseQuery } from '@/lib/web/api';
import { addAgentReply, getTicketForAgent, listRepliesPage } from '@/lib/tickets/tickets';

export const dynamic = 'force-dynamic';

// GET /api/v1/tickets/:id/replies – the conversation a page at a time, newest page first (?before=<nextCursor>&limit=)
export const GET = apiHandler({ id: 'Ticket' }, ({ agent, ids, req }) => {
  const { before, limit } = parseQuery(req, apiRepliesQuerySchema);
  const ticket = getTicketForAgent({ id: ids.id, agent });
  return Response.json(loadRepliesPageView(listRepliesPage({ ticketId: ticket.id, includePrivate: true, before, limit })));
});

// POST /api/v1/tickets/:id/replies – a public reply, or a private note with "private": true; JSON, or multipart with `files` parts
export const POST = apiHandlerWithFiles({ id: 'Ticket' }, ({ agent, ids, body, files }) => {
  const reply = addAgentReply({ ...body, ticketId: ids.id, agent, source: 'api', files });
  return Response.json({ reply: loadReplyView(reply) }, { status: 201 });
});
