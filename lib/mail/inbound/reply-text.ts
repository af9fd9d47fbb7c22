import EmailReplyParser from 'email-reply-parser';

// What the sender wrote this time: the text of an inbound message without the quoted history and signatures.

// Parley's marker (lib/mail/inbound/marker.ts) as mail clients quote it: everything from it down is the notification.
const MARKER_LINE = /^[>\s]*#*\s*reply above this line\s*#*\s*$/im;
const FORWARD_LINE = /^\s*(-{2,}\s*(forwarded message|original message|weitergeleitete nachricht|message transféré)\s*-{2,}|begin forwarded message:)/im;

/**
 * The new text of a message: everything above Parley's marker, then quoted history and signatures removed by
 * email-reply-parser. A forwarded message keeps what it forwards (that is the point of forwarding it). When
 * stripping leaves nothing, the whole text is kept rather than an empty reply.
 */
export function extractNewText(fullText: string): string {
  const text = fullText.replace(/\r\n?/g, '\n');
  const marker = MARKER_LINE.exec(text);
  const aboveMarker = marker ? text.slice(0, marker.index) : text;
  const forward = FORWARD_LINE.exec(aboveMarker);
  if (forward && !marker) {
    const before = new EmailReplyParser().read(aboveMarker.slice(0, forward.index)).getVisibleText().trim();
    return [before, aboveMarker.slice(forward.index).trim()].filter(Boolean).join('\n\n');
  }
  const visible = new EmailReplyParser().read(aboveMarker).getVisibleText().trim();
  // The "On … wrote:" line that introduced our quoted notification stays behind when the marker cut it off.
  const withoutAttribution = visible.replace(/\n*^.*\b(wrote|a écrit|schrieb)\s*:?\s*$/im, (line, offset: number) =>
    offset + line.length >= visible.length - 1 ? '' : line,
  );
  // Outlook's rule (a line of dashes or underscores) above the quoted header block stays behind too.
  const result = withoutAttribution.replace(/(\n\s*[-_]{8,}\s*)+$/, '').trim();
  return result === '' ? text.trim() : result;
}
