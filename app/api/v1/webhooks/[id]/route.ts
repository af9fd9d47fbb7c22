import { deleteWebhook, getWebhook, webhookView } from '@/lib/mail/webhooks';
import { apiHandler } from '@/lib/web/api';

export const dynamic = 'force-dynamic';

// GET /api/v1/webhooks/:id – one webhook (admins only; without its secret)
export const GET = apiHandler({ id: 'Webhook' }, ({ agent, ids }) => Response.json({ webhook: webhookView(getWebhook({ agent, id: ids.id })) }));

// DELETE /api/v1/webhooks/:id – delete a webhook and its delivery log
export const DELETE = apiHandler({ id: 'Webhook' }, ({ agent, ids }) => {
  deleteWebhook({ agent, id: ids.id });
  return new Response(null, { status: 204 });
});
