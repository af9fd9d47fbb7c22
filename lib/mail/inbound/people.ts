import type { Mailbox } from '@/lib/mail/inbound/parse';
import { normalizeEmail } from '@/lib/auth/policy';

// Which addresses inbound mail may add to a ticket. It only ever adds people, never removes; Parley's own addresses
// and the admin's blocklist are never added.

export type Exclusions = {
  // MAIL_FROM's address and the IMAP account.
  ownAddresses: string[];
  // INBOUND_DOMAIN: every address there is Parley's (support@, reply+…@).
  ownDomains: string[];
  // Addresses and domains from Settings → Emails.
  blocklist: string[];
};

const domainOf = (email: string) => email.slice(email.lastIndexOf('@') + 1);
const inDomain = (email: string, domain: string) => {
  const d = domainOf(email);
  return d === domain || d.endsWith(`.${domain}`);
};

/** Why an address may not be added or heard from, or false. */
export function exclusionOf(address: string, exclusions: Exclusions): false | 'own-address' | 'blocklist' {
  const email = normalizeEmail(address);
  if (exclusions.ownAddresses.some((own) => normalizeEmail(own) === email)) return 'own-address';
  if (exclusions.ownDomains.some((domain) => domainOf(email) === domain.toLowerCase())) return 'own-address';
  for (const entry of exclusions.blocklist.map(normalizeEmail)) {
    if (entry.includes('@') ? entry === email : inDomain(email, entry)) return 'blocklist';
  }
  return false;
}

/**
 * The To/Cc people of a message from the customer or a participant who are not on the ticket: not the sender, not the
 * customer, not someone already on, not excluded (Parley's own addresses, the blocklist), each once, in order.
 * `removed`: they were on the ticket once and were removed (or left); mail never adds them back
 * (lib/auth/policy.ts decideCopiedPerson decides about each).
 */
export function copiedPeople(input: {
  toCc: Mailbox[];
  senderEmail: string;
  customerEmail: string;
  participantEmails: string[];
  removedEmails: string[];
  exclusions: Exclusions;
}): (Mailbox & { removed: boolean })[] {
  const taken = new Set([input.senderEmail, input.customerEmail, ...input.participantEmails].map(normalizeEmail));
  const removed = new Set(input.removedEmails.map(normalizeEmail));
  const people: (Mailbox & { removed: boolean })[] = [];
  for (const person of input.toCc) {
    const email = normalizeEmail(person.email);
    if (taken.has(email) || exclusionOf(email, input.exclusions)) continue;
    taken.add(email);
    people.push({ email, name: person.name, removed: removed.has(email) });
  }
  return people;
}

/** Ten messages from one sender to one ticket in ten minutes are plenty; beyond that they stop notifying. */
export const FLOOD_LIMIT = 10;
export const FLOOD_WINDOW_MS = 10 * 60_000;

/** Whether this message (one of `recentFromSender`, counting itself) is past the flood limit. */
export const isFlooding = (recentFromSender: number) => recentFromSender > FLOOD_LIMIT;
