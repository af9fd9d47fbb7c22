import 'server-only';
import { and, eq, isNull } from 'drizzle-orm';
import { mergedPeople, participants, tickets, type Ticket } from '@/db/schema';
import { accessLinkUrl, signAccessToken, verifyAccessToken, type LinkClaims, type LinkHolder, type RecipientClaims } from '@/lib/participants/links';
import { getDb, type DbOrTx } from '@/lib/core/db';
import { getAuthSecret, getEnv } from '@/lib/core/env';
import { AppError } from '@/lib/core/errors';
import { canLinkHolderAccess, type ReplyViewer } from '@/lib/auth/policy';
import { participantViewer } from '@/lib/tickets/audience';
import { getSettings, type Settings } from '@/lib/core/settings';
import { finalTicketOf, getTicketWithPeople, MAX_MERGE_HOPS, type TicketWithPeople } from '@/lib/tickets/records';

export { finalTicketOf };

export type LinkHolderView = LinkHolder & { email: string; name: string };
// viewer: who the holder is to lib/auth/policy.ts canPersonSeeReply (which replies the link shows them).
export type LinkAccess = { token: string; ticket: TicketWithPeople; holder: LinkHolderView; settings: Settings; viewer: ReplyViewer };
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
  const signed = verifyAccessToken(token, getAuthSecret());
  if (!signed) return { ok: false, reason: 'invalid' };
  // A link to a merged ticket opens the ticket it was merged into, as the person its holder became there.
  const claims = followMerges(signed);
  if (!claims) return { ok: false, reason: 'revoked' };
  const ticket = getTicketWithPeople({ id: claims.ticketId });
  const settings = getSettings();
  const participant =
    ticket && claims.holder.kind === 'participant' ? getActiveParticipant({ ticketId: ticket.id, participantId: claims.holder.id }) : undefined;
  const refusal = linkRefusalFor(claims, { ticket, participantActive: participant !== undefined, settings });
  if (refusal) return { ok: false, reason: refusal };
  const person = participant ?? ticket!.customer;
  const holder = { ...claims.holder, email: person.email, name: person.name };
  const viewer: ReplyViewer = participant ? participantViewer(participant) : { kind: 'customer', id: ticket!.customerId };
  return { ok: true, access: { token, ticket: ticket!, holder, settings, viewer } };
}

/**
 * Claims on a merged ticket, carried to the ticket it was merged into (and on, through a chain of merges): at each
 * merged ticket the claims must still be current there — its link versions, frozen at the merge, and a participant
 * who was not removed before it — and then name the person their holder became on the next ticket, at that ticket's
 * link version at the time of the merge. Null when a step fails (the link was already dead, or its holder was not
 * on the ticket when it was merged). Claims on a ticket that was never merged come back as they are.
 */
export function followMerges(claims: LinkClaims, db: DbOrTx = getDb()): LinkClaims | null {
  let current = claims;
  for (let hop = 0; hop < MAX_MERGE_HOPS; hop++) {
    const ticket = db
      .select({ linkVersion: tickets.linkVersion, customerLinkVersion: tickets.customerLinkVersion, customerId: tickets.customerId, mergedIntoId: tickets.mergedIntoId })
      .from(tickets)
      .where(eq(tickets.id, current.ticketId))
      .get();
    if (!ticket || ticket.mergedIntoId === null) return current;
    const participantActive =
      current.holder.kind === 'participant' && getActiveParticipant({ ticketId: current.ticketId, participantId: current.holder.id }, db) !== undefined;
    if (!isLinkCurrent(current, { ticket, participantActive })) return null;
    const next = db
      .select()
      .from(mergedPeople)
      .where(and(eq(mergedPeople.sourceTicketId, current.ticketId), eq(mergedPeople.holderKind, current.holder.kind), eq(mergedPeople.holderId, current.holder.id)))
      .get();
    if (!next) return null;
    current = { ticketId: next.targetTicketId, holder: { kind: next.targetKind, id: next.targetId }, version: next.targetVersion };
  }
  return null;
}


type LinkFacts = { ticket: Pick<Ticket, 'linkVersion' | 'customerLinkVersion' | 'customerId'> | undefined; participantActive: boolean };

/**
 * Whether correctly signed claims still name their holder, from what the database says now: the holder's link version
 * (the customer's own, or the ticket's), the ticket's customer, or a participant still on it. Links, reply+ addresses
 * and unsubscribe tokens all go stale by this one rule.
 */
export function isLinkCurrent(claims: LinkClaims, { ticket, participantActive }: LinkFacts): boolean {
  if (!ticket || linkVersionFor(ticket, claims.holder) !== claims.version) return false;
  return claims.holder.kind === 'customer' ? ticket.customerId === claims.holder.id : participantActive;
}

/** Why correctly signed claims are refused (null: they are not): stale, or participants are turned off. */
export function linkRefusalFor(
  claims: LinkClaims,
  facts: LinkFacts & { settings: Pick<Settings, 'participantsEnabled' | 'restrictAgentsToAssigned' | 'customersCanReopen'> },
): LinkRefusal | null {
  if (!isLinkCurrent(claims, facts)) return 'revoked';
  return canLinkHolderAccess(claims.holder.kind, facts.settings) ? null : 'disabled';
}

/**
 * A reply+ or unsubscribe token's claims as they stand now: on the ticket its merges lead to (agents' tokens name no
 * link: only their ticket moves), or null when the token no longer speaks for its holder.
 */
export function currentRecipientClaims(claims: RecipientClaims, db: DbOrTx = getDb()): RecipientClaims | null {
  const { kind, id } = claims.recipient;
  if (kind === 'agent') {
    const exists = db.select({ id: tickets.id }).from(tickets).where(eq(tickets.id, claims.ticketId)).get();
    return exists ? { ...claims, ticketId: finalTicketOf(claims.ticketId, db) } : null;
  }
  const followed = followMerges({ ticketId: claims.ticketId, holder: { kind, id }, version: claims.version }, db);
  if (!followed) return null;
  const ticket = db
    .select({ linkVersion: tickets.linkVersion, customerLinkVersion: tickets.customerLinkVersion, customerId: tickets.customerId })
    .from(tickets)
    .where(eq(tickets.id, followed.ticketId))
    .get();
  // Stryker disable next-line ConditionalExpression: for a customer isLinkCurrent never reads participantActive; the test only saves a query
  const participantActive = followed.holder.kind === 'participant' && getActiveParticipant({ ticketId: followed.ticketId, participantId: followed.holder.id }, db) !== undefined;
  if (!isLinkCurrent(followed, { ticket, participantActive })) return null;
  return { ticketId: followed.ticketId, recipient: followed.holder, version: followed.version };
}

/** Whether a reply+ or unsubscribe token still speaks for its holder (agents' tokens name no link and never go stale). */
export function isRecipientTokenCurrent(claims: RecipientClaims, db: DbOrTx = getDb()): boolean {
  if (claims.recipient.kind === 'agent') return true;
  return currentRecipientClaims(claims, db) !== null;
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
