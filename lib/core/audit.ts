import 'server-only';
import { asc, eq, inArray } from 'drizzle-orm';
import { auditLog, type ActorKind, type Agent } from '@/db/schema';
import { getDb, type DbOrTx } from '@/lib/core/db';

export type AuditActor = { kind: ActorKind; id?: number | null; email?: string | null };

export const systemActor: AuditActor = { kind: 'system' };
export const agentActor = (agent: Pick<Agent, 'id' | 'email'>): AuditActor => ({ kind: 'agent', id: agent.id, email: agent.email });

export function recordAudit(
  tx: DbOrTx,
  entry: { ticketId: number | null; actor: AuditActor; action: string; detail?: Record<string, unknown> },
): void {
  tx.insert(auditLog)
    .values({
      ticketId: entry.ticketId,
      actorKind: entry.actor.kind,
      actorId: entry.actor.id ?? null,
      actorEmail: entry.actor.email ?? null,
      action: entry.action,
      detail: JSON.stringify(entry.detail ?? {}),
    })
    .run();
}

export function listAuditForTicket({ ticketId }: { ticketId: number }) {
  return listAuditForTickets({ ticketIds: [ticketId] });
}

/** The audit entries of several tickets (a ticket and those merged into it), oldest first. */
export function listAuditForTickets({ ticketIds }: { ticketIds: number[] }) {
  return getDb()
    .select()
    .from(auditLog)
    .where(ticketIds.length === 1 ? eq(auditLog.ticketId, ticketIds[0]) : inArray(auditLog.ticketId, ticketIds))
    .orderBy(asc(auditLog.createdAt), asc(auditLog.id))
    .all()
    .map((row) => ({ ...row, detail: JSON.parse(row.detail) as Record<string, unknown> }));
}
