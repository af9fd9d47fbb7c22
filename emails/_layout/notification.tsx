// Each component from its own package: the umbrella `@react-email/components` would load them all (and Prism, for a
// code block no template has).
import { Body } from '@react-email/body';
import { Button } from '@react-email/button';
import { Container } from '@react-email/container';
import { Head } from '@react-email/head';
import { Heading } from '@react-email/heading';
import { Hr } from '@react-email/hr';
import { Html } from '@react-email/html';
import { Link } from '@react-email/link';
import { Preview } from '@react-email/preview';
import { Section } from '@react-email/section';
import { Text } from '@react-email/text';
import { REPLY_ABOVE_MARKER } from '@/lib/mail/inbound/marker';
import { renderTags } from '@/lib/tickets/template-tags';
import { paragraphsOf, type EmailLayout, type NotificationEmailProps } from './content';
import { type TemplateKey } from '@/lib/core/outbox-queue';
import { accountMessageFooter, accountTemplateKeys, sampleTagValues, templateDefinitions } from '@/lib/mail/templates';

// The one layout every Parley message uses. The body is the admin-editable text after its tags were filled in;
// React escapes it, so nothing a customer typed can become markup. The plain-text part is written from the same props
// (content.ts), so what one says the other says too.

export type { NotificationEmailProps };

const URL_PATTERN = /(https?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]'’”])/g;

/** A paragraph's lines, with web addresses as links. */
function LinkedText({ text }: { text: string }) {
  const lines = text.split('\n');
  return lines.map((line, i) => (
    <span key={i}>
      {line.split(URL_PATTERN).map((part, j) =>
        j % 2 === 1 ? (
          <Link key={j} href={part} style={{ color: '#4338ca' }}>
            {part}
          </Link>
        ) : (
          part
        ),
      )}
      {i < lines.length - 1 ? <br /> : null}
    </span>
  ));
}

