import 'server-only';
import { events, type TicketStatus } from '@/db/schema';
import type { Tx } from '@/lib/core/db';
import { enqueueNotifications } from '@/lib/tickets/notifications';
import { enqueueWebhookDeliveries } from '@/lib/tickets/webhook-events';

// Domain events: facts about tickets, written in the same transaction as the change itself, so whatever reacts
// to them (notifications, webhooks) sees exactly what was committed. Each event queues its emails and its webhook
// deliveries in that same transaction.
export type DomainEvent =
  | { type: 'ticket.created'; ticketId: number; replyId: number; byAgentId: number | null }
  // quiet: an automatic message, or a sender flooding the ticket; recorded, but nobody is emailed.
  | { type: 'reply.created'; ticketId: number; replyId: number; quiet?: boolean }
  | { type: 'ticket.closed'; ticketId: number; byEmail: string | null }
  // Every change of status, whoever made it (touchTicket, snooze, auto-close); the webhooks' ticket.status_changed.
  | { type: 'ticket.status_changed'; ticketId: number; from: TicketStatus; to: TicketStatus }
  // By the customer or a participant, through their link.
  | { type: 'ticket.reopened'; ticketId: number; byEmail: string }
  | { type: 'ticket.assigned'; ticketId: number; assigneeId: number; byAgentId: number | null }
  | { type: 'participant.added'; ticketId: number; participantId: number; byAgentId: number | null }
  | { type: 'participant.removed'; ticketId: number; participantId: number; byAgentId: number | null }
  | { type: 'participant.left'; ticketId: number; participantId: number }
  | { type: 'link.requested'; ticketId: number; holder: { kind: 'customer' | 'participant'; id: number } }
  // Raised only when the admin chose to email everyone their new link.
  | { type: 'links.rotated'; ticketId: number; byAgentId: number }
  // A service target is about to be missed, or was: raised once each by the background thread (lib/tickets/service-level-sync.ts).
  | { type: 'sla.warning' | 'sla.missed'; ticketId: number; target: string; dueAt: number }
  // A snoozed ticket's time came: it was reopened by the background thread (lib/tickets/snooze.ts).
  | { type: 'ticket.snooze_ended'; ticketId: number }
  // On hold for all but the last two days before the team's auto-close (Settings → Tickets).
  | { type: 'ticket.auto_close_reminder'; ticketId: number }
  // Ticket sourceTicketId was merged into ticketId (lib/tickets/merge.ts); `people` are those who came with it, as
  // they are on ticketId now, each emailed once with their link to it. (Webhooks: ticket.merged.)
  | { type: 'ticket.merged'; ticketId: number; sourceTicketId: number; byAgentId: number; people: { kind: 'customer' | 'participant'; id: number }[] }
  // Replies of sourceTicketId were split off into the new ticket ticketId, whose people get their fresh links.
  | { type: 'ticket.split'; ticketId: number; sourceTicketId: number; byAgentId: number; replyIds: number[] }
  // A customer or participant rated a closing, or changed their rating (lib/tickets/ratings.ts); tellAgent: a new
  // "Not good", which the agent who closed the ticket hears about.
  | { type: 'rating.received'; ticketId: number; ratingId: number; tellAgent: boolean; closedByAgentId: number | null };


export function recordEvent(tx: Tx, event: DomainEvent): number {
  const { type, ticketId, ...payload } = event;
  const row = tx.insert(events).values({ type, ticketId, payload: JSON.stringify(payload) }).returning({ id: events.id }).get();
  enqueueNotifications(tx, row.id, event);
  enqueueWebhookDeliveries(tx, row.id, event);
  return row.id;
}
