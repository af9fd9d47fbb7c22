import type { TemplateKey } from '@/lib/core/outbox-queue';
import type { TagValues } from '@/lib/tickets/template-tags';

// The subject and body of each kind of email (lib/core/outbox-queue.ts lists the kinds). Admins may override each
// one's text (Settings → Emails); the React Email component of the same name in `emails/` lays it out.

export type TemplateDefinition = {
  label: string;
  // Who receives it, shown to admins next to the template.
  audience: string;
  subject: string;
  body: string;
};

export const templateDefinitions: Record<TemplateKey, TemplateDefinition> = {
  ticket_received: {
    label: 'Ticket received',
    audience: 'The customer, when their ticket is created',
    subject: '[{ticket_id}] We received your request: {ticket_title}',
    body: 'Hello {name},\n\nThank you for contacting {sitename}. Your request {ticket_id} has been received and we will reply soon.\n\nYou wrote:\n{ticket_content}\n\nFollow the ticket and reply at any time with your personal link below.',
  },
  agent_new_ticket: {
    label: 'New ticket (to agents)',
    audience: 'The assigned agent, or every agent who may see the ticket when it is unassigned',
    subject: '[{ticket_id}] New ticket: {ticket_title}',
    body: 'Hello {name},\n\n{reply_author} opened a new ticket on {date}.\n\n{ticket_content}\n\nOpen the ticket:\n{ticket_url}',
  },
  agent_new_reply: {
    label: 'New reply (to agents)',
    audience: 'The assigned agent, or every agent who may see the ticket, when a customer or participant replies',
    subject: '[{ticket_id}] New reply from {reply_author}: {ticket_title}',
    body: 'Hello {name},\n\n{reply_author} replied to {ticket_id} on {date}:\n\n{reply_content}\n\nOpen the ticket:\n{ticket_url}',
  },
  ticket_reply: {
    label: 'New reply',
    audience: 'The customer and, when “Copy participants” is on, the participants — never the reply’s author',
    subject: '[{ticket_id}] Re: {ticket_title}',
    body: 'Hello {name},\n\n{reply_author} replied to {ticket_relation} {ticket_id}:\n\n{reply_content}\n\nRead the conversation and reply with your personal link below.',
  },
  ticket_closed: {
    label: 'Ticket closed',
    audience: 'The customer and, when “Copy participants” is on, the participants',
    subject: '[{ticket_id}] Closed: {ticket_title}',
    body: 'Hello {name},\n\nTicket {ticket_id} “{ticket_title}” was closed on {date}.\n\nYou can still read it with your personal link below.',
  },
  agent_ticket_reopened: {
    label: 'Ticket reopened (to agents)',
    audience: 'The assignee (or every agent who may see an unassigned ticket), when the customer or a participant reopens it through their link',
    subject: '[{ticket_id}] Reopened: {ticket_title}',
    body: 'Hello {first_name},\n\nThe ticket {ticket_id} “{ticket_title}”{company? of {company}} was reopened through a personal link on {date}: it waits for the team again. Its history says who reopened it.',
  },
  auto_close_reminder: {
    label: 'Closing soon (auto-close reminder)',
    audience: 'The customer and the participants of a ticket on hold, two days before the auto-close of Settings → Tickets closes it',
    subject: '[{ticket_id}] We are closing this in 2 days: {ticket_title}',
    body: 'Hello {first_name},\n\nWe have been waiting on a reply about {ticket_id} “{ticket_title}” for a while. We are closing it in 2 days; reply to keep it open with your personal link below.',
  },
  ticket_merged: {
    label: 'Tickets merged',
    audience: 'Everyone who was on a ticket an agent merged into another: its customer and participants, once each',
    subject: '[{ticket_id}] {other_ticket_id} was merged into {ticket_id}: {ticket_title}',
    body: 'Hello {name},\n\nTicket {other_ticket_id} was merged into {ticket_id} “{ticket_title}” at {sitename}: the conversation continues there, with everything written on {other_ticket_id}. Your earlier link and your email replies now lead to it. Your personal link:\n{ticket_url}',
  },
  ticket_split: {
    label: 'Ticket split off',
    audience: 'The customer and the participants of a new ticket an agent split off from another (their fresh links)',
    subject: '[{ticket_id}] A new ticket for your message: {ticket_title}',
    body: 'Hello {name},\n\nPart of the conversation on {other_ticket_id} at {sitename} is now a ticket of its own, {ticket_id} “{ticket_title}”. Follow it and reply with your personal link:\n{ticket_url}',
  },
  rating_bad: {
    label: 'Rated “Not good” (to agents)',
    audience: 'The agent who closed the ticket (else its assignee, or every agent who may see it), when the customer or a participant rates it “Not good”',
    subject: '[{ticket_id}] Rated “Not good”: {ticket_title}',
    body: 'Hello {first_name},\n\n{reply_author} rated ticket {ticket_id} “{ticket_title}” “Not good” on {date}.{reply_content?\n\nTheir comment:\n{reply_content}}\n\nOpen the ticket:\n{ticket_url}',
  },
  ticket_assigned: {
    label: 'Ticket assigned (to agents)',
    audience: 'The agent the ticket was assigned to',
    subject: '[{ticket_id}] Assigned to you: {ticket_title}',
    body: 'Hello {name},\n\nTicket {ticket_id} “{ticket_title}” ({ticket_status}) is now assigned to you.\n\nOpen the ticket:\n{ticket_url}',
  },
  participant_added: {
    label: 'Added as participant',
    audience: 'The person added to a ticket (the email quotes the request and the latest messages)',
    subject: '[{ticket_id}] You were added to: {ticket_title}',
    body: 'Hello {name},\n\n{added_by} added you as a participant to ticket {ticket_id} “{ticket_title}” at {sitename}. You can read the whole conversation and reply with your personal link below.',
  },
  participant_removed: {
    label: 'Removed from ticket',
    audience: 'A participant an agent removed from a ticket (no link: theirs no longer works)',
    subject: '[{ticket_id}] You were removed from: {ticket_title}',
    body: 'Hello {name},\n\nYou are no longer a participant of ticket {ticket_id} “{ticket_title}” at {sitename}, and your link to it no longer works.',
  },
  fresh_link: {
    label: 'Fresh link',
    audience: 'Someone who asked for a new link to a ticket they are on',
    subject: '[{ticket_id}] Your link to: {ticket_title}',
    body: 'Hello {name},\n\nHere is your new personal link to ticket {ticket_id} “{ticket_title}”, below.\n\nIf you did not ask for it, you can ignore this message.',
  },
  links_rotated: {
    label: 'Links replaced',
    audience: 'The customer and the participants, when an administrator replaces the ticket’s links and chooses to tell them',
    subject: '[{ticket_id}] Your new link to: {ticket_title}',
    body: 'Hello {name},\n\nThe links to ticket {ticket_id} “{ticket_title}” at {sitename} were replaced; the one you had no longer works. Here is your new personal link, below.',
  },
  sla_warning: {
    label: 'Service target about to be missed (to agents)',
    audience: 'The assigned agent, or every agent who may see the ticket when it is unassigned, once per target',
    subject: '[{ticket_id}] About to miss its service target: {ticket_title}',
    body: 'Hello {name},\n\nTicket {ticket_id} “{ticket_title}” ({ticket_status}) is about to miss a service target. The ticket page says which one and when it is due.\n\nOpen the ticket:\n{ticket_url}',
  },
  sla_missed: {
    label: 'Service target missed (to agents)',
    audience: 'The assigned agent, or every agent who may see the ticket when it is unassigned, once per target',
    subject: '[{ticket_id}] Service target missed: {ticket_title}',
    body: 'Hello {name},\n\nTicket {ticket_id} “{ticket_title}” ({ticket_status}) has missed a service target. The ticket page says which one and by how much.\n\nOpen the ticket:\n{ticket_url}',
  },
  snooze_ended: {
    label: 'Snooze over (to agents)',
    audience: 'The assigned agent, or every agent who may see the ticket when it is unassigned, when a snoozed ticket reopens',
    subject: '[{ticket_id}] Back from snooze: {ticket_title}',
    body: 'Hello {name},\n\nTicket {ticket_id} “{ticket_title}” was snoozed until now and is open again.\n\nOpen the ticket:\n{ticket_url}',
  },
  reply_in_your_name: {
    label: 'Reply posted in your name',
    audience: 'The customer or participant a reply was attributed to when someone else posted it through their own link',
    subject: '[{ticket_id}] A reply was posted in your name: {ticket_title}',
    body: 'Hello {name},\n\nOn {date} a reply to ticket {ticket_id} “{ticket_title}” was posted in your name through another person’s personal link ({reply_author}):\n\n{reply_content}\n\nIf you did not agree to this, reply or tell the support team at {sitename}.',
  },
  customer_email_changed: {
    label: 'Email address changed',
    audience: 'A customer’s previous address, when an agent changes it (no link: the links sent there no longer work)',
    subject: 'Your email address at {sitename} was changed',
    body: 'Hello {name},\n\nOn {date} the support team at {sitename} changed the email address of your customer record. News about your tickets now goes to the new address, and the ticket links sent to this address no longer work.\n\nIf you did not ask for this, please contact {sitename} at once.',
  },
  backup_failed: {
    label: 'Backup failed (to administrators)',
    audience: 'Every administrator, once, when a scheduled backup fails (again only after one has succeeded)',
    subject: 'The scheduled backup of {sitename} failed',
    body: 'Hello {name},\n\nThe scheduled backup of {sitename} failed on {date}. Settings → Backups shows why. Parley tries again within 15 minutes, and emails again only after a backup has succeeded.\n\nUntil one succeeds, the newest backup is older than your schedule promises.',
  },
  agent_email_confirm: {
    label: 'Confirm a new sign-in address',
    audience: 'The new address an agent gave on their account page (the change waits for this link, valid 24 hours)',
    subject: 'Confirm your new sign-in address at {sitename}',
    body: 'Hello {first_name},\n\nYou asked to sign in to {sitename} with this address from now on. Follow the link below to confirm it; until then your previous address stays in use.\n\nIf you did not ask for this, ignore this email: nothing changes.',
  },
  agent_email_changed: {
    label: 'Sign-in address changed',
    audience: 'An agent’s previous address, once their new one took effect',
    subject: 'Your sign-in address at {sitename} was changed',
    body: 'Hello {first_name},\n\nOn {date} the address you sign in to {sitename} with was changed, and emails for you now go to the new one.\n\nIf you did not ask for this, tell an administrator of {sitename} at once.',
  },
  agent_invitation: {
    label: 'Invitation to join as an agent',
    audience: 'Someone an admin invited under Admin → Agents (the link works once, for 72 hours)',
    subject: 'You are invited to answer tickets at {sitename}',
    body: 'Hello {first_name},\n\nYou are invited to join the team at {sitename}. Follow the link below to choose your password; it works once, for 72 hours.\n\nIf you did not expect this, ignore this email.',
  },
  inbound_refused: {
    label: 'Email not added (automatic answer)',
    audience: 'Someone whose email to a ticket was refused (not on the ticket, or an old reply address); at most once a day per address, never to automatic mail, blocked senders or mail that failed DMARC',
    subject: 'Auto: your email to {sitename} was not added',
    body: 'Hello{first_name? {first_name}},\n\nThank you for your email. It could not be added to the conversation it answers: this address is not on that ticket, or the address you replied to is no longer in use.\n\nThe team has been told and may add you; then your email is added as it is, and you need not send it again. To be sure it reaches us, reply from the address that received our emails.\n\nThis is an automatic answer, sent at most once a day.',
  },
  webhook_disabled: {
    label: 'Webhook turned off (to administrators)',
    audience: 'Every administrator, when a webhook kept failing for 3 days and Parley turned it off',
    subject: 'A webhook of {sitename} was turned off',
    body: 'Hello {name},\n\nOn {date} Parley turned off a webhook: its deliveries kept failing for 3 days. Admin → Webhooks shows which one, its last responses, and lets you turn it on again and resend what it missed.',
  },
  two_factor_reset: {
    label: 'Two-factor sign-in reset (to agents)',
    audience: 'An agent whose two-factor sign-in an administrator reset (no link)',
    subject: 'Your two-factor sign-in at {sitename} was reset',
    body: 'Hello {name},\n\nOn {date} an administrator at {sitename} turned off two-factor sign-in for your account, and every session of yours ended. Sign in with your password and set it up again under Your account.\n\nIf you did not ask for this, tell your administrator at once.',
  },
};

