import { apiHandler } from '@/lib/web/api';
import { participantView } from '@/lib/attachments/api-views';
import { addCcCandidate } from '@/lib/participants/cc-candidates';
import { listParticipantViews } from '@/lib/participants/participants';

export const dynamic = 'force-dynamic';

// POST /api/v1/tickets/:id/cc-candidates/:candidateId/add – add a Cc'd person as a participant (emailed their link)
export const POST = apiHandler({ id: 'Ticket', candidateId: 'Cc’d person' }, ({ agent, ids }) => {
  const { participantId } = addCcCandidate({ ticketId: ids.id, candidateId: ids.candidateId, agent });
  const participant = listParticipantViews({ ticketId: ids.id }).find((p) => p.id === participantId)!;
  return Response.json({ participant: participantView(participant) }, { status: 201 });
});
