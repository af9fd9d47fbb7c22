// GET /api/live/tickets – the ticket list's poll: the time of the newest change to any ticket
import { AppError } from '@/lib/errors';
import { pollTicketListForAgent } from '@/lib/live';
import { getSessionAgentId } from '@/lib/session';
import { pollAnswer } from '../poll-answer';

export async function GET() {
  const agentId = await getSessionAgentId();
  if (agentId === null) return new AppError('unauthorized', 'Sign in again.').toResponse();
  return pollAnswer(pollTicketListForAgent({ agentId }));
}
