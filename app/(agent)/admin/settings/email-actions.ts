'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { agentAction } from '@/lib/web/actions';
import { previewEmailTemplate, resetEmailTemplate, saveEmailTemplate } from '@/lib/mail/template-settings';
import { saveImapSettings } from '@/lib/mail/inbound/imap-settings';
import { retryFailedMessage } from '@/lib/mail/outbox';

// Settings → Emails: template text (save, preview, reset), the delivery list's Retry button, the IMAP mailbox.

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

const checkbox = z
  .string()
  .optional()
  .transform((value) => value !== undefined);

const imapForm = z.object({
  enabled: checkbox,
  host: z.string().default(''),
  port: z.string().default(''),
  secure: checkbox,
  user: z.string().default(''),
  password: z.string().default(''),
  mailbox: z.string().default(''),
  afterProcessing: z.string().default('flag'),
  moveTo: z.string().default(''),
});

export const saveImapSettingsAction = agentAction(imapForm, (input, agent) => {
  saveImapSettings({ agent, input });
  revalidatePath('/admin/settings');
  return { ok: true, message: 'Mailbox saved. Parley connects to it within a few seconds.' };
});
