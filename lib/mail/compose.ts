import 'server-only';
import { eq } from 'drizzle-orm';
import { agents, participants, ratings, replies, type Attachment, type OutboxRow, type Rating, type Reply } from '@/db/schema';
import type { QuotedSection } from '@/emails/_layout/content';
import { getActiveParticipant, linkVersionFor, ticketUrlFor } from '@/lib/participants/link-access';
import { replyAddress, signRecipientToken, unsubscribeUrl, type RecipientRef } from '@/lib/participants/links';
import { attachmentUrl } from '@/lib/attachments/access';
import { invitationUrlFor } from '@/lib/auth/invitations';
import { emailChangeUrl } from '@/lib/auth/profiles';
import { formatBytes } from '@/lib/files/limits';
import { listAttachmentsByReply } from '@/lib/files/store';
import { getDb, type Db } from '@/lib/core/db';
import { getEmailTemplates, type EmailTemplateText } from '@/lib/mail/template-settings';
import { getAuthSecret, getEnv } from '@/lib/core/env';
import { autoAnswerHeaders, notificationHeaders, senderDomain } from '@/lib/mail/headers';
import type { AutoAnswerPayload } from '@/lib/mail/inbound/auto-answer';
import { renderEmail } from '@/lib/mail/render';
import { MailSendError, type OutgoingEmail } from '@/lib/mail/send';
import { statusLabels } from '@/lib/tickets/statuses';
import { firstNameOf, renderTags, templateTags, type TagValues } from '@/lib/tickets/template-tags';
import { isTemplateKey, type TemplateKey } from '@/lib/core/outbox-queue';
import { accountMessageFooter, accountTemplateKeys } from '@/lib/mail/templates';
import { canEmailAttachmentTo, type ReplyViewer } from '@/lib/auth/policy';
import { filterVisibleReplies, firstVisibleMessage, maySeeReply, participantViewer } from '@/lib/tickets/audience';
import { safeDisplayName, sentThroughText } from '@/lib/people/display-names';
import { getSettings, type Settings } from '@/lib/core/settings';
import { getFirstPublicMessage, getQuotedThread, getTicketWithPeople, type TicketWithPeople } from '@/lib/tickets/records';
import { isAskedForRating, ratingLabels } from '@/lib/tickets/ratings';
import { ratingUrl } from '@/lib/participants/ratings';

// Turns an outbox row into the message to send, at send time: the admin's current template text, the ticket as it
// is now, and the recipient's own signed link.

/**
 * What composing reads from the database besides the row, each looked up at most once per context: the worker makes
 * one per batch, so the settings, the templates and a ticket that several recipients hear about are read once for
 * the batch (and a change shows from the next batch on), not once per message. Lookups are lazy: an error surfaces
 * in the message that needed them.
 */
export type ComposeContext = {
  settings(): Settings;
  template(key: TemplateKey): EmailTemplateText;
  ticket(id: number): TicketWithPeople | undefined;
  firstMessage(ticketId: number, viewer: ReplyViewer): string;
  reply(id: number): Reply | undefined;
  rating(id: number): Rating | undefined;
  attachments(replyId: number): Attachment[];
};

function cached<K, V>(load: (key: K) => V): (key: K) => V {
  const values = new Map<K, V>();
  return (key) => {
    if (!values.has(key)) values.set(key, load(key));
    return values.get(key) as V;
  };
}

export function createComposeContext(db: Db = getDb()): ComposeContext {
  const settings = cached((_: null) => getSettings(db));
  const templates = cached((_: null) => getEmailTemplates(db));
  const firstMessages = cached((ticketId: number) => getFirstPublicMessage({ ticketId }, db));
  return {
    settings: () => settings(null),
    template: (key) => templates(null)[key],
    ticket: cached((id: number) => getTicketWithPeople({ id, settings: settings(null) }, db)),
    firstMessage: (ticketId, viewer) =>
      viewer.kind === 'agent' ? firstMessages(ticketId) : firstVisibleMessage(ticketId, viewer, db),
    reply: cached((id: number) => db.select().from(replies).where(eq(replies.id, id)).get()),
    rating: cached((id: number) => db.select().from(ratings).where(eq(ratings.id, id)).get()),
    attachments: cached((replyId: number) => listAttachmentsByReply({ replyIds: [replyId] }, db).get(replyId) ?? []),
  };
}

