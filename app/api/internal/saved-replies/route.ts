// GET /api/internal/saved-replies?ticketId=&q= – saved replies with their tags filled for one ticket, for the reply box's picker
import { AppError } from '@/lib/core/errors';
import { listSavedRepliesForTicket } from '@/lib/tickets/saved-replies';
import { getCurrentAgent } from '@/lib/auth/session';

export async function GET(request: Request) {
  const agent = await getCurrentAgent();
  if (!agent) return new AppError('unauthorized', 'Sign in to use saved replies.').toResponse();
  const params = new URL(request.url).searchParams;
  const ticketId = Number(params.get('ticketId'));
  if (!Number.isSafeInteger(ticketId) || ticketId <= 0) return new AppError('not_found', 'Ticket not found.').toResponse();
  try {
    return Response.json({ savedReplies: listSavedRepliesForTicket({ agent, ticketId, q: (params.get('q') ?? '').slice(0, 200) }) });
  } catch (error) {
    if (error instanceof AppError) return error.toResponse();
    throw error;
  }
}
