import { createElement } from 'react';
import { render, toPlainText } from '@react-email/render';
import { emailComponents, type NotificationEmailProps } from '@/emails';
import type { TemplateKey } from '@/lib/mail/templates';

export type RenderedEmail = { html: string; text: string };

/** HTML and plain-text versions of one message, from its React Email component (rendered once: text comes from the HTML). */
export async function renderEmail(key: TemplateKey, props: NotificationEmailProps): Promise<RenderedEmail> {
  const html = await render(createElement(emailComponents[key], props));
  return { html, text: toPlainText(html) };
}
