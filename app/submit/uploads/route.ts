import { fileRoute } from '@/lib/web/file-route';
import { stageUploads } from '@/lib/files/uploads';
import { clientAddress, consumeRateLimit } from '@/lib/auth/rate-limit';

export const dynamic = 'force-dynamic';

// POST /submit/uploads – a file for the public ticket form, streamed to the store; answers upload tickets
export const POST = (req: Request) =>
  fileRoute(
    () => {
      consumeRateLimit('upload', clientAddress(req.headers));
      return stageUploads(req, 'submit');
    },
    { jsonFor: req },
  );
