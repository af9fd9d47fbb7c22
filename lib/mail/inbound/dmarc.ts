// DMARC, as the team's own receiving server judged it. Anyone can write an Authentication-Results header into a
// message, so only the one carrying the server's own authserv-id (Settings → Emails) counts (RFC 8601 §5).

/** True when the trusted server says DMARC failed for this message. */
export function dmarcFailed(authenticationResults: string[], authservId: string): boolean {
  const trusted = authservId.trim().toLowerCase();
  if (trusted === '') return false;
  for (const value of authenticationResults) {
    // The authserv-id is the first word (an optional version may follow it).
    const id = value.split(';')[0].trim().split(/\s/)[0].toLowerCase();
    if (id !== trusted) continue;
    // Each result follows a ';' (the authserv-id comes first, so a result never starts the value).
    const result = /;\s*dmarc\s*=\s*([a-z]+)/i.exec(value)?.[1].toLowerCase();
    return result === 'fail';
  }
  return false;
}
