import 'server-only';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { emailTemplates, type Agent } from '@/db/schema';
import { emailComponents } from '@/emails';
import { renderEmail } from '@/lib/mail/render';
import { agentActor, recordAudit } from '@/lib/core/audit';
import { getDb, type DbOrTx } from '@/lib/core/db';
import { AppError, forbidden, notFound, validationError } from '@/lib/core/errors';
import { findUnknownTags, renderTags, unknownTagMessage } from '@/lib/tickets/template-tags';
import { isTemplateKey, templateKeys, type TemplateKey } from '@/lib/core/outbox-queue';
import { sampleTagValues, templateDefinitions } from '@/lib/mail/templates';
import { canManageSettings } from '@/lib/auth/policy';
import { getSettings } from '@/lib/core/settings';

// The subject and body text of each email, as the admin left them (Settings → Emails) or the built-in default.

export type EmailTemplateText = { subject: string; body: string; customized: boolean };

type TemplateOverride = typeof emailTemplates.$inferSelect;

function templateText(key: TemplateKey, override: TemplateOverride | undefined): EmailTemplateText {
  if (override) return { subject: override.subject, body: override.body, customized: true };
  const { subject, body } = templateDefinitions[key];
  return { subject, body, customized: false };
}

export function getEmailTemplate({ key }: { key: TemplateKey }, db: DbOrTx = getDb()): EmailTemplateText {
  return templateText(key, db.select().from(emailTemplates).where(eq(emailTemplates.key, key)).get());
}

/** Every template's current text from one query, for composing many messages at once. */
export function getEmailTemplates(db: DbOrTx = getDb()): Record<TemplateKey, EmailTemplateText> {
  const overrides = new Map(db.select().from(emailTemplates).all().map((row) => [row.key, row]));
  return Object.fromEntries(templateKeys.map((key) => [key, templateText(key, overrides.get(key))])) as Record<TemplateKey, EmailTemplateText>;
}

export type EmailTemplateView = EmailTemplateText & { key: TemplateKey; label: string; audience: string };

export function listEmailTemplates(): EmailTemplateView[] {
  const texts = getEmailTemplates();
  return templateKeys.map((key) => ({ key, label: templateDefinitions[key].label, audience: templateDefinitions[key].audience, ...texts[key] }));
}

const templateTextSchema = z.object({
  subject: z.string().trim().min(1, 'is required').max(250, 'must be at most 250 characters').regex(/^[^\r\n]*$/, 'must be one line'),
  body: z.string().trim().min(1, 'is required').max(20_000, 'is too long'),
});

function templateKeyFrom(key: string): TemplateKey {
  if (!isTemplateKey(key)) throw notFound('Email template');
  return key;
}

/** Validates subject and body: both required, and every `{tag}` must be one of the known tags. */
export function parseTemplateText(input: unknown): { subject: string; body: string } {
  const parsed = templateTextSchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const fields: Record<string, string> = {};
  for (const field of ['subject', 'body'] as const) {
    const unknown = findUnknownTags(parsed.data[field]);
    if (unknown.length > 0) fields[field] = unknownTagMessage(unknown);
  }
  if (Object.keys(fields).length > 0) throw new AppError('validation_failed', Object.values(fields)[0], fields);
  return parsed.data;
}

export function saveEmailTemplate({ agent, key, input }: { agent: Agent; key: string; input: unknown }): EmailTemplateText {
  if (!canManageSettings(agent)) throw forbidden('Only administrators can edit email templates.');
  const templateKey = templateKeyFrom(key);
  const { subject, body } = parseTemplateText(input);
  getDb().transaction((tx) => {
    tx.insert(emailTemplates)
      .values({ key: templateKey, subject, body, updatedAt: new Date() })
      .onConflictDoUpdate({ target: emailTemplates.key, set: { subject, body, updatedAt: new Date() } })
      .run();
    recordAudit(tx, { ticketId: null, actor: agentActor(agent), action: 'email_template.updated', detail: { key: templateKey } });
  });
  return getEmailTemplate({ key: templateKey });
}

/** Back to the built-in text. */
export function resetEmailTemplate({ agent, key }: { agent: Agent; key: string }): EmailTemplateText {
  if (!canManageSettings(agent)) throw forbidden('Only administrators can edit email templates.');
  const templateKey = templateKeyFrom(key);
  getDb().transaction((tx) => {
    tx.delete(emailTemplates).where(eq(emailTemplates.key, templateKey)).run();
    recordAudit(tx, { ticketId: null, actor: agentActor(agent), action: 'email_template.reset', detail: { key: templateKey } });
  });
  return getEmailTemplate({ key: templateKey });
}

/** The message as it would look with the given text, filled with example values. Nothing is saved. */
export async function previewEmailTemplate({ agent, key, input }: { agent: Agent; key: string; input: unknown }) {
  if (!canManageSettings(agent)) throw forbidden('Only administrators can edit email templates.');
  const templateKey = templateKeyFrom(key);
  const { subject, body } = parseTemplateText(input);
  const values = { ...sampleTagValues, sitename: getSettings().siteName };
  const renderedSubject = renderTags(subject, values);
  const rendered = await renderEmail(templateKey, {
    ...emailComponents[templateKey].PreviewProps,
    siteName: values.sitename,
    subject: renderedSubject,
    body: renderTags(body, values),
  });
  return { subject: renderedSubject, ...rendered };
}
