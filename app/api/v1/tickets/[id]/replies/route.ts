import { apiHandlerWithFiles, loadReplyView } from '@/lib/api';
import { addAgentReply } from '@/lib/tickets';

export const dynamic = 'force-dynamic';

// POST /api/v1/tickets/:id/replies – a public reply, or a private note with "private": true; JSON, or multipart with `files` parts
export const POST = apiHandlerWithFiles({ id: 'Ticket' }, ({ agent, ids, body, files }) => {
  const reply = addAgentReply({ ...body, ticketId: ids.id, agent, source: 'api', files });
  return Response.json({ reply: loadReplyView(reply) }, { status: 201 });
});
