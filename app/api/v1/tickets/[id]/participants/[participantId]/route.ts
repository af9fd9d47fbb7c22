import { apiHandler } from '@/lib/web/api';
import { participantView } from '@/lib/attachments/api-views';
import { listParticipantViews, removeParticipant } from '@/lib/participants/participants';
import { setParticipantView } from '@/lib/participants/participant-view';

export const dynamic = 'force-dynamic';

// PATCH /api/v1/tickets/:id/participants/:participantId – set their view: {"view": "addressed"} (sees only what is sent to them) or "everything"
export const PATCH = apiHandler({ id: 'Ticket', participantId: 'Participant' }, ({ agent, ids, body }) => {
  setParticipantView({ ticketId: ids.id, participantId: ids.participantId, agent, input: body });
  const participant = listParticipantViews({ ticketId: ids.id }).find((p) => p.id === ids.participantId)!;
  return Response.json({ participant: participantView(participant) });
});

// DELETE /api/v1/tickets/:id/participants/:participantId – remove a participant; their link stops working at once
export const DELETE = apiHandler({ id: 'Ticket', participantId: 'Participant' }, ({ agent, ids }) => {
  removeParticipant({ ticketId: ids.id, participantId: ids.participantId, agent });
  return new Response(null, { status: 204 });
});
