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
 * The To/Cc addresses of a message from the customer or a participant that become participants when
 * "add email senders as participants" is on: not the customer, not someone already on, not someone removed from the
 * ticket (only an agent adds them again), not excluded, each once, and at most `room` of them; `skipped` counts the
 * rest.
 */
export function copiedPeopleToAdd(input: {
  toCc: Mailbox[];
  senderEmail: string;
  customerEmail: string;
  participantEmails: string[];
  removedEmails: string[];
  exclusions: Exclusions;
  room: number;
}): { add: Mailbox[]; skipped: number } {
  const taken = new Set([input.senderEmail, input.customerEmail, ...input.participantEmails, ...input.removedEmails].map(normalizeEmail));
  const add: Mailbox[] = [];
  let skipped = 0;
  for (const person of input.toCc) {
    const email = normalizeEmail(person.email);
    if (taken.has(email) || exclusionOf(email, input.exclusions)) continue;
    taken.add(email);
    if (add.length < input.room) add.push({ email, name: person.name });
    else skipped++;
  }
  return { add, skipped };
}

/** Ten messages from one sender to one ticket in ten minutes are plenty; beyond that they stop notifying. */
export const FLOOD_LIMIT = 10;
export const FLOOD_WINDOW_MS = 10 * 60_000;

/** Whether this message (one of `recentFromSender`, counting itself) is past the flood limit. */
export const isFlooding = (recentFromSender: number) => recentFromSender > FLOOD_LIMIT;
