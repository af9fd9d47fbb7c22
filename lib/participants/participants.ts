import 'server-only';
import { and, asc, eq, isNull, like } from 'drizzle-orm';
import { z } from 'zod';
import { agents, auditLog, ccCandidates, companies, customers, participants, type Agent, type Participant } from '@/db/schema';
import { ticketUrlFor } from '@/lib/participants/link-access';
import { agentActor, type AuditActor, recordAudit } from '@/lib/core/audit';
import { emailSchema, getCustomerByEmail, getCustomerById, nameFromEmail } from '@/lib/people/customers';
import { getDb, type DbOrTx, type Tx } from '@/lib/core/db';
import { AppError, notFound, validationError } from '@/lib/core/errors';
import { recordEvent } from '@/lib/tickets/events';
import { normalizeEmail } from '@/lib/auth/policy';
import { getSettings } from '@/lib/core/settings';
import { getTicketForAgent, touchTicket } from '@/lib/tickets/tickets';
import { getTicketWithPeople, listActiveParticipants } from '@/lib/tickets/records';

/** Who brought a participant in: an agent, the customer or a participant through their link, or inbound mail. */
export type AddedBy = { kind: 'agent' | 'customer' | 'participant'; id: number; name: string } | { kind: 'email' };

export type ParticipantView = {
  id: number;
  email: string;
  name: string;
  customerId: number | null;
  // The company of their customer record, if they have one.
  company: string | null;
  addedAt: Date;
  addedBy: AddedBy | null;
  ticketUrl: string;
  // "sees only what is sent to them" ('addressed') or the whole public conversation.
  view: Participant['view'];
};

/** "added by Pat (customer)", "added by Ann", "added from email". */
export function addedByText(addedBy: AddedBy | null): string {
  if (!addedBy) return '';
  if (addedBy.kind === 'email') return 'added from email';
  return addedBy.kind === 'agent' ? `added by ${addedBy.name}` : `added by ${addedBy.name} (${addedBy.kind})`;
}

function addedByOf(participant: Participant, agent: { id: number | null; name: string | null } | null, fromEmail: boolean): AddedBy | null {
  if (participant.addedByHolderKind && participant.addedByHolderId !== null) {
    return { kind: participant.addedByHolderKind, id: participant.addedByHolderId, name: participant.addedByHolderName ?? '' };
  }
  if (agent?.id) return { kind: 'agent', id: agent.id, name: agent.name ?? '' };
  return fromEmail ? { kind: 'email' } : null;
}

/** Participants with who added them and their personal links, for agents and the API. */
export function listParticipantViews({ ticketId }: { ticketId: number }): ParticipantView[] {
  const ticket = getTicketWithPeople({ id: ticketId });
  if (!ticket) return [];
  const rows = getDb()
    .select({ participant: participants, addedBy: { id: agents.id, name: agents.name }, company: companies.name })
    .from(participants)
    .leftJoin(agents, eq(agents.id, participants.addedByAgentId))
    .leftJoin(customers, eq(customers.id, participants.customerId))
    .leftJoin(companies, eq(companies.id, customers.companyId))
    .where(and(eq(participants.ticketId, ticketId), isNull(participants.removedAt)))
    .orderBy(asc(participants.createdAt), asc(participants.id))
    .all();
  const fromEmail = addedFromEmail(ticketId);
  return rows.map(({ participant, addedBy, company }) => ({
    id: participant.id,
    email: participant.email,
    name: participant.name,
    customerId: participant.customerId,
    company: company ?? null,
    addedAt: participant.createdAt,
    addedBy: addedByOf(participant, addedBy, fromEmail.has(participant.id)),
    ticketUrl: ticketUrlFor(ticket, { kind: 'participant', id: participant.id }),
    view: participant.view,
  }));
}

/** The participants of a ticket that inbound mail added (their audit entry says so). */
function addedFromEmail(ticketId: number): Set<number> {
  const rows = getDb()
    .select({ detail: auditLog.detail })
    .from(auditLog)
    .where(and(eq(auditLog.ticketId, ticketId), eq(auditLog.action, 'participant.added'), like(auditLog.detail, '%"source":"email"%')))
    .all();
  return new Set(rows.map((row) => (JSON.parse(row.detail) as { participantId?: number }).participantId).filter((id): id is number => typeof id === 'number'));
}

const optionalTrimmed = z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().optional());

export const addParticipantSchema = z
  .object({
    email: z.preprocess((v) => (typeof v === 'string' ? (v.trim() === '' ? undefined : v.trim()) : v), emailSchema.optional()),
    name: optionalTrimmed.pipe(z.string().max(120).optional()),
    customerId: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().positive().optional()),
  })
  .refine((v) => v.email !== undefined || v.customerId !== undefined, { message: 'is required', path: ['email'] })
  .refine((v) => v.email === undefined || v.customerId === undefined, {
    message: 'takes either an email address or a customer, not both',
    path: ['email'],
  });

