import { createElement } from 'react';
import { render } from '@react-email/render';
import { emailComponents } from '@/emails';
import { emailLayouts, notificationText, type NotificationEmailProps } from '@/emails/_layout/content';
import type { TemplateKey } from '@/lib/core/outbox-queue';

export type RenderedEmail = { html: string; text: string };

/**
 * HTML and plain-text versions of one message. The HTML comes from its React Email component; the text is written
 * from the same props (converting the HTML back to text cost more than rendering it).
 */
export async function renderEmail(key: TemplateKey, props: NotificationEmailProps): Promise<RenderedEmail> {
  const html = await render(createElement(emailComponents[key], props));
  return { html, text: notificationText(emailLayouts[key], props) };
}
