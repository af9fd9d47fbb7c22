import { REPLY_ABOVE_MARKER } from '@/lib/mail/inbound/marker';
import type { TemplateKey } from '@/lib/core/outbox-queue';

// What a Parley message says, apart from how the HTML lays it out: the props every template takes, each template's
// heading and button, and the plain-text part, written from the same props as the HTML (notification.tsx) rather than
// converted back from it. No React here, so the text costs nothing to make.

export type NotificationEmailProps = {
  siteName: string;
  subject: string;
  body: string;
  // The recipient's own link, or null when there is none to give (a removed participant).
  ticketUrl: string | null;
  // Why the recipient gets this message.
  footer: string;
  unsubscribeUrl: string | null;
  // Files of the message, each with a download link through the recipient's own access (never attached to the email).
  attachments?: { filename: string; size: string; url: string }[];
  // Messages people may answer by email start with the marker that inbound mail cuts the quoted copy at (only when
  // replies by email can reach Parley: INBOUND_DOMAIN is set).
  replyAbove?: boolean;
  // Quoted context for participants: the request (the first message) and the latest messages of the thread.
  thread?: QuotedSection[];
  // The closing email's "How did we do?": each answer a link through the recipient's own link (lib/tickets/ratings.ts).
  rating?: { question: string; choices: { label: string; url: string }[] };
};

export type QuotedMessage = { author: string; date: string; body: string };
export type QuotedSection = { title: string; messages: QuotedMessage[] };

/** A quoted message as plain text: "Pat Lee wrote on 25 Nov 2026, 09:30 UTC:" and its lines behind "> ". */
export const quotedText = (message: QuotedMessage) =>
  [`${message.author} wrote on ${message.date}:`, ...message.body.replace(/\r\n?/g, '\n').split('\n').map((line) => `> ${line}`.trimEnd())].join('\n');

/** A template's heading and the label of its button to the ticket (none: the message has no button). */
export type EmailLayout = { heading: string; actionLabel?: string };

export const emailLayouts: Record<TemplateKey, EmailLayout> = {
  ticket_received: { heading: 'We received your request', actionLabel: 'View your request' },
  agent_new_ticket: { heading: 'New ticket', actionLabel: 'Open the ticket' },
  agent_new_reply: { heading: 'New reply', actionLabel: 'Open the ticket' },
  ticket_reply: { heading: 'New reply', actionLabel: 'Read and reply' },
  reply_in_your_name: { heading: 'A reply was posted in your name', actionLabel: 'Open the ticket' },
  ticket_closed: { heading: 'Ticket closed', actionLabel: 'View the ticket' },
  agent_ticket_reopened: { heading: 'Ticket reopened', actionLabel: 'Open the ticket' },
  ticket_assigned: { heading: 'Assigned to you', actionLabel: 'Open the ticket' },
  participant_added: { heading: 'You were added to a ticket', actionLabel: 'Open the ticket' },
  participant_removed: { heading: 'You were removed from a ticket' },
  fresh_link: { heading: 'Your new link', actionLabel: 'Open the ticket' },
  links_rotated: { heading: 'Your new link', actionLabel: 'Open the ticket' },
  customer_email_changed: { heading: 'Your email address was changed' },
  backup_failed: { heading: 'A backup failed' },
  agent_email_confirm: { heading: 'Confirm your new address', actionLabel: 'Confirm this address' },
  agent_email_changed: { heading: 'Your sign-in address was changed' },
  agent_invitation: { heading: 'You are invited', actionLabel: 'Choose your password' },
  two_factor_reset: { heading: 'Your two-factor sign-in was reset' },
  sla_warning: { heading: 'About to miss a service target', actionLabel: 'Open the ticket' },
  sla_missed: { heading: 'Service target missed', actionLabel: 'Open the ticket' },
  snooze_ended: { heading: 'Back from snooze', actionLabel: 'Open the ticket' },
  auto_close_reminder: { heading: 'Closing in 2 days', actionLabel: 'Reply to keep it open' },
  ticket_merged: { heading: 'Your tickets were merged', actionLabel: 'Open the ticket' },
  ticket_split: { heading: 'A new ticket for your message', actionLabel: 'Open the new ticket' },
  inbound_refused: { heading: 'Your email was not added' },
  rating_bad: { heading: 'Rated “Not good”', actionLabel: 'Open the ticket' },
  webhook_disabled: { heading: 'A webhook was turned off' },
};

/** The body's paragraphs: split at blank lines, empty ones dropped. */
export const paragraphsOf = (body: string) => body.split(/\n{2,}/).filter((p) => p.trim() !== '');

const RULE = '-'.repeat(40);

/**
 * The plain-text part: the same content as the HTML, in the same order (marker, site, heading, the admin's text with
 * its tags filled, attachments, the button's link, footer and unsubscribe link), with every value as typed.
 */
export function notificationText({ heading, actionLabel }: EmailLayout, props: NotificationEmailProps): string {
  const { siteName, body, ticketUrl, footer, unsubscribeUrl, attachments = [], replyAbove = false, thread = [], rating } = props;
  const blocks: string[] = [];
  if (replyAbove) blocks.push(REPLY_ABOVE_MARKER);
  blocks.push(siteName, heading.toUpperCase());
  const text = body.replace(/\r\n?/g, '\n').replace(/[ \t]+$/gm, '');
  blocks.push(...paragraphsOf(text));
  if (attachments.length > 0) blocks.push(['Attachments:', ...attachments.map((file) => `${file.filename} (${file.size}): ${file.url}`)].join('\n'));
  if (rating) blocks.push([rating.question, ...rating.choices.map((choice) => `${choice.label}: ${choice.url}`)].join('\n'));
  if (ticketUrl && actionLabel) blocks.push(`${actionLabel}: ${ticketUrl}`);
  for (const section of thread) blocks.push([`${section.title}:`, ...section.messages.map(quotedText)].join('\n\n'));
  blocks.push(RULE);
  blocks.push(unsubscribeUrl ? `${footer}\nStop emails about this ticket: ${unsubscribeUrl}` : footer);
  return `${blocks.join('\n\n')}\n`;
}
