import { apiHandler } from '@/lib/api';
import { attachmentResponse, getAttachmentForAgent } from '@/lib/attachments/access';

export const dynamic = 'force-dynamic';

// GET /api/v1/attachments/:id – download a file of a ticket the token's agent may see
export const GET = apiHandler({ id: 'Attachment' }, ({ agent, ids, req }) => attachmentResponse(getAttachmentForAgent({ id: ids.id, agent }), req));
