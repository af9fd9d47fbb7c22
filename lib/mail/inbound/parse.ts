import type { AddressObject } from 'mailparser';
import { normalizeEmail } from '@/lib/auth/policy';
import { withUtf8Headers } from '@/lib/mail/inbound/header-charset';
import { extractNewText } from '@/lib/mail/inbound/reply-text';

// Turns a raw RFC 822 message into the facts the inbound pipeline decides on: who, to whom, in reply to what, the
// headers that mark automatic mail, and the new text of the message with quoted history and signatures stripped.

export type Mailbox = { email: string; name: string };

export type InboundFacts = {
  // Lower-case, without angle brackets.
  messageId: string | null;
  from: Mailbox | null;
  // To and Cc as written (the people the sender wrote to).
  toCc: Mailbox[];
  // Every address the message was delivered to: To, Cc, Delivered-To, X-Original-To, lower-case.
  recipients: string[];
  // In-Reply-To first, then References newest first; lower-case, without angle brackets.
  references: string[];
  subject: string;
  // Each header's values by lower-case name, in order of appearance.
  headers: Record<string, string[]>;
  // The whole text of the message (the HTML converted when there is no text part).
  fullText: string;
  // What the sender wrote this time: quoted history and signatures removed.
  newText: string;
  // Attached files and inline images (cid:), in order.
  attachments: InboundAttachment[];
};

export type InboundAttachment = { filename: string; content: Buffer; inline: boolean };

/** Lower-case Message-ID without angle brackets, or null for an empty one. */
export function normalizeMessageId(id: string): string | null {
  const inner = id.trim().replace(/^<+/, '').replace(/>+$/, '').trim().toLowerCase();
  return inner === '' ? null : inner;
}

/** Every `<id>` in a header value such as References (some clients separate them with commas or nothing). */
export function messageIdsIn(value: string): string[] {
  const ids = [...value.matchAll(/<([^<>\s]+)>/g)].map((m) => normalizeMessageId(m[1])).filter((id): id is string => id !== null);
  if (ids.length > 0) return ids;
  const bare = normalizeMessageId(value);
  return bare && !/\s/.test(bare) ? [bare] : [];
}

function mailboxes(field: AddressObject | AddressObject[] | undefined): Mailbox[] {
  const list = field === undefined ? [] : Array.isArray(field) ? field : [field];
  const out: Mailbox[] = [];
  const visit = (entries: AddressObject['value']) => {
    for (const entry of entries) {
      if (entry.group) visit(entry.group);
      else if (entry.address) out.push({ email: normalizeEmail(entry.address), name: (entry.name ?? '').trim() });
    }
  };
  for (const object of list) visit(object.value);
  return out;
}

/** Bare addresses in a header value such as Delivered-To (`<a@b>` or `a@b`). */
function addressesIn(value: string): string[] {
  return [...value.matchAll(/<?([^\s<>,;"]+@[^\s<>,;"]+)>?/g)].map((m) => normalizeEmail(m[1]));
}

export async function parseInboundMessage(raw: Buffer): Promise<InboundFacts> {
  // Loaded at the first message to parse: intake (peekHeaders) and the IMAP reader use this module long before.
  const { simpleParser } = await import('mailparser');
  const parsed = await simpleParser(withUtf8Headers(raw), { skipImageLinks: true, skipTextLinks: true });
  const headers: Record<string, string[]> = {};
  for (const line of parsed.headerLines) {
    const value = line.line.slice(line.line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim();
    (headers[line.key.toLowerCase()] ??= []).push(value);
  }
  const toCc = [...mailboxes(parsed.to), ...mailboxes(parsed.cc)];
  const delivered = [...(headers['delivered-to'] ?? []), ...(headers['x-original-to'] ?? [])].flatMap(addressesIn);
  const inReplyTo = (headers['in-reply-to'] ?? []).flatMap(messageIdsIn);
  const references = (headers.references ?? []).flatMap(messageIdsIn).reverse();
  const fullText = (parsed.text ?? '').replace(/\r\n?/g, '\n').trim();
  return {
    messageId: parsed.messageId ? normalizeMessageId(parsed.messageId) : null,
    from: mailboxes(parsed.from)[0] ?? null,
    toCc,
    recipients: [...new Set([...toCc.map((m) => m.email), ...delivered])],
    references: [...new Set([...inReplyTo, ...references])],
    subject: (parsed.subject ?? '').replace(/\s+/g, ' ').trim(),
    headers,
    fullText,
    newText: extractNewText(fullText),
    attachments: parsed.attachments
      // A forwarded or bounced message (message/rfc822) is part of the text, not a file to keep.
      .filter((a) => a.contentType !== 'message/rfc822' && a.contentType !== 'message/delivery-status' && a.contentType !== 'text/rfc822-headers')
      .map((a, i) => ({
        filename: a.filename || (a.related || a.contentDisposition === 'inline' ? `image-${i + 1}` : `attachment-${i + 1}`),
        content: a.content,
        inline: a.related === true || a.contentDisposition === 'inline',
      })),
  };
}

/** The Message-ID and sender read straight from the raw headers at intake, before the message is parsed in full. */
export function peekHeaders(raw: Buffer): { messageId: string | null; fromEmail: string | null; subject: string | null } {
  const head = raw.subarray(0, Math.min(raw.length, 64 * 1024)).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  const unfolded = (end === -1 ? head : head.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const header = (name: string) => new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(unfolded)?.[1]?.trim() ?? null;
  const messageId = header('Message-ID');
  const from = header('From');
  return {
    messageId: messageId ? (messageIdsIn(messageId)[0] ?? null) : null,
    fromEmail: from ? (addressesIn(from)[0] ?? null) : null,
    subject: header('Subject')?.slice(0, 300) ?? null,
  };
}