/** Messages about a person rather than one ticket: no ticket link, no thread, no unsubscribe. */
export const accountTemplateKeys: readonly TemplateKey[] = [
  'customer_email_changed',
  'backup_failed',
  'webhook_disabled',
  'agent_email_confirm',
  'agent_email_changed',
  'agent_invitation',
  'two_factor_reset',
  'inbound_refused',
];

/** Why the recipient of a message about their person (or, for admins, the helpdesk) gets it. */
export function accountMessageFooter(template: TemplateKey, recipientKind: 'agent' | 'customer' | 'participant', siteName: string): string {
  if (template === 'backup_failed' || template === 'webhook_disabled') return `You receive this email because you are an administrator at ${siteName}.`;
  if (template === 'inbound_refused') return `You receive this automatic answer because an email from this address to ${siteName} could not be added to a ticket.`;
  if (template === 'agent_email_confirm' || template === 'agent_invitation') return `You receive this email because this address was given for an agent's account at ${siteName}.`;
  return recipientKind === 'agent'
    ? `You receive this email because you are an agent at ${siteName}.`
    : `You receive this email because this address was on file as a customer at ${siteName}.`;
}


/** Example values for previews (admin Preview button, `npm run email:dev`). */
export const sampleTagValues: TagValues = {
  ticket_url: 'https://help.example.com/t/1042.p7.1.sample-link',
  ticket_id: 'PAR-1042',
  ticket_title: 'Invoices are missing the VAT number',
  ticket_status: 'Open',
  ticket_content: 'Hello, since last month our invoices no longer show our VAT number. Could you add it back?',
  reply_content: 'Thanks for the report. We found the cause and the next invoice will show it again.',
  reply_author: 'Dana from Support',
  name: 'Alex Example',
  first_name: 'Alex',
  agent_name: 'Dana Support',
  added_by: 'Pat Lee (customer)',
  ticket_relation: 'your ticket',
  agent_first_name: 'Dana',
  company: 'Example Ltd',
  sitename: 'Parley',
  date: '25 Nov 2026, 09:30 UTC',
  other_ticket_id: 'PAR-1043',
};
