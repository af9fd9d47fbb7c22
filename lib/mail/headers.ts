import { createHmac, timingSafeEqual } from 'node:crypto';

// Headers that make Parley's mail thread per ticket, identify itself as automatic, and offer one-click unsubscribe.

/** The domain of MAIL_FROM (`Name <support@example.com>` or `support@example.com`), for Message-IDs. */
export function senderDomain(mailFrom: string): string {
  const address = /<([^>]+)>/.exec(mailFrom)?.[1] ?? mailFrom;
  const domain = /@([a-z0-9.-]+)\s*$/i.exec(address)?.[1];
  return domain ? domain.toLowerCase() : 'localhost';
}

// Parley's Message-IDs carry a MAC under the server secret: a reply that references one finds its ticket, and
// nobody can make up a reference to a ticket by guessing its number.
function messageIdMac(body: string, secret: string): string {
  return createHmac('sha256', secret).update(`parley-message-id:v1:${body}`).digest('hex').slice(0, 20);
}

/** One notification's Message-ID; the same for every retry of that outbox row. */
export function messageIdFor(outboxId: number, ticketId: number, domain: string, secret: string): string {
  const body = `outbox-${outboxId}.${ticketId}`;
  return `<${body}.${messageIdMac(body, secret)}@${domain}>`;
}

/** The ticket's thread id, in every notification's In-Reply-To and References. */
export function threadIdFor(ticketId: number, domain: string, secret: string): string {
  const body = `ticket-${ticketId}`;
  return `<${body}.${messageIdMac(body, secret)}@${domain}>`;
}

const PARLEY_MESSAGE_ID = /^<?((?:outbox-([1-9]\d{0,15})\.|ticket-)([1-9]\d{0,15}))\.([0-9a-f]{20})@[^>]+>?$/i;

/** The ticket (and outbox row) a Message-ID of ours names, or null when it is not ours or its MAC does not verify. */
export function verifyParleyMessageId(messageId: string, secret: string): { ticketId: number; outboxId: number | null } | null {
  const m = PARLEY_MESSAGE_ID.exec(messageId.trim());
  if (!m) return null;
  const body = m[1].toLowerCase();
  const given = Buffer.from(m[4].toLowerCase(), 'hex');
  const expected = Buffer.from(messageIdMac(body, secret), 'hex');
  if (!timingSafeEqual(given, expected)) return null;
  return { ticketId: Number(m[3]), outboxId: m[2] ? Number(m[2]) : null };
}

export function notificationHeaders({
  outboxId,
  ticketId,
  domain,
  secret,
  unsubscribeUrl,
}: {
  outboxId: number;
  // null for messages about a person rather than a ticket: they start no thread, and a reply to one names no ticket.
  ticketId: number | null;
  domain: string;
  secret: string;
  // Set for customers and participants (RFC 8058 one-click); agents get none.
  unsubscribeUrl: string | null;
}): Record<string, string> {
  const thread = ticketId === null ? null : threadIdFor(ticketId, domain, secret);
  return {
    'Message-ID': ticketId === null ? `<outbox-${outboxId}@${domain}>` : messageIdFor(outboxId, ticketId, domain, secret),
    ...(thread ? { 'In-Reply-To': thread, References: thread } : {}),
    'Auto-Submitted': 'auto-generated',
    ...(unsubscribeUrl ? { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : {}),
  };
}

/**
 * The automatic answer to a refused email (RFC 3834): `Auto-Submitted: auto-replied`, threaded under the message it
 * answers, and asking Exchange-style responders not to answer it in turn.
 */
export function autoAnswerHeaders({ outboxId, domain, inReplyTo, references }: { outboxId: number; domain: string; inReplyTo: string | null; references: string[] }): Record<string, string> {
  return {
    'Message-ID': `<outbox-${outboxId}@${domain}>`,
    ...(inReplyTo ? { 'In-Reply-To': `<${inReplyTo}>` } : {}),
    ...(references.length > 0 ? { References: references.map((id) => `<${id}>`).join(' ') } : {}),
    'Auto-Submitted': 'auto-replied',
    'X-Auto-Response-Suppress': 'All',
  };
}

/** Stable for one outbox row across every retry, and different across databases (ids restart, times do not). */
export function idempotencyKeyFor(row: { id: number; createdAt: Date }): string {
  return `parley-outbox-${row.id}-${row.createdAt.getTime()}`;
}
