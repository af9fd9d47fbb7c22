import { AppError } from '@/lib/core/errors';
import type { PollRefusal } from '@/lib/tickets/live';

const refusals = {
  401: new AppError('unauthorized', 'Sign in again.'),
  403: new AppError('forbidden', 'This ticket is no longer open to you.'),
  404: new AppError('not_found', 'Ticket not found.'),
} as const;

/** A poll's JSON answer: never cached, refusals as the API's usual error body. */
export function pollAnswer<T extends { ok: true }>(result: T | PollRefusal): Response {
  if (!result.ok) return refusals[result.status].toResponse();
  const { ok: _ok, ...body } = result;
  return Response.json(body, { headers: { 'Cache-Control': 'no-store' } });
}
