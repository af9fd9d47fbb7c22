import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Joiner, Splitter, type MimeNode, type SplitterChunk } from '@zone-eu/mailsplit';
import type { AddressObject } from 'mailparser';
import { normalizeEmail } from '@/lib/auth/policy';
import { withUtf8Headers } from '@/lib/mail/inbound/header-charset';
import { extractNewText } from '@/lib/mail/inbound/reply-text';
import { safeDisplayName } from '@/lib/people/display-names';

// Turns a raw RFC 822 message into the facts the inbound pipeline decides on: who, to whom, in reply to what, the
// headers that mark automatic mail, and the new text of the message with quoted history and signatures stripped.

export type Mailbox = { email: string; name: string };

export type InboundFacts = {
  // Lower-case, without angle brackets.
  messageId: string | null;
  from: Mailbox | null;
  // Why the From header is not exactly one plain ASCII address (then nothing in the message may be trusted), or null.
  fromProblem: string | null;
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
      else if (entry.address) out.push({ email: normalizeEmail(entry.address), name: safeDisplayName(entry.name ?? '') });
    }
  };
  for (const object of list) visit(object.value);
  return out;
}

/** Bare addresses in a header value such as Delivered-To (`<a@b>` or `a@b`). */
function addressesIn(value: string): string[] {
  return [...value.matchAll(/<?([^\s<>,;"]+@[^\s<>,;"]+)>?/g)].map((m) => normalizeEmail(m[1]));
}

// A plain address as Parley accepts it in From: ASCII only, so no lookalike letter (a Kelvin sign for a K) and no
// encoded word can stand for another address.
const PLAIN_ADDRESS = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*$/;

/**
 * Why a message's From cannot be trusted to name its sender, or null: it must be one header holding one plain
 * address, written as such (what the parser read must be what the raw header says, so neither an encoded word nor a
 * punycode domain (`xn--`) that the parser decodes can make it read as someone else).
 */
export function fromProblemOf(rawFromValues: string[], parsed: Mailbox[]): string | null {
  if (rawFromValues.length !== 1) return rawFromValues.length === 0 ? 'The message has no sender address (From).' : 'The message has more than one From header.';
  if (parsed.length !== 1) return 'The From header does not hold exactly one address.';
  const value = rawFromValues[0].replace(/\([^()]*\)/g, ' ').trim();
  const angle = /<([^<>]*)>\s*$/.exec(value);
  const written = (angle ? angle[1] : value).trim();
  const domain = written.slice(written.lastIndexOf('@') + 1);
  if (!PLAIN_ADDRESS.test(written) || domain.split('.').some((label) => label.toLowerCase().startsWith('xn--')) || normalizeEmail(written) !== parsed[0].email) {
    return 'The From address is not a plain address (encoded, international or lookalike characters).';
  }
  return null;
}

// Line breaks of the message's own header block, as every reader here must see them: a bare CR or LF ends a header
// line just as CRLF does, so the intake peek and the parser never disagree on which headers there are.
const LINE_BREAK = /\r\n|\r|\n/g;
const HEADER_END = /(?:\r\n|\r(?!\n)|\n)(?:\r\n|\r(?!\n)|\n)/;

/** The message with its top-level header block's line breaks made CRLF (the body is left byte for byte). */
export function canonicalHeaderBlock(raw: Buffer): Buffer {
  const head = raw.subarray(0, Math.min(raw.length, 256 * 1024)).toString('latin1');
  const end = HEADER_END.exec(head);
  const headerText = end ? head.slice(0, end.index) : head;
  const canonical = headerText.replace(LINE_BREAK, '\r\n');
  if (canonical === headerText && (!end || end[0] === '\r\n\r\n')) return raw;
  const rest = raw.subarray(Buffer.byteLength(headerText, 'latin1') + (end ? end[0].length : 0));
  return Buffer.concat([Buffer.from(`${canonical}\r\n\r\n`, 'latin1'), rest]);
}

/** The most of a message's text and HTML parts together (as sent, encoded) that is parsed: replies keep 50,000 characters anyway. */
export const TEXT_PART_MAX_BYTES = 1024 * 1024;

/**
 * The message with its text and HTML parts cut to TEXT_PART_MAX_BYTES in all, before the parser sees it: the parser holds a
 * part whole and turns HTML into a document tree, which for a 10 MB part outgrows the background thread's heap.
 * Attachments (and the stored original) are left whole.
 */
export async function capTextParts(raw: Buffer): Promise<Buffer> {
  let node: MimeNode | null = null;
  let kept = 0;
  const cap = new Transform({
    objectMode: true,
    transform(chunk: SplitterChunk, _encoding, done) {
      if (chunk.type === 'node') node = chunk;
      else if (chunk.type === 'body' && node && !node.multipart && (node.contentType || 'text/plain').startsWith('text/') && node.disposition !== 'attachment') {
        const room = Math.max(0, TEXT_PART_MAX_BYTES - kept);
        if (chunk.value.length > room) chunk = { ...chunk, value: chunk.value.subarray(0, room) };
        kept += chunk.value.length;
      }
      done(null, chunk);
    },
  });
  const parts: Buffer[] = [];
  const collect = new Transform({
    transform(data: Buffer, _encoding, done) {
      parts.push(data);
      done();
    },
  });
  await pipeline(Readable.from([raw]), new Splitter(), cap, new Joiner(), collect);
  return Buffer.concat(parts);
}

export async function parseInboundMessage(raw: Buffer): Promise<InboundFacts> {
  // Loaded at the first message to parse: intake (peekHeaders) and the IMAP reader use this module long before.
  const { simpleParser } = await import('mailparser');
  const parsed = await simpleParser(await capTextParts(withUtf8Headers(canonicalHeaderBlock(raw))), { skipImageLinks: true, skipTextLinks: true });
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
  const from = mailboxes(parsed.from);
  const rawFrom = parsed.headerLines.filter((line) => line.key === 'from').map((line) => line.line.slice(line.line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' '));
  return {
    messageId: parsed.messageId ? normalizeMessageId(parsed.messageId) : null,
    from: from[0] ?? null,
    fromProblem: fromProblemOf(rawFrom, from),
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
  const head = canonicalHeaderBlock(raw.subarray(0, Math.min(raw.length, 64 * 1024))).toString('latin1');
  const end = head.indexOf('\r\n\r\n');
  const unfolded = (end === -1 ? head : head.slice(0, end)).replace(/\r\n[ \t]+/g, ' ');
  const header = (name: string) => new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(unfolded)?.[1]?.trim() ?? null;
  const messageId = header('Message-ID');
  const from = header('From');
  return {
    messageId: messageId ? (messageIdsIn(messageId)[0] ?? null) : null,
    fromEmail: from ? (addressesIn(from)[0] ?? null) : null,
    subject: header('Subject')?.slice(0, 300) ?? null,
  };
}
