import { createElement } from 'react';
import { render } from '@react-email/render';
import { emailComponents, type NotificationEmailProps } from '@/emails';
import type { TemplateKey } from '@/lib/mail/templates';

export type RenderedEmail = { html: string; text: string };

/** HTML and plain-text versions of one message, from its React Email component. */
export async function renderEmail(key: TemplateKey, props: NotificationEmailProps): Promise<RenderedEmail> {
  const element = createElement(emailComponents[key], props);
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { html, text };
}
