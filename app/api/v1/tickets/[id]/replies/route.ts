import { apiHandler } from '@/lib/api';
import { replyView } from '@/lib/api-views';
import { addAgentReply } from '@/lib/tickets';

export const dynamic = 'force-dynamic';

// POST /api/v1/tickets/:id/replies – a public reply, or a private note with "private": true
export const POST = apiHandler({ id: 'Ticket' }, ({ agent, ids, body }) => {
  const reply = addAgentReply({ ...body, ticketId: ids.id, agent, source: 'api' });
  return Response.json({ reply: replyView(reply) }, { status: 201 });
});
