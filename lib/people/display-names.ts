// Names that arrive from outside (an email's display name above all) are shown in emails Parley sends from the team's
// own domain and in their subjects. A name that carries an address or a link would let a stranger speak in Parley's
// voice ("New reply from Carla <carla@acme.com>", "You were added: log in at evil.test/x"), so such parts are
// dropped and what is left is capped.

export const DISPLAY_NAME_MAX = 100;

// An address (`a@b`), anything in angle brackets, a URL with a scheme, `www.…`, or a bare domain name (`evil.test/x`).
const ADDRESS_OR_LINK = /<[^>]*>?|\S+@\S+|\b[a-z][a-z0-9+.-]*:\/\/\S*|\b(?:mailto|tel|sms|data|javascript):\S*|\bwww\.\S*|\b[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}\b\S*/giu;

/** A display name without addresses or links, at most DISPLAY_NAME_MAX characters ('' when nothing is left). */
export function safeDisplayName(name: string): string {
  const cleaned = name
    .replace(ADDRESS_OR_LINK, ' ')
    .replace(/[\p{Cc}\p{Cf}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .replace(/^[\s"'<>[\],;:|-]+|[\s"'<>[\],;:|-]+$/g, '')
    .trim();
  return [...cleaned].slice(0, DISPLAY_NAME_MAX).join('').trim();
}

/**
 * ", sent through Frank Li’s link" for a reply whose named author is not the holder of the link it came through
 * (shown on the message everywhere: agent page, personal pages, emails); '' for every other reply.
 */
export function sentThroughText(reply: { viaKind: string | null; viaName: string | null; viaEmail: string | null }, { forEmail = false } = {}): string {
  if (!reply.viaKind) return '';
  const name = forEmail ? safeDisplayName(reply.viaName ?? '') || 'someone else' : reply.viaName || reply.viaEmail || 'someone else';
  return `, sent through ${name}’s link`;
}
