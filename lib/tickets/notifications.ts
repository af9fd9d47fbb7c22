import 'server-only';
import { and, eq } from 'drizzle-orm';
import { agents, notificationMutes, outbox, participants, replies } from '@/db/schema';
import { getDb, type DbOrTx, type Tx } from '@/lib/core/db';
import type { DomainEvent } from '@/lib/tickets/events';
import { nudgeOutboxWorker } from '@/lib/core/outbox-queue';
import { selectRecipients, type Person } from '@/lib/tickets/recipients';
import { normalizeEmail } from '@/lib/auth/policy';
import { getSettings } from '@/lib/core/settings';
import { getTicketWithPeople, listActiveParticipants } from '@/lib/tickets/records';
import { storedAudience } from '@/lib/tickets/audience';

// Notifications are outbox rows written in the same transaction as the event that causes them, so a committed
// change always has its emails queued and a rolled-back one never does. The worker (lib/mail/outbox-worker.ts)
// renders and sends them later; nothing is sent from inside a request. Who is copied on what is a ticket's question
// (lib/tickets/recipients.ts); how each email reads is mail's.

/** Queues one outbox row per recipient of `event`; returns how many. */
export function enqueueNotifications(tx: Tx, eventId: number, event: DomainEvent): number {
  const ticket = getTicketWithPeople({ id: event.ticketId }, tx);
  if (!ticket) return 0;
  const participantRow = (id: number) =>
    tx.select().from(participants).where(and(eq(participants.id, id), eq(participants.ticketId, ticket.id))).get();

  const replyRow =
    event.type === 'reply.created' || event.type === 'ticket.created'
      ? tx.select().from(replies).where(eq(replies.id, event.replyId)).get()
      : undefined;
  const reply = replyRow && { ...replyRow, recipients: storedAudience(replyRow, tx).recipients };
  const participant =
    event.type === 'participant.added' || event.type === 'participant.removed' || event.type === 'participant.left'
      ? participantRow(event.participantId)
      : undefined;
  let linkHolder: Person | undefined;
  if (event.type === 'link.requested') {
    if (event.holder.kind === 'customer' && event.holder.id === ticket.customerId) {
      linkHolder = { kind: 'customer', id: ticket.customerId, email: ticket.customer.email, name: ticket.customer.name };
    } else if (event.holder.kind === 'participant') {
      const row = participantRow(event.holder.id);
      if (row && !row.removedAt) linkHolder = { kind: 'participant', id: row.id, email: row.email, name: row.name };
    }
  }

  const mergedPeople: Person[] | undefined =
    event.type === 'ticket.merged'
      ? event.people.flatMap((person): Person[] => {
          if (person.kind === 'customer') return person.id === ticket.customerId ? [{ kind: 'customer', id: ticket.customerId, email: ticket.customer.email, name: ticket.customer.name }] : [];
          const row = participantRow(person.id);
          return row && !row.removedAt ? [{ kind: 'participant', id: row.id, email: row.email, name: row.name }] : [];
        })
      : undefined;

  const planned = selectRecipients(event, {
    ticket,
    customer: ticket.customer,
    participants: listActiveParticipants({ ticketId: ticket.id }, tx),
    agents: tx.select({ id: agents.id, email: agents.email, name: agents.name, role: agents.role, active: agents.active }).from(agents).all(),
    settings: getSettings(tx),
    mutedEmails: listMutedEmails({ ticketId: ticket.id }, tx),
    reply,
    participant: participant && { id: participant.id, email: participant.email, name: participant.name },
    linkHolder,
    mergedPeople,
  });
  if (planned.length === 0) return 0;
  tx.insert(outbox)
    .values(
      planned.map(({ template, to, payload }) => ({
        eventId,
        ticketId: ticket.id,
        template,
        toEmail: to.email,
        toName: to.name,
        recipientKind: to.kind,
        recipientId: to.id,
        payload: JSON.stringify(payload),
      })),
    )
    .run();
  nudgeOutboxWorker();
  return planned.length;
}

// ---- Per-ticket mutes: "stop emails about this ticket" (List-Unsubscribe, the ticket page's toggle) ----

function listMutedEmails({ ticketId }: { ticketId: number }, db: DbOrTx = getDb()): string[] {
  return db.select({ email: notificationMutes.email }).from(notificationMutes).where(eq(notificationMutes.ticketId, ticketId)).all().map((r) => r.email);
}

/** Stops notifications about one ticket to one address; their access to the ticket is unchanged. */
export function muteTicketNotifications({ ticketId, email }: { ticketId: number; email: string }): void {
  getDb().insert(notificationMutes).values({ ticketId, email: normalizeEmail(email) }).onConflictDoNothing().run();
}

export function unmuteTicketNotifications({ ticketId, email }: { ticketId: number; email: string }): void {
  getDb()
    .delete(notificationMutes)
    .where(and(eq(notificationMutes.ticketId, ticketId), eq(notificationMutes.email, normalizeEmail(email))))
    .run();
}

export function isTicketMuted({ ticketId, email }: { ticketId: number; email: string }): boolean {
  return !!getDb()
    .select({ email: notificationMutes.email })
    .from(notificationMutes)
    .where(and(eq(notificationMutes.ticketId, ticketId), eq(notificationMutes.email, normalizeEmail(email))))
    .get();
}

/** Whom the emails about a new reply went to (queued in the reply's own transaction), for the reply box's confirmation. */
export function listReplyEmailRecipients({ ticketId, replyId }: { ticketId: number; replyId: number }, db: DbOrTx = getDb()): { name: string; email: string }[] {
  return db
    .select({ name: outbox.toName, email: outbox.toEmail })
    .from(outbox)
    .where(and(eq(outbox.ticketId, ticketId), eq(outbox.template, 'ticket_reply'), eq(outbox.payload, JSON.stringify({ replyId }))))
    .orderBy(outbox.id)
    .all();
}
