// Headers that make Parley's mail thread per ticket, identify itself as automatic, and offer one-click unsubscribe.

/** The domain of MAIL_FROM (`Name <support@example.com>` or `support@example.com`), for Message-IDs. */
export function senderDomain(mailFrom: string): string {
  const address = /<([^>]+)>/.exec(mailFrom)?.[1] ?? mailFrom;
  const domain = /@([a-z0-9.-]+)\s*$/i.exec(address)?.[1];
  return domain ? domain.toLowerCase() : 'localhost';
}

export const messageIdFor = (outboxId: number, ticketId: number | null, domain: string) =>
  ticketId === null ? `<outbox-${outboxId}@${domain}>` : `<outbox-${outboxId}.${ticketId}@${domain}>`;
export const threadIdFor = (ticketId: number, domain: string) => `<ticket-${ticketId}@${domain}>`;

export function notificationHeaders({
  outboxId,
  ticketId,
  domain,
  unsubscribeUrl,
}: {
  outboxId: number;
  // null for messages about a person rather than a ticket: they start no thread.
  ticketId: number | null;
  domain: string;
  // Set for customers and participants (RFC 8058 one-click); agents get none.
  unsubscribeUrl: string | null;
}): Record<string, string> {
  const thread = ticketId === null ? null : threadIdFor(ticketId, domain);
  return {
    'Message-ID': messageIdFor(outboxId, ticketId, domain),
    ...(thread ? { 'In-Reply-To': thread, References: thread } : {}),
    'Auto-Submitted': 'auto-generated',
    ...(unsubscribeUrl ? { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : {}),
  };
}

/** Stable for one outbox row across every retry, and different across databases (ids restart, times do not). */
export function idempotencyKeyFor(row: { id: number; createdAt: Date }): string {
  return `parley-outbox-${row.id}-${row.createdAt.getTime()}`;
}
