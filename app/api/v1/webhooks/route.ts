import { createWebhook, listWebhooks, webhookView } from '@/lib/mail/webhooks';
import { apiHandler } from '@/lib/web/api';

export const dynamic = 'force-dynamic';

// GET /api/v1/webhooks – every webhook (admins only; secrets are never listed)
export const GET = apiHandler(({ agent }) => Response.json({ webhooks: listWebhooks({ agent }).map(webhookView) }));

// POST /api/v1/webhooks – make a webhook {"url", "events"}; the answer carries its signing secret, shown this once
export const POST = apiHandler(({ agent, body }) => {
  const { webhook, secret } = createWebhook({ agent, input: body });
  return Response.json({ webhook: webhookView(webhook), secret }, { status: 201 });
});
