import 'server-only';
import { and, eq } from 'drizzle-orm';
import { customers, participants } from '@/db/schema';
import { getDb } from '@/lib/core/db';
import { getAuthSecret } from '@/lib/core/env';
import { currentRecipientClaims, requireAccessLink } from '@/lib/participants/link-access';
import { verifyRecipientToken } from '@/lib/participants/links';
import { muteTicketNotifications, unmuteTicketNotifications } from '@/lib/tickets/notifications';
import { getTicketWithPeople } from '@/lib/tickets/records';

// A customer or participant turns emails about one ticket off or on: by the unsubscribe link of any email
// (List-Unsubscribe, RFC 8058) or by the switch on their personal page.

export type UnsubscribeTarget = { ticketId: number; ticketNumber: string; email: string };

/**
 * Who an unsubscribe link speaks for, or null when it is not one of ours or is stale: it carries its holder's link
 * version, so after the customer's email changed (or links were rotated, or the participant removed) an old link
 * cannot mute whoever holds the place now.
 */
export function resolveUnsubscribeToken(token: string): UnsubscribeTarget | null {
  const signed = verifyRecipientToken('unsubscribe', token, getAuthSecret());
  // A token of a merged ticket speaks for the person its holder became on the ticket it was merged into.
  const claims = signed && signed.recipient.kind !== 'agent' ? currentRecipientClaims(signed) : null;
  if (!claims) return null;
  const ticket = getTicketWithPeople({ id: claims.ticketId });
  if (!ticket) return null;
  const db = getDb();
  const { kind, id } = claims.recipient;
  const person =
    kind === 'customer'
      ? db.select({ email: customers.email }).from(customers).where(eq(customers.id, id)).get()
      : db.select({ email: participants.email }).from(participants).where(and(eq(participants.id, id), eq(participants.ticketId, ticket.id))).get();
  return person ? { ticketId: ticket.id, ticketNumber: ticket.displayNumber, email: person.email } : null;
}

/** One-click unsubscribe (RFC 8058): mutes that person for that ticket. */
export function unsubscribeWithToken(token: string): UnsubscribeTarget | null {
  const target = resolveUnsubscribeToken(token);
  if (target) muteTicketNotifications(target);
  return target;
}

/** The ticket page's "Notify me about this ticket" switch, for the link's own holder. */
export function setTicketEmailsThroughLink({ token, enabled }: { token: string; enabled: boolean }): void {
  const { ticket, holder } = requireAccessLink(token);
  if (enabled) unmuteTicketNotifications({ ticketId: ticket.id, email: holder.email });
  else muteTicketNotifications({ ticketId: ticket.id, email: holder.email });
}
