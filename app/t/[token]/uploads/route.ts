import { requireAccessLink } from '@/lib/participants/link-access';
import { fileRoute } from '@/lib/web/file-route';
import { linkUploadScope, stageUploads } from '@/lib/files/uploads';
import { clientAddress, consumeRateLimit } from '@/lib/auth/rate-limit';

export const dynamic = 'force-dynamic';

// POST /t/:token/uploads – a customer's or participant's file for a reply, streamed to the store; answers upload tickets
export const POST = (req: Request, { params }: { params: Promise<{ token: string }> }) =>
  fileRoute(
    async () => {
      consumeRateLimit('upload', clientAddress(req.headers));
      const access = requireAccessLink((await params).token);
      return stageUploads(req, linkUploadScope(access.ticket.id, access.holder));
    },
    { jsonFor: req },
  );
