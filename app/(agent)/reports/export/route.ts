import { AppError } from '@/lib/core/errors';
import { getCurrentAgent } from '@/lib/auth/session';
import { reportCsv } from '@/lib/web/csv-exports';
import { fileRoute } from '@/lib/web/file-route';

export const dynamic = 'force-dynamic';

// GET /reports/export – one report's "Download CSV" (?report=volume|response-times|…, with the report's range and filters)
export const GET = (req: Request) =>
  fileRoute(async () => {
    const agent = await getCurrentAgent();
    if (!agent) throw new AppError('unauthorized', 'Sign in to download reports.');
    return reportCsv(agent, Object.fromEntries(new URL(req.url).searchParams));
  });
