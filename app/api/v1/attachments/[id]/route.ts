import { apiHandler } from '@/lib/web/api';
import { attachmentResponse, getAttachmentForAgent, removeAttachment } from '@/lib/attachments/access';

export const dynamic = 'force-dynamic';

// GET /api/v1/attachments/:id – download a file of a ticket the token's agent may see
export const GET = apiHandler({ id: 'Attachment' }, ({ agent, ids, req }) => attachmentResponse(getAttachmentForAgent({ id: ids.id, agent }), req));

// DELETE /api/v1/attachments/:id – admins remove a file for good (audited; the reply shows "attachment removed")
export const DELETE = apiHandler({ id: 'Attachment' }, ({ agent, ids }) => {
  removeAttachment({ id: ids.id, agent });
  return new Response(null, { status: 204 });
});
