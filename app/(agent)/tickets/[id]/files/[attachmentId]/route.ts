import { attachmentResponse, getAttachmentForAgent } from '@/lib/attachments/access';
import { fileRoute } from '@/lib/web/file-route';
import { AppError, notFound } from '@/lib/core/errors';
import { getCurrentAgent } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';

// GET /tickets/:id/files/:attachmentId – a file of a ticket, for a signed-in agent who may see the ticket
export const GET = (req: Request, { params }: { params: Promise<{ id: string; attachmentId: string }> }) =>
  fileRoute(async () => {
    const agent = await getCurrentAgent();
    if (!agent) throw new AppError('unauthorized', 'Sign in to download this file.');
    const { id, attachmentId } = await params;
    if (!/^[1-9]\d{0,15}$/.test(attachmentId)) throw notFound('Attachment');
    const attachment = getAttachmentForAgent({ id: Number(attachmentId), agent });
    if (String(attachment.ticketId) !== id) throw notFound('Attachment');
    return attachmentResponse(attachment, req);
  });