// Made once: building an Intl.DateTimeFormat costs far more than formatting with one.
const emailDate = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
const formatEmailDate = (date: Date) => `${emailDate.format(date)} UTC`;

// A removed participant's row (their removal notice still quotes what they could see).
const getParticipantById = (id: number) => getDb().select().from(participants).where(eq(participants.id, id)).get();

/** Where the recipient opens the ticket: agents the agent page, everyone else their personal link. */
function recipientLink(ticket: TicketWithPeople, recipient: RecipientRef): string {
  if (recipient.kind === 'agent') return `${getEnv().APP_URL}/tickets/${ticket.id}`;
  return ticketUrlFor(ticket, { kind: recipient.kind, id: recipient.id });
}

function footerFor(template: TemplateKey, recipient: RecipientRef, ticketNumber: string, siteName: string): string {
  if (recipient.kind === 'agent') return `You receive this email because you are an agent at ${siteName}.`;
  if (template === 'participant_removed') return `You receive this email because you were a participant of ticket ${ticketNumber} at ${siteName}.`;
  if (template === 'links_rotated') return `You receive this email because you are on ticket ${ticketNumber} at ${siteName} and its links were replaced.`;
  if (template === 'fresh_link') return `You receive this email because a new link to ticket ${ticketNumber} at ${siteName} was requested for this address.`;
  return `You receive this email because you are on ticket ${ticketNumber} at ${siteName}.`;
}

