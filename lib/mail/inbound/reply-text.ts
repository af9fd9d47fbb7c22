import { REPLY_ABOVE_MARKER } from '@/lib/mail/inbound/marker';

// What the sender wrote this time: the text of an inbound message without the quoted history, the mail client's
// header of the message it answers, and signatures. Written for the shapes real clients produce (tests/fixtures/
// replies holds one per client and language); what it does not recognise it keeps, and a message whose author
// answers between quoted lines is kept whole.

// Parley's "reply above this line" marker as mail clients quote it. A notification translated into another
// language adds its marker phrase here, one line per language.
const MARKER_PHRASES = [REPLY_ABOVE_MARKER.replace(/#/g, '').trim()];

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const MARKER_LINE = new RegExp(`^[>\\s]*#*\\s*(${MARKER_PHRASES.map(escapeRegExp).join('|')})\\s*#*\\s*$`, 'i');

// "---------- Forwarded message ---------" and its translations: what follows is the point of the message.
const FORWARD_LINE =
  /^\s*(-{2,}\s*(forwarded message|weitergeleitete nachricht|message transféré|mensaje reenviado|mensagem encaminhada|пересылаемое сообщение)\s*-{2,}|(begin forwarded message|anfang der weitergeleiteten nachricht|début du message réexpédié)\s*:)/i;
// The subject of a quoted header block that was forwarded rather than answered (Outlook writes no separator line).
const FORWARD_SUBJECT = /^(fw|fwd|wg|tr|rv|enc|doorst|vs|pd|пересл)\s*:/i;

// "-----Original Message-----" (Outlook), "----- Original Message -----" (Yahoo, AOL, Comcast), "-------- Original
// message --------" (Samsung, Thunderbird), in the languages of their users.
const ORIGINAL_MESSAGE_LINE =
  /^\s*-{2,}\s*(original message|ursprüngliche nachricht|originalnachricht|message d'origine|mensaje original|mensagem original|messaggio originale|oorspronkelijk bericht|исходное сообщение|исходное письмо)\s*-{2,}\s*$/i;
// A rule drawn above a quoted header block: Outlook's underscores, or an HTML <hr> converted to text.
const RULE_LINE = /^\s*[-_=*]{5,}\s*$/;

// The field names of a quoted header block ("From: … Sent: … To: … Subject: …") in Outlook, Windows Mail, Hotmail
// and the clients that copy them, by language: English, German, French, Spanish, Portuguese, Italian, Dutch, Russian.
const SENDER_FIELDS = new Set(['from', 'von', 'de', 'da', 'van', 'от']);
const OTHER_FIELDS = new Set(
  [
    'sent', 'date', 'to', 'cc', 'subject',
    'gesendet', 'datum', 'an', 'betreff',
    'envoyé', 'à', 'objet', 'date d\'envoi',
    'enviado', 'enviado el', 'enviada em', 'fecha', 'para', 'asunto', 'assunto', 'data',
    'inviato', 'a', 'oggetto',
    'verzonden', 'aan', 'onderwerp',
    'отправлено', 'дата', 'кому', 'копия', 'тема',
  ],
);
const SUBJECT_FIELDS = new Set(['subject', 'betreff', 'objet', 'asunto', 'assunto', 'oggetto', 'onderwerp', 'тема']);
const FIELD_LINE = /^\s*\*?([^\s:*][^:*]{0,19}?)\s*\*?\s*:\s*\*?\s*(.*)$/;

// "On <date>, <name> wrote:" and its translations: the verb that ends the attribution line…
// German names the sender after it ("Am … schrieb Name <address>:").
const WROTE = /(wrote|a écrit|escribió|escreveu|ha scritto|schreef|написал\(а\)|написала|написал|пишет)\s*:|schrieb\s.*:/i;
// …and the words attribution lines start with (Gmail, Apple Mail, Thunderbird, Yahoo).
const ATTRIBUTION_START = /^\s*(on|le|el|em|am|il|op)\s/i;
// Yandex and mail.ru name no verb: "23.11.2026, 16:12, "Name" <address>:".
const DATED_SENDER = /\d{1,2}:\d{2}.*\S+@\S+.*:\s*$/;

const QUOTED = /^\s*>/;
// The signature delimiter ("-- "), and what mobile clients append to every message.
const SIGNATURE_DELIMITER = /^--\s?$/;
const MOBILE_SIGNATURE =
  /^(sent from|sent with|sent via|get outlook for|von meinem .+ gesendet|gesendet von|gesendet mit|envoyé de|envoyé depuis|envoyé à partir de|télécharger outlook pour|enviado desde|enviado do|enviado de|obtener outlook para|baixe o outlook para|inviato da|scarica outlook per|verzonden vanaf|verstuurd vanaf|отправлено с|отправлено из|получить outlook для)(?=\s|$)/i;
// A closing formula: it and the name lines below it are the signature.
const SIGN_OFF =
  /^(regards|best regards|kind regards|warm regards|best wishes|cheers|mit freundlichen grüßen|mit freundlichen grüssen|freundliche grüße|viele grüße|beste grüße|cordialement|bien cordialement|bien à vous|saludos|saludos cordiales|un saludo|atenciosamente|abraços|cumprimentos|с уважением)[\s,.!]*$/i;

const isBlank = (line: string) => line.trim() === '';

function fieldOf(line: string): { name: string; value: string } | null {
  const match = FIELD_LINE.exec(line.replace(/\u00a0/g, ' '));
  return match ? { name: match[1].trim().toLowerCase(), value: match[2].trim() } : null;
}

/** The quoted header block starting at `at` ("From:", then at least two more fields), and whether it was forwarded. */
function headerBlockAt(lines: string[], at: number): { forwarded: boolean } | null {
  const first = fieldOf(lines[at]);
  if (!first || !(SENDER_FIELDS.has(first.name) || OTHER_FIELDS.has(first.name))) return null;
  const names = new Set<string>();
  let forwarded = false;
  for (let i = at; i < lines.length && i < at + 8; i++) {
    const field = fieldOf(lines[i]);
    if (!field || !(SENDER_FIELDS.has(field.name) || OTHER_FIELDS.has(field.name))) break;
    names.add(field.name);
    if (SUBJECT_FIELDS.has(field.name) && FORWARD_SUBJECT.test(field.value)) forwarded = true;
  }
  const hasSender = [...names].some((name) => SENDER_FIELDS.has(name));
  return hasSender && names.size >= 3 ? { forwarded } : null;
}

const nextNonBlank = (lines: string[], from: number) => {
  let i = from;
  while (i < lines.length && isBlank(lines[i])) i++;
  return i;
};

/**
 * The attribution line (or lines: clients wrap long ones) starting at `at`: how many lines it spans, and whether
 * quoted lines follow it. A "… wrote:" counts only when it looks like a client wrote it (a time or an address, or a
 * date after "On"/"Le"/"Am"…), introduces a quote, or ends the text; "Le client m'a écrit :" before their words is text.
 */
function attributionAt(lines: string[], at: number): { span: number; quoteFollows: boolean } | null {
  if (isBlank(lines[at]) || QUOTED.test(lines[at])) return null;
  for (let span = 1; span <= 3 && at + span <= lines.length; span++) {
    const part = lines.slice(at, at + span);
    if (span > 1 && (isBlank(part[span - 1]) || QUOTED.test(part[span - 1]))) return null;
    const text = part.join(' ').replace(/\s+/g, ' ').trim();
    const next = nextNonBlank(lines, at + span);
    const quoteFollows = next < lines.length && QUOTED.test(lines[next]);
    const timeOrAddress = /\d{1,2}:\d{2}/.test(text) || /\S@\S/.test(text);
    const startsLikeOne = ATTRIBUTION_START.test(text);
    const wrote = WROTE.exec(text);
    if (wrote) {
      const endsThere = /:\s*$/.test(text) && wrote.index + wrote[0].length >= text.length - 1;
      const clientLike = timeOrAddress || (startsLikeOne && /\d/.test(text));
      if (endsThere && (quoteFollows || clientLike || next >= lines.length)) return { span, quoteFollows };
      // Yahoo's mobile app runs the quoted text on after "wrote:" on the same line.
      if (!endsThere && startsLikeOne && timeOrAddress) return { span, quoteFollows };
    }
    if (DATED_SENDER.test(text) && quoteFollows) return { span, quoteFollows };
  }
  return null;
}

type Cut = { at: number; kind: 'history' | 'forward' };

/** Where the history this message answers (or forwards) begins, found on lines its author did not quote. */
function historyStart(lines: string[]): Cut | null {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (QUOTED.test(line) || isBlank(line)) continue;
    if (FORWARD_LINE.test(line)) return { at: i, kind: 'forward' };
    if (ORIGINAL_MESSAGE_LINE.test(line)) return { at: i, kind: 'history' };
    const block = headerBlockAt(lines, i);
    if (block) {
      if (block.forwarded) return { at: i, kind: 'forward' };
      // Include the rule drawn above it.
      let start = i;
      let above = i - 1;
      while (above >= 0 && isBlank(lines[above])) above--;
      if (above >= 0 && RULE_LINE.test(lines[above])) start = above;
      return { at: start, kind: 'history' };
    }
    const attribution = attributionAt(lines, i);
    // Followed by quoted lines, it belongs to the quote (which may be answered inline); otherwise the
    // unprefixed history starts here (Yahoo, or the quote already cut off at Parley's marker).
    if (attribution && !attribution.quoteFollows) return { at: i, kind: 'history' };
  }
  return null;
}

/** True when the author wrote between or below quoted lines: such a message is kept whole. */
function answersInline(lines: string[]): boolean {
  const firstQuote = lines.findIndex((line) => QUOTED.test(line));
  if (firstQuote === -1) return false;
  for (let i = firstQuote + 1; i < lines.length; i++) {
    const line = lines[i];
    if (SIGNATURE_DELIMITER.test(line)) return false;
    if (isBlank(line) || QUOTED.test(line) || MOBILE_SIGNATURE.test(line.trim())) continue;
    const attribution = attributionAt(lines, i);
    if (attribution) {
      i += attribution.span - 1;
      continue;
    }
    return true;
  }
  return false;
}

/** Where the quote starts in a top-posted reply: its attribution line, else its first quoted line. */
function quoteStart(lines: string[]): number {
  const firstQuote = lines.findIndex((line) => QUOTED.test(line));
  if (firstQuote === -1) return lines.length;
  for (let i = Math.max(0, firstQuote - 6); i < firstQuote; i++) {
    const attribution = attributionAt(lines, i);
    if (attribution?.quoteFollows && nextNonBlank(lines, i + attribution.span) === firstQuote) return i;
  }
  return firstQuote;
}

const trimBlankEnds = (lines: string[]) => {
  let start = 0;
  let end = lines.length;
  while (start < end && isBlank(lines[start])) start++;
  while (end > start && isBlank(lines[end - 1])) end--;
  return lines.slice(start, end);
};

/** Lines joined without trailing spaces, runs of blank lines (HTML converted to text makes many) as one. */
const tidy = (lines: string[]) =>
  lines
    .join('\n')
    .replace(/[ \t\u00a0]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();

// Under a closing formula: a name, a title, a company, a phone number; not a postscript or a sentence.
const isSignatureLine = (line: string) => line.trim().length <= 60 && line.trim().split(/\s+/).length <= 6 && !/^p\.?\s?s\b/i.test(line.trim()) && !/[?!]$/.test(line.trim());

/** Drops the signature: from a "-- " line down, mobile clients' "Sent from …" lines, a closing formula and the name under it. */
function withoutSignature(input: string[]): string[] {
  let lines = trimBlankEnds(input);
  const delimiter = lines.findIndex((line, i) => i > 0 && SIGNATURE_DELIMITER.test(line));
  if (delimiter !== -1) lines = trimBlankEnds(lines.slice(0, delimiter));
  while (lines.length > 1 && MOBILE_SIGNATURE.test(lines[lines.length - 1].trim()) && lines[lines.length - 1].trim().length <= 100) {
    lines = trimBlankEnds(lines.slice(0, -1));
  }
  for (let i = Math.max(1, lines.length - 4); i < lines.length; i++) {
    const below = lines.slice(i + 1).filter((line) => !isBlank(line));
    if (SIGN_OFF.test(lines[i].trim()) && below.length <= 3 && below.every(isSignatureLine)) {
      lines = trimBlankEnds(lines.slice(0, i));
      break;
    }
  }
  return lines;
}

/**
 * The new text of a message: everything above Parley's marker, without the history it answers and without
 * signatures. A forwarded message keeps what it forwards; a message answered inline is kept whole. When nothing
 * is left (only a quote, or only the quoted notification), the result is empty: the quote is never the reply.
 */
export function extractNewText(fullText: string): string {
  const all = fullText.replace(/\r\n?/g, '\n').split('\n');
  const markerAt = all.findIndex((line) => MARKER_LINE.test(line));
  const lines = markerAt === -1 ? all : all.slice(0, markerAt);
  const history = historyStart(lines);
  const before = history ? lines.slice(0, history.at) : lines;
  if (answersInline(before)) return tidy(lines);
  const own = withoutSignature(before.slice(0, quoteStart(before)));
  if (history?.kind === 'forward' && markerAt === -1) return tidy([...own, '', ...lines.slice(history.at)]);
  return tidy(own);
}


/**
 * The text with every personal link of this Parley (`APP_URL/t/…`, `APP_URL/unsubscribe/…`) replaced: a stored
 * reply is shown and copied to everyone on the ticket, and a link pasted or quoted into it would let them act as
 * the person it was sent to.
 */
export function withoutPersonalLinks(text: string, appUrl: string): string {
  const origin = escapeRegExp(appUrl.replace(/\/+$/, ''));
  return text.replace(new RegExp(`<?${origin}/(t|unsubscribe)/[^\\s<>"')\\]]+>?`, 'gi'), '[personal link removed]');
}
