'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { agentAction } from '@/lib/actions';
import { previewEmailTemplate, resetEmailTemplate, saveEmailTemplate } from '@/lib/mail/template-settings';
import { retryFailedMessage } from '@/lib/mail/outbox';

// Settings → Emails: template text (save, preview, reset) and the delivery list's Retry button.

const templateForm = z.object({ key: z.string().default(''), subject: z.string().default(''), body: z.string().default('') });
const templateFields = {
  subject: { label: 'Subject', missing: 'Enter the email’s subject.' },
  body: { label: 'Body', missing: 'Write the email’s body.' },
};

export const saveEmailTemplateAction = agentAction(templateForm, ({ key, ...input }, agent) => {
  saveEmailTemplate({ agent, key, input });
  revalidatePath('/admin/settings');
  return { ok: true, message: 'Template saved. New emails use it from now on.' };
}, templateFields);

export const previewEmailTemplateAction = agentAction(templateForm, async ({ key, ...input }, agent) => {
  const preview = await previewEmailTemplate({ agent, key, input });
  return { ok: true, data: { subject: preview.subject, html: preview.html } };
}, templateFields);

export const resetEmailTemplateAction = agentAction(z.object({ key: z.string().default('') }), ({ key }, agent) => {
  resetEmailTemplate({ agent, key });
  revalidatePath('/admin/settings');
  return { ok: true, message: 'Template reset to the built-in text.' };
});

export const retryEmailAction = agentAction(z.object({ id: z.coerce.number().int().positive() }), ({ id }, agent) => {
  retryFailedMessage({ agent, id });
  revalidatePath('/admin/settings');
  return { ok: true, message: 'Queued for another try.' };
});