/** Adds a participant by email (a guest, or a known customer when the address is one) or by customer id. */
export function addParticipant({ ticketId, agent, input }: { ticketId: number; agent: Agent; input: unknown }): ParticipantView {
  const ticket = getTicketForAgent({ id: ticketId, agent, to: 'work' });
  if (!getSettings().participantsEnabled) {
    throw new AppError('conflict', 'Participants are turned off. An administrator can enable them in Settings → Tickets.');
  }
  const parsed = addParticipantSchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error.issues);

  let email: string;
  let name: string;
  let customerId: number | null;
  if (parsed.data.customerId !== undefined) {
    const customer = getCustomerById({ id: parsed.data.customerId });
    if (!customer) throw new AppError('validation_failed', 'That customer does not exist.', { customerId: 'That customer does not exist.' });
    ({ email, name } = customer);
    customerId = customer.id;
  } else {
    email = normalizeEmail(parsed.data.email!);
    // A known address is linked to its customer; any other stays a guest and no customer record is made.
    const customer = getCustomerByEmail({ email });
    customerId = customer?.id ?? null;
    name = parsed.data.name || customer?.name || nameFromEmail(email);
  }
  if (email === ticket.customer.email) {
    const message = `${email} is this ticket’s customer and already has access.`;
    throw new AppError('validation_failed', message, { email: message });
  }
  if (listActiveParticipants({ ticketId }).some((p) => p.email === email)) {
    throw new AppError('conflict', `${email} is already a participant of this ticket.`);
  }

  const id = getDb().transaction((tx) =>
    insertParticipant(tx, { ticketId, email, name, customerId, actor: agentActor(agent), addedByAgentId: agent.id }),
  );
  return listParticipantViews({ ticketId }).find((p) => p.id === id)!;
}

/**
 * Adds a participant inside the caller's transaction: the row, the audit entry and the event that sends them their
 * link. `source: 'email'` marks people added by inbound mail ("added from email").
 */
export function insertParticipant(
  tx: Tx,
  input: {
    ticketId: number;
    email: string;
    name: string;
    customerId: number | null;
    actor: AuditActor;
    addedByAgentId: number | null;
    source?: 'email' | 'cc';
    // The customer or participant who added them through their personal link.
    addedByHolder?: { kind: 'customer' | 'participant'; id: number; name: string };
  },
): number {
  const { ticketId, email, name, customerId, actor, addedByAgentId, addedByHolder } = input;
  const participant = tx
    .insert(participants)
    .values({
      ticketId,
      email,
      name,
      customerId,
      addedByAgentId,
      addedByHolderKind: addedByHolder?.kind ?? null,
      addedByHolderId: addedByHolder?.id ?? null,
      addedByHolderName: addedByHolder?.name ?? null,
    })
    .returning()
    .get();
  touchTicket(tx, ticketId);
  settleCcCandidate(tx, ticketId, email);
  recordAudit(tx, {
    ticketId,
    actor,
    action: 'participant.added',
    detail: {
      participantId: participant.id,
      email,
      name,
      ...(input.source ? { source: input.source } : {}),
      ...(addedByHolder ? { addedBy: { kind: addedByHolder.kind, name: addedByHolder.name } } : {}),
    },
  });
  recordEvent(tx, { type: 'participant.added', ticketId, participantId: participant.id, byAgentId: addedByAgentId });
  return participant.id;
}

/** Someone joined (an agent, a link, a Cc'd person added): their pending "Cc'd, not on this ticket" entry is settled. */
export function settleCcCandidate(tx: Tx, ticketId: number, email: string): void {
  tx.update(ccCandidates)
    .set({ status: 'added', resolvedAt: new Date() })
    .where(and(eq(ccCandidates.ticketId, ticketId), eq(ccCandidates.email, normalizeEmail(email)), eq(ccCandidates.status, 'pending')))
    .run();
}

export function endParticipation(tx: Tx, participant: Participant, actor: AuditActor, how: 'removed' | 'left', byAgentId: number | null): void {
  tx.update(participants).set({ removedAt: new Date() }).where(eq(participants.id, participant.id)).run();
  touchTicket(tx, participant.ticketId);
  recordAudit(tx, {
    ticketId: participant.ticketId,
    actor,
    action: `participant.${how}`,
    detail: { participantId: participant.id, email: participant.email },
  });
  recordEvent(
    tx,
    how === 'left'
      ? { type: 'participant.left', ticketId: participant.ticketId, participantId: participant.id }
      : { type: 'participant.removed', ticketId: participant.ticketId, participantId: participant.id, byAgentId },
  );
}

/** Removes a participant: their personal link stops working at once (their id is never valid again). */
export function removeParticipant({ ticketId, participantId, agent }: { ticketId: number; participantId: number; agent: Agent }): void {
  getTicketForAgent({ id: ticketId, agent, to: 'work' });
  const participant = listActiveParticipants({ ticketId }).find((p) => p.id === participantId);
  if (!participant) throw notFound('Participant');
  getDb().transaction((tx) => endParticipation(tx, participant, agentActor(agent), 'removed', agent.id));
}

/** A participant leaves the ticket through their own link. */
export function leaveTicketAsParticipant(participant: Participant): void {
  getDb().transaction((tx) =>
    endParticipation(tx, participant, { kind: 'participant', id: participant.id, email: participant.email }, 'left', null),
  );
}