export async function composeOutboxMessage(row: OutboxRow, context: ComposeContext = createComposeContext()): Promise<OutgoingEmail> {
  if (!isTemplateKey(row.template)) throw new MailSendError(`Unknown email template “${row.template}”.`, true);
  const template = row.template;
  if (accountTemplateKeys.includes(template)) return composeAccountMessage(row, template, context);
  const ticket = row.ticketId === null ? undefined : context.ticket(row.ticketId);
  if (!ticket || row.recipientId === null) throw new MailSendError('The ticket of this message no longer exists.', true);
  const recipient: RecipientRef = { kind: row.recipientKind, id: row.recipientId };
  const participant = recipient.kind === 'participant' ? getActiveParticipant({ ticketId: ticket.id, participantId: recipient.id }) : undefined;
  // A participant removed after the message was queued gets no more news of the ticket (the removal notice aside).
  if (recipient.kind === 'participant' && template !== 'participant_removed' && !participant) {
    throw new MailSendError(`Not sent: ${row.toEmail} is no longer a participant of this ticket.`, true);
  }
  // Who the recipient is to lib/auth/policy.ts canPersonSeeReply: the email carries only what they may see.
  const viewer: ReplyViewer =
    recipient.kind === 'agent'
      ? { kind: 'agent' }
      : recipient.kind === 'customer'
        ? { kind: 'customer', id: recipient.id }
        : participantViewer(participant ?? getParticipantById(recipient.id) ?? { id: recipient.id, view: 'addressed', createdAt: new Date(8.64e15) });

  const env = getEnv();
  const secret = getAuthSecret();
  const settings = context.settings();
  const { replyId, otherTicketId, ratingId } = JSON.parse(row.payload) as { replyId?: number; otherTicketId?: number; ratingId?: number };
  const reply = replyId === undefined ? undefined : context.reply(replyId);
  if (reply && template !== 'participant_removed' && !maySeeReply(viewer, reply)) {
    throw new MailSendError(`Not sent: ${row.toEmail} may not see the reply this message is about.`, true);
  }
  // rating_bad: who rated and their comment stand in the reply's tags.
  const rating = ratingId === undefined ? undefined : context.rating(ratingId);

  const ticketUrl = template === 'participant_removed' ? null : recipientLink(ticket, recipient);
  const text = context.template(template);
  const agentName = reply && !reply.private && reply.authorKind === 'agent' ? reply.authorName : (ticket.assignee?.name ?? '');
  const values: TagValues = {
    ticket_url: ticketUrl ?? '',
    ticket_id: ticket.displayNumber,
    ticket_title: ticket.subject,
    ticket_status: statusLabels[ticket.status],
    // Read only when the template shows it (by default, the two about a new ticket): renderTags reads the tags it meets.
    get ticket_content() {
      return context.firstMessage(ticket.id, viewer);
    },
    // An agent's signature, as sent with the reply, closes it.
    reply_content: rating ? rating.comment : reply && !reply.private ? (reply.signature ? `${reply.body}\n\n${reply.signature}` : reply.body) : '',
    reply_author: rating
      ? `${safeDisplayName(rating.raterName || rating.raterEmail)} (${rating.raterKind})`
      : reply && !reply.private ? `${safeDisplayName(reply.authorName)}${sentThroughText(reply, { forEmail: true })}` : '',
    name: safeDisplayName(row.toName),
    first_name: firstNameOf(safeDisplayName(row.toName)),
    agent_name: safeDisplayName(agentName),
    agent_first_name: firstNameOf(safeDisplayName(agentName)),
    company: ticket.customer.company?.name ?? '',
    sitename: settings.siteName,
    date: formatEmailDate(row.createdAt),
    // The merged ticket, or the one a new ticket was split from.
    other_ticket_id: otherTicketId === undefined ? '' : (context.ticket(otherTicketId)?.displayNumber ?? ''),
    get added_by() {
      return template === 'participant_added' && recipient.kind === 'participant' ? addedByName(recipient.id, settings.siteName) : '';
    },
    ticket_relation: recipient.kind === 'customer' ? 'your ticket' : 'a ticket you take part in',
  };
  const { subject, body } = templateText(text, values);

  // The reply's files, each under this recipient's own link (an agent's is the ticket page): a link that stops working
  // when their access does.
  const attachments =
    reply && ticketUrl
      ? context
          .attachments(reply.id)
          .filter((a) => canEmailAttachmentTo(recipient.kind, { ...a, onPrivateNote: reply.private }))
          .map((a) => ({ filename: a.filename, size: formatBytes(a.size), url: attachmentUrl(a, { kind: 'email-link', ticketUrl }) }))
      : [];

  const external = recipient.kind !== 'agent';
  // The closing email asks "How did we do?" when the team asks this person; each answer opens a page under their own link.
  const ratingQuestion =
    template === 'ticket_closed' && ticketUrl && recipient.kind !== 'agent' && row.eventId !== null && isAskedForRating(recipient.kind, settings)
      ? {
          question: 'How did we do?',
          choices: (['good', 'bad'] as const).map((value) => ({ label: ratingLabels[value], url: ratingUrl(ticketUrl, row.eventId!, value) })),
        }
      : undefined;
  // An agent's reply address names no link; a customer's or participant's carries their link version, so it goes stale with it.
  const claims = { ticketId: ticket.id, recipient, version: recipient.kind === 'agent' ? 1 : linkVersionFor(ticket, { kind: recipient.kind, id: recipient.id }) };
  const unsubscribe = external ? unsubscribeUrl(env.APP_URL, signRecipientToken('unsubscribe', claims, secret)) : null;
  const rendered = await renderEmail(template, {
    siteName: settings.siteName,
    subject,
    body,
    ticketUrl,
    footer: footerFor(template, recipient, ticket.displayNumber, settings.siteName),
    unsubscribeUrl: unsubscribe,
    attachments,
    // Customers and participants may answer by email — when replies by email can reach Parley at all (INBOUND_DOMAIN);
    // a removed participant's answer would be refused anyway.
    replyAbove: external && template !== 'participant_removed' && Boolean(env.INBOUND_DOMAIN),
    thread: recipient.kind === 'participant' && (template === 'participant_added' || template === 'ticket_reply') ? quotedThreadFor(ticket.id, reply?.id, viewer) : [],
    rating: ratingQuestion,
  });
  return {
    outboxId: row.id,
    from: env.MAIL_FROM,
    to: row.toEmail,
    subject,
    ...rendered,
    replyTo: env.INBOUND_DOMAIN ? replyAddress(signRecipientToken('reply-address', claims, secret), env.INBOUND_DOMAIN) : null,
    headers: notificationHeaders({ outboxId: row.id, ticketId: ticket.id, domain: senderDomain(env.MAIL_FROM), secret, unsubscribeUrl: unsubscribe }),
    links: [ticketUrl, ...attachments.map((a) => a.url), ...(ratingQuestion?.choices.map((c) => c.url) ?? []), unsubscribe].filter((link): link is string => link !== null),
  };
}

