import { apiHandler } from '@/lib/web/api';
import { ccCandidateView } from '@/lib/attachments/api-views';
import { listCcCandidates } from '@/lib/participants/cc-candidates';

export const dynamic = 'force-dynamic';

// GET /api/v1/tickets/:id/cc-candidates – "Cc'd, not on this ticket": people emailed along whom mail did not add
export const GET = apiHandler({ id: 'Ticket' }, ({ agent, ids }) => {
  return Response.json({ ccCandidates: listCcCandidates({ ticketId: ids.id, agent }).map(ccCandidateView) });
});
