// DMARC, as the team's own receiving server judged it. Anyone can write an Authentication-Results header into a
// message, so only those carrying the server's own authserv-id (Settings → Emails) count (RFC 8601 §5) — every one of
// them, since a message may pass through the server's checks more than once: one fail anywhere wins. A pass counts
// only for the From it was about (`header.from`, compared with the From domain Parley reads).

export type DmarcVerdict = 'pass' | 'fail' | 'none';

/** The header without its (possibly nested) comments, which may hold anything — `(; dmarc=pass)` included. */
function withoutComments(value: string): string {
  // A quoted pair (`\)`) is one character, never the end of a comment; innermost comments go first.
  let text = value.replace(/\\./g, ' ');
  let previous: string;
  do {
    previous = text;
    text = text.replace(/\([^()]*\)/g, ' ');
  } while (text !== previous);
  return text;
}

/** What the trusted server says about DMARC for a message whose From domain is `fromDomain`. */
export function dmarcVerdict(authenticationResults: string[], authservId: string, fromDomain: string): DmarcVerdict {
  const trusted = authservId.trim().toLowerCase();
  if (trusted === '') return 'none';
  let passed = false;
  for (const value of authenticationResults) {
    const [head, ...results] = withoutComments(value).split(';');
    // The authserv-id is the first word (an optional version may follow it).
    if (head.trim().split(/\s/)[0].toLowerCase() !== trusted) continue;
    for (const result of results) {
      const dmarc = /^\s*dmarc\s*=\s*([a-z]+)/i.exec(result)?.[1].toLowerCase();
      if (dmarc === 'fail') return 'fail';
      const headerFrom = /\sheader\.from\s*=\s*"?([^\s";]+)/i.exec(result)?.[1].toLowerCase();
      if (dmarc === 'pass' && headerFrom === fromDomain.toLowerCase()) passed = true;
    }
  }
  return passed ? 'pass' : 'none';
}
