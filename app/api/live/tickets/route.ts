// GET /api/live/tickets – the ticket list's poll: the time of the newest change to any ticket
import { AppError } from '@/lib/core/errors';
import { pollTicketListForAgent } from '@/lib/tickets/live';
import { getSessionClaims } from '@/lib/auth/session';
import { pollAnswer } from '../poll-answer';

export async function GET() {
  const claims = await getSessionClaims();
  if (claims === null) return new AppError('unauthorized', 'Sign in again.').toResponse();
  return pollAnswer(pollTicketListForAgent(claims));
}
