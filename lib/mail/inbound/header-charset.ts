import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';

// Header fields are ASCII, with anything else in encoded words (RFC 2047) or UTF-8 (RFC 6532). Some clients still
// write raw 8-bit bytes in their own charset (a Latin-1 or Big5 Subject or From name); the parser reads every header
// as UTF-8 and would turn those bytes into U+FFFD. Such fields are rewritten to UTF-8 before parsing, decoded with
// the charset the message declares for its text, else Windows-1252 (what undeclared 8-bit mail almost always is).

const FALLBACK_CHARSET = 'windows-1252';
// Charsets that cannot explain 8-bit bytes that are not UTF-8, or that are not ASCII-compatible.
const UNUSABLE_CHARSET = /^(us-?ascii|ascii|utf-?8|utf-?7|utf-?16.*|utf-?32.*|ucs-?2)$/i;

/** The charset of the message's text: its own Content-Type, else that of its first text part. */
function declaredCharset(raw: Buffer): string | null {
  const text = raw.subarray(0, Math.min(raw.length, 256 * 1024)).toString('latin1');
  const match = /^content-type:[ \t]*text\/[a-z0-9.+-]+[ \t]*;(?:[^\r\n]|\r?\n[ \t])*?charset[ \t]*=[ \t]*"?([a-z0-9_.:+-]+)/im.exec(text);
  return match ? match[1] : null;
}

/** Decodes 8-bit header bytes: the first charset that reads them without U+FFFD, else Windows-1252 byte for byte. */
function decodeField(bytes: Buffer, charset: string | null): string {
  if (charset && !UNUSABLE_CHARSET.test(charset) && iconv.encodingExists(charset)) {
    const decoded = iconv.decode(bytes, charset);
    if (!decoded.includes('\ufffd')) return decoded;
  }
  // Windows-1252 is one byte per character; its five unassigned bytes stand for themselves (as in browsers).
  const decoded = iconv.decode(bytes, FALLBACK_CHARSET);
  return [...decoded].map((char, i) => (char === '\ufffd' ? String.fromCharCode(bytes[i]) : char)).join('');
}

/** Where the header section ends (just after its last line's line break), or -1 when the message is all header. */
function headerEnd(raw: Buffer): number {
  const blankLines = [raw.indexOf('\n\r\n'), raw.indexOf('\n\n')].filter((at) => at !== -1);
  return blankLines.length === 0 ? -1 : Math.min(...blankLines) + 1;
}

/** The message with each top-level header field that holds 8-bit bytes other than UTF-8 rewritten in UTF-8. */
export function withUtf8Headers(raw: Buffer): Buffer {
  const end = headerEnd(raw);
  const header = end === -1 ? raw : raw.subarray(0, end);
  if (!header.some((byte) => byte >= 0x80)) return raw;
  // Fields: a line, then the folded lines (starting with a space or tab) that continue it.
  const fields: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < header.length; i++) {
    const nextIsField = header[i] === 0x0a && i + 1 < header.length && header[i + 1] !== 0x20 && header[i + 1] !== 0x09;
    if (nextIsField) {
      fields.push(header.subarray(start, i + 1));
      start = i + 1;
    }
  }
  fields.push(header.subarray(start));
  const charset = declaredCharset(raw);
  const rewritten = fields.map((field) => (field.some((byte) => byte >= 0x80) && !isUtf8(field) ? Buffer.from(decodeField(field, charset), 'utf8') : field));
  return Buffer.concat([...rewritten, end === -1 ? Buffer.alloc(0) : raw.subarray(end)]);
}
