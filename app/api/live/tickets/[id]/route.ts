// POST /api/live/tickets/:id – an open ticket page's poll: has the ticket changed, who else is on it (and this agent's presence)
import { z } from 'zod';
import { AppError } from '@/lib/core/errors';
import { pollTicketForAgent } from '@/lib/tickets/live';
import { getSessionClaims } from '@/lib/auth/session';
import { pollAnswer } from '../../poll-answer';

const pollSchema = z.object({
  since: z.number().int().min(0).catch(0),
  activity: z.enum(['viewing', 'replying', 'left']).catch('viewing'),
});

export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const claims = await getSessionClaims();
  if (claims === null) return new AppError('unauthorized', 'Sign in again.').toResponse();
  const ticketId = Number((await params).id);
  if (!Number.isSafeInteger(ticketId) || ticketId <= 0) return new AppError('not_found', 'Ticket not found.').toResponse();
  // navigator.sendBeacon (when the page closes) sends the JSON as text/plain, so the body is read as text.
  const body = pollSchema.parse(await request.text().then((text) => JSON.parse(text || '{}')).catch(() => ({})));
  return pollAnswer(pollTicketForAgent({ ...claims, ticketId, ...body }));
}
