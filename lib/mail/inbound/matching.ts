import type { RecipientClaims } from '@/lib/participants/links';
import { tokenFromReplyAddress } from '@/lib/participants/links';

// Which ticket an inbound message belongs to, decided without the database (lookups are passed in) so the order of
// the rules is unit-tested:
//   1. a signed reply+<token>@INBOUND_DOMAIN address in To/Cc/Delivered-To;
//   2. In-Reply-To/References naming one of Parley's own (MAC-verified) Message-IDs, or a message the ticket received;
//   3. a ticket number in the subject, only from that ticket's customer or a participant, and never after a DMARC fail;
//   4. otherwise a new ticket.

export type TicketMatch =
  | { kind: 'ticket'; ticketId: number; via: 'reply-address'; recipient: RecipientClaims['recipient'] }
  | { kind: 'ticket'; ticketId: number; via: 'reference' | 'received-message' | 'subject' }
  | { kind: 'new' };

export type MatchInput = {
  recipients: string[];
  references: string[];
  subject: string;
  fromEmail: string;
  dmarcFailed: boolean;
  inboundDomain: string | null;
};

export type MatchLookups = {
  verifyReplyToken: (token: string) => RecipientClaims | null;
  // The ticket a Message-ID of Parley's own names, when its MAC verifies.
  verifyParleyMessageId: (messageId: string) => { ticketId: number } | null;
  // The ticket that received a message with this Message-ID (stored at intake), if any.
  ticketOfReceivedMessage: (messageId: string) => number | null;
  // The ticket whose display number (e.g. PAR-1001) appears in the subject, if any.
  ticketNumberedInSubject: (subject: string) => number | null;
  // Whether the address is that ticket's customer or one of its current participants.
  isOnTicket: (ticketId: number, email: string) => boolean;
  ticketExists: (ticketId: number) => boolean;
};

const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1).toLowerCase();

export function matchTicket(input: MatchInput, lookups: MatchLookups): TicketMatch {
  // 1. Our signed reply address, only at our inbound domain.
  if (input.inboundDomain) {
    const domain = input.inboundDomain.toLowerCase();
    for (const address of input.recipients) {
      if (domainOf(address) !== domain) continue;
      const token = tokenFromReplyAddress(address);
      const claims = token === null ? null : lookups.verifyReplyToken(token);
      if (claims && lookups.ticketExists(claims.ticketId)) {
        return { kind: 'ticket', ticketId: claims.ticketId, via: 'reply-address', recipient: claims.recipient };
      }
    }
  }
  // 2. A reference to one of our messages (MAC-checked), or to a message the ticket itself received.
  for (const reference of input.references) {
    const ours = lookups.verifyParleyMessageId(reference);
    if (ours && lookups.ticketExists(ours.ticketId)) return { kind: 'ticket', ticketId: ours.ticketId, via: 'reference' };
    const received = lookups.ticketOfReceivedMessage(reference);
    if (received !== null && lookups.ticketExists(received)) return { kind: 'ticket', ticketId: received, via: 'received-message' };
  }
  // 3. The subject's ticket number, from someone already on that ticket whose mail passed DMARC.
  if (!input.dmarcFailed) {
    const numbered = lookups.ticketNumberedInSubject(input.subject);
    if (numbered !== null && lookups.isOnTicket(numbered, input.fromEmail)) return { kind: 'ticket', ticketId: numbered, via: 'subject' };
  }
  return { kind: 'new' };
}

/** The display numbers in square brackets in a subject (`Re: [PAR-1001] Invoices`), in order. */
export function bracketedTicketNumbers(subject: string): string[] {
  return [...subject.matchAll(/\[\s*([^\]\s]{1,60})\s*\]/g)].map((m) => m[1]);
}
