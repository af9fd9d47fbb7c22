// The outbox is the hand-off from every domain to the mail worker: a row per email, written in the transaction of
// the change it reports, and a nudge.

// Every kind of email Parley sends: an outbox row names one (outbox.template); lib/mail/templates.ts gives each its
// text and emails/ its layout.

export const templateKeys = [
  'ticket_received',
  'agent_new_ticket',
  'agent_new_reply',
  'ticket_reply',
  'ticket_closed',
  'agent_ticket_reopened',
  'ticket_assigned',
  'participant_added',
  'participant_removed',
  'fresh_link',
  'links_rotated',
  'customer_email_changed',
  'backup_failed',
  'agent_email_confirm',
  'agent_email_changed',
  'agent_invitation',
  'two_factor_reset',
  'sla_warning',
  'sla_missed',
  'snooze_ended',
  'auto_close_reminder',
  'ticket_merged',
  'ticket_split',
  'reply_in_your_name',
  'inbound_refused',
  'rating_bad',
  'webhook_disabled',
] as const;

export type TemplateKey = (typeof templateKeys)[number];

export const isTemplateKey = (key: string): key is TemplateKey => (templateKeys as readonly string[]).includes(key);

// A wake-up call from the code that writes outbox rows to the worker that sends them. It lives on globalThis
// because Next bundles instrumentation (which starts the worker) and routes (which enqueue) separately.

const holder = globalThis as unknown as { parleyOutboxNudge?: () => void };

export function setOutboxNudge(nudge: () => void): void {
  holder.parleyOutboxNudge = nudge;
}

/** Asks the worker to look for due rows soon. Called inside a write transaction, it takes effect after the commit. */
export function nudgeOutboxWorker(): void {
  holder.parleyOutboxNudge?.();
}
