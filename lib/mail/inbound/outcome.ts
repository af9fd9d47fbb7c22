import 'server-only';
import { eq } from 'drizzle-orm';
import { inboundMessages, tickets, type InboundStatus } from '@/db/schema';
import type { Db, DbOrTx } from '@/lib/core/db';
import { getSettings } from '@/lib/core/settings';
import { AlreadyApplied, applyInboundMessage } from '@/lib/mail/inbound/apply';
import { formatTicketNumber } from '@/lib/tickets/numbers';

// What became of a stored inbound message, in one sentence: what `npm run cli -- inbound` prints, whoever applied it
// (the CLI itself, the server's worker that got there first, or an earlier delivery of the same message).

export type InboundState = {
  id: number;
  status: InboundStatus;
  outcome: string | null;
  reason: string | null;
  lastError: string | null;
  // As people write it (`PAR-1042`), or `#1042` without a prefix or suffix.
  ticket: string | null;
};

/** Who settled the message: this run, the server's worker before it, or an earlier delivery of the same message. */
export type Settler = 'here' | 'server' | 'earlier';

export function readInboundState(db: DbOrTx, id: number): InboundState | null {
  const row = db
    .select({
      id: inboundMessages.id,
      status: inboundMessages.status,
      outcome: inboundMessages.outcome,
      reason: inboundMessages.reason,
      lastError: inboundMessages.lastError,
      number: tickets.number,
    })
    .from(inboundMessages)
    .leftJoin(tickets, eq(tickets.id, inboundMessages.ticketId))
    .where(eq(inboundMessages.id, id))
    .get();
  if (!row) return null;
  const settings = getSettings(db);
  const ticket = row.number === null ? null : settings.ticketPrefix || settings.ticketSuffix ? formatTicketNumber(row.number, settings) : `#${row.number}`;
  return { id: row.id, status: row.status, outcome: row.outcome, reason: row.reason, lastError: row.lastError, ticket };
}

/** What the applied message did ("a reply to PAR-1042", "new ticket PAR-1043", …). */
function appliedAs(state: InboundState): string {
  const on = state.ticket ? ` on ${state.ticket}` : '';
  const why = state.reason ? ` (${state.reason.replace(/\.$/, '')})` : '';
  switch (state.outcome) {
    case 'reply':
      return `as a reply to ${state.ticket ?? 'a ticket'}${why}`;
    case 'ticket':
      return `as new ticket ${state.ticket ?? ''}`.trimEnd();
    case 'automatic':
      return state.ticket ? `as an automatic reply kept${on}, notifying nobody${why}` : `as an automatic message: no ticket opened${why}`;
    case 'duplicate':
      return `as a duplicate of an earlier message${on}: nothing added${why}`;
    case 'bounce':
      return `as a bounce${why}`;
    default:
      return `(${state.outcome ?? 'no outcome recorded'})${on}`;
  }
}

export function describeInboundOutcome(state: InboundState, settler: Settler): string {
  const subject = settler === 'earlier' ? `Already received as inbound message #${state.id}; nothing added this time. It was` : `Inbound message #${state.id}:`;
  const by = settler === 'server' ? ' by the server' : '';
  switch (state.status) {
    case 'applied':
      return `${subject} applied${by} ${appliedAs(state)}.`;
    case 'refused':
      return `${subject} refused${by}: ${(state.reason ?? 'no reason recorded').replace(/\.$/, '')}${state.ticket ? ` (ticket ${state.ticket})` : ''}. It is listed under Admin → Inbound.`;
    case 'failed':
      return `${subject} stored, but applying it failed for good (${state.lastError ?? 'no error recorded'}). It is listed under Admin → Inbound, where an admin can retry it.`;
    case 'pending':
      return `${subject} stored; the server applies it${state.lastError ? ` (last attempt failed: ${state.lastError})` : ''}.`;
  }
}

/**
 * Applies a message this process has just stored and says what became of it, also when the server's worker applied
 * it first. Any other failure is thrown: the message stays stored and the worker retries it.
 */
export async function applyAndDescribe(db: Db, id: number): Promise<string> {
  let settler: Settler = 'here';
  try {
    await applyInboundMessage(db, id);
  } catch (error) {
    if (!(error instanceof AlreadyApplied)) throw error;
    settler = 'server';
  }
  return describeInboundOutcome(readInboundState(db, id)!, settler);
}
