import { fileRoute } from '@/lib/web/file-route';
import { stageUploads } from '@/lib/files/uploads';
import { AppError } from '@/lib/core/errors';
import { getCurrentAgent } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';

// POST /api/uploads – an agent's file for a reply, note or new ticket, streamed to the store; answers upload tickets
export const POST = (req: Request) =>
  fileRoute(
    async () => {
      const agent = await getCurrentAgent();
      if (!agent) throw new AppError('unauthorized', 'Your session has ended. Sign in again.');
      return stageUploads(req, `agent:${agent.id}`);
    },
    { jsonFor: req },
  );
