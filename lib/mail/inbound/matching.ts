import type { RecipientClaims } from '@/lib/participants/links';
import { tokenFromReplyAddress } from '@/lib/participants/links';

// Which ticket an inbound message belongs to, decided without the database (lookups are passed in) so the order of
// the rules is unit-tested:
//   1. a signed reply+<token>@INBOUND_DOMAIN address in To/Cc/Delivered-To whose holder's link is still valid; a
//      stale one (removed participant, rotated links, changed customer email) matches nothing and is refused;
//   2. In-Reply-To/References naming one of Parley's own (MAC-verified) Message-IDs, or a message the ticket received
//      — bound to that message's sender: it counts for mail from that sender, or addressed to them (a reply to it), so
//      a Message-ID someone else made up first cannot draw a stranger's mail to their ticket;
//   3. a ticket number in the subject, only from an authenticated sender (DMARC pass) who is on that ticket;
//   4. otherwise a new ticket.
// A merged ticket's addresses and Message-IDs lead to the ticket it was merged into (the end of the chain): a reply+
// address as the person its holder became there, after the merged ticket's own checks (lib/participants/link-access.ts).

export type TicketMatch =
  | { kind: 'ticket'; ticketId: number; via: 'reply-address'; recipient: RecipientClaims['recipient'] }
  | { kind: 'ticket'; ticketId: number; via: 'reference' | 'received-message' | 'subject' }
  | { kind: 'stale'; ticketId: number; recipient: RecipientClaims['recipient'] }
  | { kind: 'new' };

export type MatchInput = {
  recipients: string[];
  references: string[];
  subject: string;
  fromEmail: string;
  // Whether the sender may pick a ticket by its number: DMARC passed for the From domain at the team's own receiving
  // server (lib/auth/policy.ts canPickTicketBySubject).
  authenticated: boolean;
  inboundDomain: string | null;
};

export type MatchLookups = {
  verifyReplyToken: (token: string) => RecipientClaims | null;
  // The token's claims as they stand now — on the ticket its merges lead to, as the person its holder became there —
  // or null when its holder is no longer who it names at that link version (lib/participants/link-access.ts).
  followReplyToken: (claims: RecipientClaims) => RecipientClaims | null;
  // The ticket a (possibly merged) ticket's conversation lives on now: the end of its chain of merges.
  finalTicketOf: (ticketId: number) => number;
  // The ticket a Message-ID of Parley's own names, when its MAC verifies.
  verifyParleyMessageId: (messageId: string) => { ticketId: number } | null;
  // The tickets that received a message with this Message-ID, each with that message's sender.
  receivedMessages: (messageId: string) => { ticketId: number; fromEmail: string }[];
  // The ticket whose display number (e.g. PAR-1001) appears in the subject, if any.
  ticketNumberedInSubject: (subject: string) => number | null;
  // Whether the address is that ticket's customer or one of its current participants.
  isOnTicket: (ticketId: number, email: string) => boolean;
  ticketExists: (ticketId: number) => boolean;
};

const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1).toLowerCase();

export function matchTicket(input: MatchInput, lookups: MatchLookups): TicketMatch {
  // 1. Our signed reply address, only at our inbound domain; a current one wins over a stale one.
  let stale: TicketMatch | null = null;
  if (input.inboundDomain) {
    const domain = input.inboundDomain.toLowerCase();
    for (const address of input.recipients) {
      if (domainOf(address) !== domain) continue;
      const token = tokenFromReplyAddress(address);
      const claims = token === null ? null : lookups.verifyReplyToken(token);
      if (!claims || !lookups.ticketExists(claims.ticketId)) continue;
      const current = lookups.followReplyToken(claims);
      if (current) return { kind: 'ticket', ticketId: current.ticketId, via: 'reply-address', recipient: current.recipient };
      stale ??= { kind: 'stale', ticketId: claims.ticketId, recipient: claims.recipient };
    }
  }
  // A stale address never falls through to the rules below: its holder's old thread would re-add them.
  if (stale) return stale;
  // 2. A reference to one of our messages (MAC-checked), or to a message the ticket itself received from someone
  //    this mail is from or written to.
  const sender = input.fromEmail.toLowerCase();
  for (const reference of input.references) {
    const ours = lookups.verifyParleyMessageId(reference);
    if (ours && lookups.ticketExists(ours.ticketId)) return { kind: 'ticket', ticketId: lookups.finalTicketOf(ours.ticketId), via: 'reference' };
    for (const received of lookups.receivedMessages(reference)) {
      const bound = received.fromEmail === sender || input.recipients.includes(received.fromEmail);
      if (bound && lookups.ticketExists(received.ticketId)) return { kind: 'ticket', ticketId: lookups.finalTicketOf(received.ticketId), via: 'received-message' };
    }
  }
  // 3. The subject's ticket number, from an authenticated sender already on that ticket.
  if (input.authenticated) {
    const numbered = lookups.ticketNumberedInSubject(input.subject);
    const ticketId = numbered === null ? null : lookups.finalTicketOf(numbered);
    if (ticketId !== null && lookups.isOnTicket(ticketId, input.fromEmail)) return { kind: 'ticket', ticketId, via: 'subject' };
  }
  return { kind: 'new' };
}

/** The display numbers in square brackets in a subject (`Re: [PAR-1001] Invoices`), in order. */
export function bracketedTicketNumbers(subject: string): string[] {
  return [...subject.matchAll(/\[\s*([^\]\s]{1,60})\s*\]/g)].map((m) => m[1]);
}