/** Who added a participant, as their "added you" email names them: "Pat Lee (customer)", an agent, or the team. */
function addedByName(participantId: number, siteName: string): string {
  const row = getDb()
    .select({ holderKind: participants.addedByHolderKind, holderName: participants.addedByHolderName, agentName: agents.name })
    .from(participants)
    .leftJoin(agents, eq(agents.id, participants.addedByAgentId))
    .where(eq(participants.id, participantId))
    .get();
  if (row?.holderKind) return `${safeDisplayName(row.holderName ?? '') || 'Someone on the ticket'} (${row.holderKind})`;
  if (row?.agentName) return `${safeDisplayName(row.agentName)} at ${siteName}`;
  return `The support team at ${siteName}`;
}

/** The request and the latest messages, quoted in emails to participants (the reply the email is about left out). */
function quotedThreadFor(ticketId: number, exceptReplyId: number | undefined, viewer: ReplyViewer): QuotedSection[] {
  // Only what this reader may see: never a side reply to others, nor a contractor's earlier conversation.
  const { request, latest } = getQuotedThread({ ticketId, exceptReplyId, keep: (list) => filterVisibleReplies(viewer, list) });
  const quote = (reply: Reply) => ({
    author: `${safeDisplayName(reply.authorName) || 'Someone'}${sentThroughText(reply, { forEmail: true })}`,
    date: formatEmailDate(reply.createdAt),
    body: reply.signature ? `${reply.body}\n\n${reply.signature}` : reply.body,
  });
  return [
    ...(request && request.id !== exceptReplyId ? [{ title: 'The request', messages: [quote(request)] }] : []),
    ...(latest.length > 0 ? [{ title: 'Latest messages', messages: latest.map(quote) }] : []),
  ];
}

/** The admin's current subject and body of a template, with the tags filled in. */
function templateText(text: EmailTemplateText, values: TagValues) {
  return { subject: renderTags(text.subject, values).replace(/\s+/g, ' ').trim(), body: renderTags(text.body, values) };
}

/**
 * The link of an account message that has one: a new sign-in address's confirmation (signed over what the row says)
 * or an invitation's (only while it is open: one revoked or accepted since it was queued is never sent).
 */
function accountActionUrl(row: OutboxRow, template: TemplateKey): string | null {
  if (template === 'agent_email_confirm') return emailChangeUrl(JSON.parse(row.payload));
  if (template !== 'agent_invitation') return null;
  const url = invitationUrlFor((JSON.parse(row.payload) as { invitationId: number }).invitationId);
  if (!url) throw new MailSendError('Not sent: the invitation was revoked or accepted since.', true);
  return url;
}

/** An account message starts no thread; the automatic answer to a refused email threads under that email. */
function accountHeaders(row: OutboxRow, template: TemplateKey, domain: string): Record<string, string> {
  if (template !== 'inbound_refused') return notificationHeaders({ outboxId: row.id, ticketId: null, domain, secret: getAuthSecret(), unsubscribeUrl: null });
  const { inReplyTo = null, references = [] } = JSON.parse(row.payload) as Partial<AutoAnswerPayload>;
  return autoAnswerHeaders({ outboxId: row.id, domain, inReplyTo, references });
}

/**
 * A message about the person or the helpdesk rather than a ticket (an address changed, a backup failed, a
 * second factor reset, an invitation): no thread or unsubscribe, and a link only where the message is the way to act.
 */
async function composeAccountMessage(row: OutboxRow, template: TemplateKey, context: ComposeContext): Promise<OutgoingEmail> {
  const env = getEnv();
  const settings = context.settings();
  const blank = Object.fromEntries(templateTags.map((tag) => [tag, ''])) as TagValues;
  const values: TagValues = { ...blank, name: safeDisplayName(row.toName), first_name: firstNameOf(safeDisplayName(row.toName)), sitename: settings.siteName, date: formatEmailDate(row.createdAt) };
  const { subject, body } = templateText(context.template(template), values);
  const actionUrl = accountActionUrl(row, template);
  const rendered = await renderEmail(template, {
    siteName: settings.siteName,
    subject,
    body,
    ticketUrl: actionUrl,
    footer: accountMessageFooter(template, row.recipientKind, settings.siteName),
    unsubscribeUrl: null,
  });
  return {
    outboxId: row.id,
    from: env.MAIL_FROM,
    to: row.toEmail,
    subject,
    ...rendered,
    replyTo: null,
    headers: accountHeaders(row, template, senderDomain(env.MAIL_FROM)),
    links: actionUrl ? [actionUrl] : [],
  };
}
