import { AppError } from '@/lib/core/errors';
import { getCurrentAgent } from '@/lib/auth/session';
import { ticketListQuerySchema } from '@/lib/tickets/tickets';
import { ticketListCsv } from '@/lib/web/csv-exports';
import { fileRoute } from '@/lib/web/file-route';

export const dynamic = 'force-dynamic';

// GET /tickets/export – the ticket list's "Download CSV": every ticket matching the list's filters, streamed
export const GET = (req: Request) =>
  fileRoute(async () => {
    const agent = await getCurrentAgent();
    if (!agent) throw new AppError('unauthorized', 'Sign in to download tickets.');
    return ticketListCsv(agent, ticketListQuerySchema.parse(Object.fromEntries(new URL(req.url).searchParams)));
  });
