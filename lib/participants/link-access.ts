import 'server-only';
import { and, eq, isNull } from 'drizzle-orm';
import { participants, type Ticket } from '@/db/schema';
import { accessLinkUrl, signAccessToken, verifyAccessToken, type LinkClaims, type LinkHolder } from '@/lib/participants/links';
import { getDb, type DbOrTx } from '@/lib/core/db';
import { getAuthSecret, getEnv } from '@/lib/core/env';
import { AppError } from '@/lib/core/errors';
import { canLinkHolderAccess } from '@/lib/auth/policy';
import { getSettings, type Settings } from '@/lib/core/settings';
import { getTicketWithPeople, type TicketWithPeople } from '@/lib/tickets/records';

export type LinkHolderView = LinkHolder & { email: string; name: string };
export type LinkAccess = { token: string; ticket: TicketWithPeople; holder: LinkHolderView; settings: Settings };
export type LinkRefusal = 'invalid' | 'revoked' | 'disabled';

type VersionedTicket = Pick<Ticket, 'id' | 'linkVersion' | 'customerLinkVersion'>;

/** The link version a holder's token must carry: the customer's own, or the ticket's for participants. */
export const linkVersionFor = (ticket: Pick<Ticket, 'linkVersion' | 'customerLinkVersion'>, holder: LinkHolder) =>
  holder.kind === 'customer' ? ticket.customerLinkVersion : ticket.linkVersion;

/** The personal link of one person on one ticket, under APP_URL. */
export function ticketUrlFor(ticket: VersionedTicket, holder: LinkHolder): string {
  const token = signAccessToken({ ticketId: ticket.id, holder, version: linkVersionFor(ticket, holder) }, getAuthSecret());
  return accessLinkUrl(getEnv().APP_URL, token);
}

export function getActiveParticipant({ ticketId, participantId }: { ticketId: number; participantId: number }, db: DbOrTx = getDb()) {
  return db
    .select()
    .from(participants)
    .where(and(eq(participants.id, participantId), eq(participants.ticketId, ticketId), isNull(participants.removedAt)))
    .get();
}

/**
 * Who a link lets in, checked afresh on every use: a valid signature, the ticket's current link version, and a
 * holder who is still the ticket's customer or a current participant while participants are enabled.
 */
export function resolveAccessLink(token: string): { ok: true; access: LinkAccess } | { ok: false; reason: LinkRefusal } {
  const claims = verifyAccessToken(token, getAuthSecret());
  if (!claims) return { ok: false, reason: 'invalid' };
  const ticket = getTicketWithPeople({ id: claims.ticketId });
  const settings = getSettings();
  const participant =
    ticket && claims.holder.kind === 'participant' ? getActiveParticipant({ ticketId: ticket.id, participantId: claims.holder.id }) : undefined;
  const refusal = linkRefusalFor(claims, { ticket, participantActive: participant !== undefined, settings });
  if (refusal) return { ok: false, reason: refusal };
  const person = participant ?? ticket!.customer;
  const holder = { ...claims.holder, email: person.email, name: person.name };
  return { ok: true, access: { token, ticket: ticket!, holder, settings } };
}

/**
 * Why correctly signed claims are refused (null: they are not), from what the database says now: the holder's
 * link version (the customer's own, or the ticket's) and customer, whether the participant is still on it, and whether participants are enabled.
 */
export function linkRefusalFor(
  claims: LinkClaims,
  facts: {
    ticket: Pick<Ticket, 'linkVersion' | 'customerLinkVersion' | 'customerId'> | undefined;
    participantActive: boolean;
    settings: Pick<Settings, 'participantsEnabled' | 'restrictAgentsToAssigned' | 'customersCanReopen'>;
  },
): LinkRefusal | null {
  const { ticket } = facts;
  if (!ticket || linkVersionFor(ticket, claims.holder) !== claims.version) return 'revoked';
  if (!canLinkHolderAccess(claims.holder.kind, facts.settings)) return 'disabled';
  if (claims.holder.kind === 'customer') return ticket.customerId === claims.holder.id ? null : 'revoked';
  return facts.participantActive ? null : 'revoked';
}

export const linkRefusalMessages: Record<LinkRefusal, string> = {
  invalid: 'This link is not valid. It may have been copied incompletely or changed.',
  revoked: 'This link no longer works. It was replaced, or you are no longer on this ticket.',
  disabled: 'Participant links are turned off for this helpdesk.',
};

/** For actions behind a link: the access, or a 403 explaining why the link was refused. */
export function requireAccessLink(token: string): LinkAccess {
  const result = resolveAccessLink(token);
  if (!result.ok) throw new AppError('forbidden', linkRefusalMessages[result.reason]);
  return result.access;
}
