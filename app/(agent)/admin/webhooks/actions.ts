'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { agentAction } from '@/lib/web/actions';
import { createWebhook, deleteWebhook, resendDelivery, setWebhookActive } from '@/lib/mail/webhooks';

const idField = z.coerce.number().int().positive();

export const createWebhookAction = agentAction(
  z.object({ url: z.string().default('') }),
  (data, agent, formData) => {
    // One checkbox per event, each named `events`.
    const events = formData.getAll('events').filter((value): value is string => typeof value === 'string');
    const { webhook, secret } = createWebhook({ agent, input: { url: data.url, events } });
    revalidatePath('/admin/webhooks');
    return { ok: true, message: `Webhook to ${webhook.url} created. Its signing secret:`, data: { secret, id: webhook.id } };
  },
  { url: { label: 'URL', missing: 'Enter the address Parley should send to.' }, events: { label: 'Events', name: 'events' } },
);

export const setWebhookActiveAction = agentAction(z.object({ id: idField, active: z.enum(['true', 'false']) }), (data, agent) => {
  const hook = setWebhookActive({ agent, id: data.id, active: data.active === 'true' });
  revalidatePath(`/admin/webhooks/${data.id}`);
  return { ok: true, message: hook.active ? 'The webhook is on; waiting deliveries are being sent.' : 'The webhook is off; no events are queued for it.' };
});

export const resendWebhookDeliveryAction = agentAction(z.object({ id: idField, deliveryId: idField }), (data, agent) => {
  resendDelivery({ agent, webhookId: data.id, deliveryId: data.deliveryId });
  revalidatePath(`/admin/webhooks/${data.id}`);
  return { ok: true, message: 'Queued to be sent again now, with the same webhook-id.' };
});

export const deleteWebhookAction = agentAction(z.object({ id: idField }), (data, agent) => {
  deleteWebhook({ agent, id: data.id });
  revalidatePath('/admin/webhooks');
  redirect('/admin/webhooks');
});

