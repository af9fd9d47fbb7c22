import 'server-only';
import { eq } from 'drizzle-orm';
import { events, participants, ratings, replies, type WebhookDelivery } from '@/db/schema';
import { loadReplyView, loadTicketView, participantView } from '@/lib/attachments/api-views';
import { getDb, type Db } from '@/lib/core/db';
import { listParticipantViews } from '@/lib/participants/participants';
import { ratingView } from '@/lib/tickets/ratings';
import { getTicketWithPeople } from '@/lib/tickets/records';

// A webhook's body, as Standard Webhooks lays it out: `{ type, timestamp, data }`, with the ticket (and the reply,
// participant or rating the event is about) in the REST API's own JSON views (lib/attachments/api-views.ts). Built
// once, at a delivery's first attempt, and stored: retries and resends send the very same bytes.

export class WebhookPayloadError extends Error {}

type EventPayload = { replyId?: number; participantId?: number; ratingId?: number; from?: string; to?: string; assigneeId?: number; sourceTicketId?: number };

export function buildWebhookPayload(delivery: Pick<WebhookDelivery, 'eventId' | 'eventType'>, db: Db = getDb()): string {
  const event = delivery.eventId === null ? undefined : db.select().from(events).where(eq(events.id, delivery.eventId)).get();
  const ticket = event?.ticketId ? getTicketWithPeople({ id: event.ticketId }, db) : undefined;
  if (!event || !ticket) throw new WebhookPayloadError('The ticket of this event no longer exists.');
  const payload = JSON.parse(event.payload) as EventPayload;
  const data: Record<string, unknown> = { ticket: loadTicketView(ticket) };
  if (payload.replyId !== undefined) {
    const reply = db.select().from(replies).where(eq(replies.id, payload.replyId)).get();
    if (reply) data.reply = loadReplyView(reply);
  }
  if (payload.participantId !== undefined) data.participant = participantOf(ticket.id, payload.participantId, db);
  if (payload.ratingId !== undefined) {
    const rating = db.select().from(ratings).where(eq(ratings.id, payload.ratingId)).get();
    if (rating) data.rating = ratingView(rating);
  }
  if (delivery.eventType === 'ticket.status_changed') Object.assign(data, { from: payload.from, to: payload.to });
  // ticket.merged: the ticket is the one merged into; mergedTicketId the one that was merged (now closed, read-only).
  if (delivery.eventType === 'ticket.merged') data.mergedTicketId = payload.sourceTicketId;
  return JSON.stringify({ type: delivery.eventType, timestamp: event.createdAt.toISOString(), data });
}

/** A participant as the API shows them; one removed since has no working link (`ticketUrl: null`). */
function participantOf(ticketId: number, participantId: number, db: Db) {
  const current = listParticipantViews({ ticketId }).find((p) => p.id === participantId);
  if (current) return participantView(current);
  const row = db.select().from(participants).where(eq(participants.id, participantId)).get();
  if (!row) return null;
  return { ...participantView({ ...row, company: null, addedAt: row.createdAt, addedBy: null, ticketUrl: '' }), ticketUrl: null };
}
