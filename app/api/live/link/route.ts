// POST /api/live/link – a personal ticket page's poll: has its ticket changed, and does the link still open it
import { z } from 'zod';
import { pollTicketForLink } from '@/lib/participants/link-poll';
import { pollAnswer } from '../poll-answer';

// The token travels in the body, not the address, so it stays out of access logs.
const pollSchema = z.object({ token: z.string().max(200).catch('') });

export async function POST(request: Request) {
  const { token } = pollSchema.parse(await request.json().catch(() => ({})));
  return pollAnswer(pollTicketForLink({ token }));
}
