// Splits plain text into text and http(s) link segments, so reply bodies can be shown as text with clickable links
// and never as HTML.

export type TextSegment = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

const LINK_CANDIDATE = /\bhttps?:\/\/[^\s<>"'`]+/gi;
// Punctuation that usually ends the sentence around a link rather than the link itself.
const TRAILING_PUNCTUATION = '.,;:!?*';
const CLOSERS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

const count = (text: string, char: string) => text.split(char).length - 1;

/** Drops trailing punctuation and closing brackets that have no opening partner inside the link. */
function trimLink(candidate: string): string {
  let link = candidate;
  for (;;) {
    const last = link.at(-1) ?? '';
    const opener = CLOSERS[last];
    if (TRAILING_PUNCTUATION.includes(last) || (opener && count(link, opener) < count(link, last))) link = link.slice(0, -1);
    else return link;
  }
}

function safeHref(link: string): string | null {
  try {
    const url = new URL(link);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname ? url.href : null;
  } catch {
    return null;
  }
}

export function splitLinks(text: string): TextSegment[] {
  const segments: TextSegment[] = [];
  const pushText = (value: string) => {
    if (!value) return;
    const previous = segments.at(-1);
    if (previous?.kind === 'text') previous.text += value;
    else segments.push({ kind: 'text', text: value });
  };
  let position = 0;
  for (const match of text.matchAll(LINK_CANDIDATE)) {
    const link = trimLink(match[0]);
    const href = safeHref(link);
    if (!href) continue;
    pushText(text.slice(position, match.index));
    segments.push({ kind: 'link', text: link, href });
    position = match.index + link.length;
  }
  pushText(text.slice(position));
  return segments;
}
