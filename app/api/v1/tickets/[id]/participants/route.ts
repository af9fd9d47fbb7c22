import { apiHandler } from '@/lib/web/api';
import { participantView } from '@/lib/attachments/api-views';
import { addParticipant, listParticipantViews } from '@/lib/participants/participants';
import { getTicketForAgent } from '@/lib/tickets/tickets';

export const dynamic = 'force-dynamic';

// GET /api/v1/tickets/:id/participants – the ticket's current participants with their personal links
export const GET = apiHandler({ id: 'Ticket' }, ({ agent, ids }) => {
  getTicketForAgent({ id: ids.id, agent });
  return Response.json({ participants: listParticipantViews({ ticketId: ids.id }).map(participantView) });
});

// POST /api/v1/tickets/:id/participants – add a participant by email (guest or customer) or by customerId
export const POST = apiHandler({ id: 'Ticket' }, ({ agent, ids, body }) => {
  const participant = addParticipant({ ticketId: ids.id, agent, input: body });
  return Response.json({ participant: participantView(participant) }, { status: 201 });
});
