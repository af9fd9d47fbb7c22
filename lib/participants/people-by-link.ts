import 'server-only';
import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { companies, customers, participants } from '@/db/schema';
import { requireAccessLink, type LinkAccess } from '@/lib/participants/link-access';
import { emailSchema, getCustomerByEmail, nameFromEmail } from '@/lib/people/customers';
import { getDb } from '@/lib/core/db';
import { AppError, notFound, validationError } from '@/lib/core/errors';
import { consumeRateLimit } from '@/lib/auth/rate-limit';
import { canLinkHolderAddPeople, canLinkHolderRemoveParticipant, canLinkHolderSeePeople, normalizeEmail } from '@/lib/auth/policy';
import { addedByText, endParticipation, insertParticipant, type AddedBy } from '@/lib/participants/participants';

// The customer and the participants bringing in people themselves, through their personal link (issue 18): everyone on
// the ticket sees who else is on it; with "Customers and participants may add people" on, they add a person by email
// and remove the people they added. lib/auth/policy.ts decides; every call checks the link afresh.

/** One person on the ticket as a personal page shows them: a name (or the address without one), never a link. */
export type PersonOnTicket = {
  key: string;
  label: string;
  role: 'Customer' | 'Participant';
  company: string | null;
  isYou: boolean;
  // Set for participants: "added by Pat (customer)".
  addedBy: string;
  // The participant's id when the viewer may remove them (they added them).
  removableId: number | null;
};

const labelOf = (person: { name: string; email: string }) => person.name.trim() || person.email;

/** Who is on the ticket, for its personal page: the customer first, then the participants, oldest first. */
export function listPeopleForLink(access: LinkAccess): PersonOnTicket[] {
  const { ticket, holder, settings } = access;
  const customer: PersonOnTicket = {
    key: 'customer',
    label: labelOf(ticket.customer),
    role: 'Customer',
    company: ticket.customer.company?.name ?? null,
    isYou: holder.kind === 'customer',
    addedBy: '',
    removableId: null,
  };
  if (!canLinkHolderSeePeople(holder.kind, settings)) return [customer];
  const rows = getDb()
    .select({ participant: participants, company: companies.name })
    .from(participants)
    .leftJoin(customers, eq(customers.id, participants.customerId))
    .leftJoin(companies, eq(companies.id, customers.companyId))
    .where(and(eq(participants.ticketId, ticket.id), isNull(participants.removedAt)))
    .orderBy(participants.createdAt, participants.id)
    .all();
  return [
    customer,
    ...rows.map(({ participant, company }) => {
      const addedBy: AddedBy | null =
        participant.addedByHolderKind && participant.addedByHolderId !== null
          ? { kind: participant.addedByHolderKind, id: participant.addedByHolderId, name: participant.addedByHolderName ?? '' }
          : participant.addedByAgentId !== null
            ? { kind: 'agent', id: participant.addedByAgentId, name: 'the support team' }
            : null;
      return {
        key: `participant-${participant.id}`,
        label: labelOf(participant),
        role: 'Participant' as const,
        company: company ?? null,
        isYou: holder.kind === 'participant' && holder.id === participant.id,
        addedBy: addedByText(addedBy),
        removableId: canLinkHolderRemoveParticipant(holder, participant, settings) ? participant.id : null,
      };
    }),
  ];
}

export const addPersonSchema = z.object({
  email: z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), emailSchema),
  name: z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), z.string().max(120, 'must be at most 120 characters').default('')),
});

/** The rate-limit key of one link: its ticket and holder. */
const linkKey = (access: LinkAccess) => `${access.ticket.id}:${access.holder.kind}:${access.holder.id}`;

/**
 * Adds a person through a personal link: they get their own link by email, as when an agent adds them, and the
 * history and the participants panel say who added them. At most LINK_ADDITIONS_PER_DAY a day per link.
 */
export function addPersonThroughLink({ token, input }: { token: string; input: unknown }): { participantId: number; label: string } {
  const access = requireAccessLink(token);
  const { ticket, holder, settings } = access;
  if (!canLinkHolderAddPeople(holder.kind, settings)) throw new AppError('forbidden', 'Adding people to this ticket is turned off. Ask the support team to add them.');
  const parsed = addPersonSchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const email = normalizeEmail(parsed.data.email);
  if (email === normalizeEmail(ticket.customer.email)) {
    const message = `${email} is this ticket’s customer and is already on it.`;
    throw new AppError('validation_failed', message, { email: message });
  }
  const active = getDb()
    .select({ id: participants.id })
    .from(participants)
    .where(and(eq(participants.ticketId, ticket.id), eq(participants.email, email), isNull(participants.removedAt)))
    .get();
  if (active) throw new AppError('conflict', `${email} is already on this ticket.`, { email: `${email} is already on this ticket.` });
  // Counted once the request is sound: ten people a day per link.
  consumeRateLimit('linkAddPerson', linkKey(access));
  const customer = getCustomerByEmail({ email });
  const name = parsed.data.name || customer?.name || nameFromEmail(email);
  const participantId = getDb().transaction((tx) =>
    insertParticipant(tx, {
      ticketId: ticket.id,
      email,
      name,
      customerId: customer?.id ?? null,
      actor: { kind: holder.kind, id: holder.id, email: holder.email },
      addedByAgentId: null,
      addedByHolder: { kind: holder.kind, id: holder.id, name: labelOf(holder) },
    }),
  );
  return { participantId, label: name };
}

/** Removes a participant the link's holder added; anyone else is the agents' to remove. */
export function removePersonThroughLink({ token, participantId }: { token: string; participantId: number }): void {
  const access = requireAccessLink(token);
  const participant = getDb()
    .select()
    .from(participants)
    .where(and(eq(participants.id, participantId), eq(participants.ticketId, access.ticket.id), isNull(participants.removedAt)))
    .get();
  if (!participant) throw notFound('Participant');
  if (!canLinkHolderRemoveParticipant(access.holder, participant, access.settings)) {
    throw new AppError('forbidden', 'You can remove only the people you added. Ask the support team to remove anyone else.');
  }
  const { holder } = access;
  getDb().transaction((tx) => endParticipation(tx, participant, { kind: holder.kind, id: holder.id, email: holder.email }, 'removed', null));
}
