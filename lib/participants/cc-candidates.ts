import 'server-only';
import { and, asc, eq } from 'drizzle-orm';
import { ccCandidates, type CcCandidate, type CcCandidateReason, type Agent } from '@/db/schema';
import { agentActor, recordAudit } from '@/lib/core/audit';
import { getDb, type Tx } from '@/lib/core/db';
import { AppError, notFound } from '@/lib/core/errors';
import { getCustomerByEmail, nameFromEmail } from '@/lib/people/customers';
import { canResolveCcCandidate, normalizeEmail } from '@/lib/auth/policy';
import { getSettings } from '@/lib/core/settings';
import { getTicketForAgent } from '@/lib/tickets/tickets';
import { listActiveParticipants } from '@/lib/tickets/records';
import { insertParticipant, settleCcCandidate } from '@/lib/participants/participants';

// "Cc'd, not on this ticket": people the customer or a participant wrote to whom inbound mail did not add (auto-add
// off, a list or robot address, past the 10-a-message cap, removed before, an untrusted message). Agents add each
// (they get their link as when an agent adds them) or dismiss them; both are audited.

export const ccReasonTexts: Record<CcCandidateReason, string> = {
  'not-allowed': 'not added automatically (the settings do not allow it)',
  limit: `more than 10 people in one message`,
  'list-or-robot': 'looks like a mailing list or an automatic sender',
  removed: 'was removed from this ticket before',
  untrusted: 'the message could not be verified',
};

/** Lists someone inbound mail did not add, inside the message's transaction (once per ticket and address). */
export function recordCcCandidate(
  tx: Tx,
  input: { ticketId: number; email: string; name: string; ccBy: { email: string; name: string }; inboundMessageId: number | null; reason: CcCandidateReason },
): void {
  tx.insert(ccCandidates)
    .values({
      ticketId: input.ticketId,
      email: normalizeEmail(input.email),
      name: input.name.slice(0, 120),
      ccByEmail: normalizeEmail(input.ccBy.email),
      ccByName: input.ccBy.name.slice(0, 120),
      inboundMessageId: input.inboundMessageId,
      reason: input.reason,
    })
    .onConflictDoNothing()
    .run();
}

/** The pending "Cc'd, not on this ticket" entries of a ticket the agent may see, oldest first. */
export function listCcCandidates({ ticketId, agent }: { ticketId: number; agent: Agent }): CcCandidate[] {
  getTicketForAgent({ id: ticketId, agent });
  return getDb()
    .select()
    .from(ccCandidates)
    .where(and(eq(ccCandidates.ticketId, ticketId), eq(ccCandidates.status, 'pending')))
    .orderBy(asc(ccCandidates.createdAt), asc(ccCandidates.id))
    .all();
}

function pendingCandidate(ticketId: number, candidateId: number): CcCandidate {
  const candidate = getDb()
    .select()
    .from(ccCandidates)
    .where(and(eq(ccCandidates.id, candidateId), eq(ccCandidates.ticketId, ticketId), eq(ccCandidates.status, 'pending')))
    .get();
  if (!candidate) throw notFound('Cc’d person');
  return candidate;
}

function resolvable(ticketId: number, agent: Agent) {
  const ticket = getTicketForAgent({ id: ticketId, agent, to: 'work' });
  const settings = getSettings();
  if (!canResolveCcCandidate(agent, ticket, settings)) {
    throw new AppError('conflict', 'Participants are turned off. An administrator can enable them in Settings → Tickets.');
  }
  return ticket;
}

/** Adds a Cc'd person as a participant (one click): they are emailed their link; the history says who added them. */
export function addCcCandidate({ ticketId, candidateId, agent }: { ticketId: number; candidateId: number; agent: Agent }): { participantId: number } {
  const ticket = resolvable(ticketId, agent);
  const candidate = pendingCandidate(ticketId, candidateId);
  if (candidate.email === normalizeEmail(ticket.customer.email) || listActiveParticipants({ ticketId }).some((p) => p.email === candidate.email)) {
    getDb().transaction((tx) => settleCcCandidate(tx, ticketId, candidate.email));
    throw new AppError('conflict', `${candidate.email} is already on this ticket.`);
  }
  const customer = getCustomerByEmail({ email: candidate.email });
  return getDb().transaction((tx) => {
    const participantId = insertParticipant(tx, {
      ticketId,
      email: candidate.email,
      name: customer?.name || candidate.name || nameFromEmail(candidate.email),
      customerId: customer?.id ?? null,
      actor: agentActor(agent),
      addedByAgentId: agent.id,
      source: 'cc',
    });
    tx.update(ccCandidates).set({ status: 'added', resolvedByAgentId: agent.id, resolvedAt: new Date() }).where(eq(ccCandidates.id, candidate.id)).run();
    recordAudit(tx, { ticketId, actor: agentActor(agent), action: 'cc.added', detail: { candidateId: candidate.id, email: candidate.email, ccBy: candidate.ccByEmail, participantId } });
    return { participantId };
  });
}

/** Dismisses a Cc'd person: they stay off the ticket and off the list (a later email may list them again). */
export function dismissCcCandidate({ ticketId, candidateId, agent }: { ticketId: number; candidateId: number; agent: Agent }): void {
  resolvable(ticketId, agent);
  const candidate = pendingCandidate(ticketId, candidateId);
  getDb().transaction((tx) => {
    tx.update(ccCandidates).set({ status: 'dismissed', resolvedByAgentId: agent.id, resolvedAt: new Date() }).where(eq(ccCandidates.id, candidate.id)).run();
    recordAudit(tx, { ticketId, actor: agentActor(agent), action: 'cc.dismissed', detail: { candidateId: candidate.id, email: candidate.email, ccBy: candidate.ccByEmail } });
  });
}
