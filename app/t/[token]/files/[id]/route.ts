import { attachmentResponse, getAttachmentForLink } from '@/lib/attachments/access';
import { fileRoute } from '@/lib/web/file-route';
import { notFound } from '@/lib/core/errors';

export const dynamic = 'force-dynamic';

// GET /t/:token/files/:id – a file of the ticket, through the person's own link (checked afresh on every download)
export const GET = (req: Request, { params }: { params: Promise<{ token: string; id: string }> }) =>
  fileRoute(async () => {
    const { token, id } = await params;
    if (!/^[1-9]\d{0,15}$/.test(id)) throw notFound('Attachment');
    return attachmentResponse(getAttachmentForLink({ token, id: Number(id) }), req);
  });