export function NotificationEmail({
  heading,
  actionLabel,
  siteName,
  subject,
  body,
  ticketUrl,
  footer,
  unsubscribeUrl,
  attachments = [],
  replyAbove = false,
  thread = [],
  rating,
}: NotificationEmailProps & EmailLayout) {
  const paragraphs = paragraphsOf(body);
  return (
    <Html lang="en">
      <Head>
        <title>{subject}</title>
      </Head>
      <Preview>{subject}</Preview>
      <Body style={{ backgroundColor: '#f1f5f9', fontFamily: 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif', color: '#0f172a' }}>
        <Container style={{ maxWidth: 600, margin: '24px auto', backgroundColor: '#ffffff', borderRadius: 8, padding: '24px 28px' }}>
          {replyAbove ? <Text style={{ fontSize: 11, color: '#94a3b8', margin: '0 0 12px' }}>{REPLY_ABOVE_MARKER}</Text> : null}
          <Text style={{ fontSize: 13, color: '#4338ca', fontWeight: 600, margin: 0 }}>{siteName}</Text>
          <Heading as="h1" style={{ fontSize: 20, margin: '8px 0 16px' }}>
            {heading}
          </Heading>
          {paragraphs.map((paragraph, i) => (
            <Text key={i} style={{ fontSize: 15, lineHeight: '22px', margin: '0 0 14px' }}>
              <LinkedText text={paragraph} />
            </Text>
          ))}
          {attachments.length > 0 ? (
            <Section style={{ margin: '0 0 14px' }}>
              <Text style={{ fontSize: 14, fontWeight: 600, margin: '0 0 6px' }}>Attachments</Text>
              {attachments.map((file) => (
                <Text key={file.url} style={{ fontSize: 14, margin: '0 0 4px' }}>
                  <Link href={file.url} style={{ color: '#4338ca' }}>
                    {file.filename}
                  </Link>{' '}
                  ({file.size})
                </Text>
              ))}
            </Section>
          ) : null}
          {rating ? (
            <Section style={{ margin: '0 0 14px' }}>
              <Text style={{ fontSize: 15, fontWeight: 600, margin: '0 0 6px' }}>{rating.question}</Text>
              <Text style={{ fontSize: 15, margin: 0 }}>
                {rating.choices.map((choice, i) => (
                  <span key={choice.url}>
                    {i > 0 ? ' · ' : null}
                    <Link href={choice.url} style={{ color: '#4338ca', fontWeight: 600 }}>
                      {choice.label}
                    </Link>
                  </span>
                ))}
              </Text>
            </Section>
          ) : null}
          {ticketUrl && actionLabel ? (
            <Section style={{ margin: '20px 0 8px' }}>
              <Button href={ticketUrl} style={{ backgroundColor: '#4f46e5', color: '#ffffff', borderRadius: 6, padding: '10px 16px', fontSize: 14, fontWeight: 600 }}>
                {actionLabel}
              </Button>
              {/* The address once, beneath its button, for mail clients that hide buttons. */}
              <Text style={{ fontSize: 12, color: '#64748b', margin: '8px 0 0', wordBreak: 'break-all' }}>{ticketUrl}</Text>
            </Section>
          ) : null}
          {thread.map((section) => (
            <Section key={section.title} style={{ margin: '20px 0 0' }}>
              <Text style={{ fontSize: 14, fontWeight: 600, margin: '0 0 6px' }}>{section.title}</Text>
              {section.messages.map((message, i) => (
                <Section key={i} style={{ borderLeft: '3px solid #cbd5e1', padding: '0 0 0 12px', margin: '0 0 12px' }}>
                  <Text style={{ fontSize: 13, color: '#475569', margin: '0 0 4px' }}>
                    {message.author} wrote on {message.date}:
                  </Text>
                  <Text style={{ fontSize: 14, lineHeight: '20px', margin: 0, whiteSpace: 'pre-wrap' }}>{message.body}</Text>
                </Section>
              ))}
            </Section>
          ))}
          <Hr style={{ borderColor: '#e2e8f0', margin: '24px 0 12px' }} />
          <Text style={{ fontSize: 12, color: '#64748b', margin: 0 }}>
            {footer}
            {unsubscribeUrl ? (
              <>
                {' '}
                <Link href={unsubscribeUrl} style={{ color: '#64748b' }}>
                  Stop emails about this ticket
                </Link>
              </>
            ) : null}
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

// The account messages whose button is the way to act, and where their links lead.
const accountLinks = new Map<TemplateKey, string>([
  ['agent_email_confirm', 'confirm-email'],
  ['agent_invitation', 'invitation'],
]);

/** Default props for a preview: the built-in text of `key` filled with example values. */
export function samplePropsFor(key: TemplateKey, { external = true }: { external?: boolean } = {}): NotificationEmailProps {
  const definition = templateDefinitions[key];
  const aboutPerson = accountTemplateKeys.includes(key);
  return {
    siteName: sampleTagValues.sitename,
    subject: renderTags(definition.subject, sampleTagValues),
    body: renderTags(definition.body, sampleTagValues),
    ticketUrl: accountLinks.has(key) ? `https://help.example.com/${accountLinks.get(key)}/sample-link` : key === 'participant_removed' || aboutPerson ? null : sampleTagValues.ticket_url,
    footer: aboutPerson
      ? accountMessageFooter(key, key === 'customer_email_changed' ? 'customer' : 'agent', sampleTagValues.sitename)
      : `You receive this email because you are on ticket ${sampleTagValues.ticket_id} at ${sampleTagValues.sitename}.`,
    unsubscribeUrl: external && !aboutPerson ? 'https://help.example.com/unsubscribe/1042-p7-0123456789abcdef0123' : null,
    attachments:
      key === 'ticket_reply' || key === 'agent_new_reply'
        ? [{ filename: 'invoice-2026-11.pdf', size: '182 KB', url: `${sampleTagValues.ticket_url}/files/7` }]
        : [],
    replyAbove: external && key !== 'participant_removed' && !aboutPerson,
    thread:
      key === 'participant_added'
        ? [
            { title: 'The request', messages: [{ author: 'Pat Lee', date: sampleTagValues.date, body: sampleTagValues.ticket_content }] },
            { title: 'Latest messages', messages: [{ author: 'Dana Support', date: sampleTagValues.date, body: sampleTagValues.reply_content }] },
          ]
        : [],
  };
}
