// DMARC, as the team's own receiving server judged it. Anyone can write an Authentication-Results header into a
// message, so only the one carrying the server's own authserv-id (Settings → Emails) counts (RFC 8601 §5).

/** True when the trusted server says DMARC failed for this message. */
export function dmarcFailed(authenticationResults: string[], authservId: string): boolean {
  const trusted = authservId.trim().toLowerCase();
  if (trusted === '') return false;
  for (const value of authenticationResults) {
    const id = value.split(';')[0].trim().split(/\s+/)[0]?.toLowerCase();
    if (id !== trusted) continue;
    const result = /(?:^|;)\s*dmarc\s*=\s*([a-z]+)/i.exec(value)?.[1]?.toLowerCase();
    return result === 'fail';
  }
  return false;
}
