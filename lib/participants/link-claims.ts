// What an access link's token says, read without the secret (no Node imports: the refused-link page reads it in the
// browser). Only lib/participants/links.ts verifies a token; nothing here may be trusted for access.

export type LinkHolder = { kind: 'customer' | 'participant'; id: number };
export type LinkClaims = { ticketId: number; holder: LinkHolder; version: number };

const TOKEN_PATTERN = /^([1-9]\d{0,15})\.([cp])([1-9]\d{0,15})\.([1-9]\d{0,9})\.([A-Za-z0-9_-]{43})$/;

/** Reads the claims without trusting them: used only to decide where a fresh-link request may be sent. */
export function readUnverifiedClaims(token: string): LinkClaims | null {
  const m = TOKEN_PATTERN.exec(token);
  if (!m) return null;
  return {
    ticketId: Number(m[1]),
    holder: { kind: m[2] === 'c' ? 'customer' : 'participant', id: Number(m[3]) },
    version: Number(m[4]),
  };
}
