import { apiHandler } from '@/lib/web/api';
import { removeParticipant } from '@/lib/participants/participants';

export const dynamic = 'force-dynamic';

// DELETE /api/v1/tickets/:id/participants/:participantId – remove a participant; their link stops working at once
export const DELETE = apiHandler({ id: 'Ticket', participantId: 'Participant' }, ({ agent, ids }) => {
  removeParticipant({ ticketId: ids.id, participantId: ids.participantId, agent });
  return new Response(null, { status: 204 });
});
