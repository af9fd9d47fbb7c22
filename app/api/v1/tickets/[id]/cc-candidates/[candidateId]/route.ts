import { apiHandler } from '@/lib/web/api';
import { dismissCcCandidate } from '@/lib/participants/cc-candidates';

export const dynamic = 'force-dynamic';

// DELETE /api/v1/tickets/:id/cc-candidates/:candidateId – dismiss a Cc'd person: they stay off the ticket
export const DELETE = apiHandler({ id: 'Ticket', candidateId: 'Cc’d person' }, ({ agent, ids }) => {
  dismissCcCandidate({ ticketId: ids.id, candidateId: ids.candidateId, agent });
  return new Response(null, { status: 204 });
});
