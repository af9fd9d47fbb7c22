import 'server-only';
import { and, asc, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { agents, events, ratings, ratingValues, type Rating, type RatingValue, type TicketStatus } from '@/db/schema';
import { recordAudit } from '@/lib/core/audit';
import { getDb, type DbOrTx } from '@/lib/core/db';
import { AppError, validationError } from '@/lib/core/errors';
import type { Settings } from '@/lib/core/settings';
import { recordEvent } from '@/lib/tickets/events';
import { normalizeLineBreaks } from '@/lib/tickets/tickets';

// Satisfaction ratings: when a ticket is closed with Settings → Tickets "Ask for a rating" on, the closing email asks
// the customer (and, with ratingAsksParticipants, each participant) "How did we do?". A closing is the ticket's
// `ticket.closed` event; each person rates it once, may change their answer for 7 days, and a ticket reopened and
// closed again is a new closing that asks again. Through which link a person rates is lib/participants/ratings.ts.

export const RATING_CHANGE_DAYS = 7;
const CHANGE_WINDOW_MS = RATING_CHANGE_DAYS * 24 * 60 * 60 * 1000;

export type RaterKind = 'customer' | 'participant';
export type Closing = { eventId: number; ticketId: number; closedAt: Date; byEmail: string | null };

export const ratingLabels: Record<RatingValue, string> = { good: 'Good', bad: 'Not good' };

export const ratingInputSchema = z.object({
  rating: z.enum(ratingValues, { message: 'Choose Good or Not good.' }),
  comment: z
    .string()
    .max(2000, 'must be at most 2000 characters')
    .default('')
    .transform((text) => normalizeLineBreaks(text).trim()),
});

/** Whether this person is asked for a rating at all, after the team's settings. */
export function isAskedForRating(kind: RaterKind, settings: Pick<Settings, 'askForRating' | 'ratingAsksParticipants' | 'participantsEnabled'>): boolean {
  if (!settings.askForRating) return false;
  return kind === 'customer' || (settings.ratingAsksParticipants && settings.participantsEnabled);
}

/**
 * Why a rating of `closing` may not be given (or changed) now; null when it may. Only the ticket's latest closing,
 * while the ticket is still closed, and for 7 days after it.
 */
export function ratingRefusal({
  kind,
  closing,
  latestClosingId,
  ticketStatus,
  settings,
  now = new Date(),
}: {
  kind: RaterKind;
  closing: Pick<Closing, 'eventId' | 'closedAt'> | undefined;
  latestClosingId: number | null;
  ticketStatus: TicketStatus;
  settings: Pick<Settings, 'askForRating' | 'ratingAsksParticipants' | 'participantsEnabled'>;
  now?: Date;
}): string | null {
  if (!isAskedForRating(kind, settings)) return 'This helpdesk does not ask for ratings (any more).';
  if (!closing) return 'This rating link does not belong to a closing of this ticket.';
  if (closing.eventId !== latestClosingId || ticketStatus !== 'closed') {
    return 'The ticket was reopened after this closing. You will be asked again when it is closed.';
  }
  if (now.getTime() - closing.closedAt.getTime() > CHANGE_WINDOW_MS) {
    return `Ratings can be given or changed for ${RATING_CHANGE_DAYS} days after the ticket was closed.`;
  }
  return null;
}

/** One closing of a ticket (its ticket.closed event), or undefined when the id names none of this ticket. */
export function getClosing({ ticketId, eventId }: { ticketId: number; eventId: number }, db: DbOrTx = getDb()): Closing | undefined {
  const row = db
    .select()
    .from(events)
    .where(and(eq(events.id, eventId), eq(events.ticketId, ticketId), eq(events.type, 'ticket.closed')))
    .get();
  return row && closingOf(row);
}

/** The id of the ticket's latest closing, or null when it was never closed. */
export function latestClosingId({ ticketId }: { ticketId: number }, db: DbOrTx = getDb()): number | null {
  return (
    db
      .select({ id: events.id })
      .from(events)
      .where(and(eq(events.ticketId, ticketId), eq(events.type, 'ticket.closed')))
      .orderBy(desc(events.id))
      .limit(1)
      .get()?.id ?? null
  );
}

function closingOf(row: typeof events.$inferSelect): Closing {
  const payload = JSON.parse(row.payload) as { byEmail?: string | null };
  return { eventId: row.id, ticketId: row.ticketId!, closedAt: row.createdAt, byEmail: payload.byEmail ?? null };
}

/** The rating one person gave one closing, if any. */
export function getRatingOf({ closingEventId, email }: { closingEventId: number; email: string }, db: DbOrTx = getDb()): Rating | undefined {
  return db
    .select()
    .from(ratings)
    .where(and(eq(ratings.closingEventId, closingEventId), eq(ratings.raterEmail, email.toLowerCase())))
    .get();
}

/** Every rating of a ticket, over all its closings, oldest first. */
export function listTicketRatings({ ticketId }: { ticketId: number }, db: DbOrTx = getDb()): Rating[] {
  return db.select().from(ratings).where(eq(ratings.ticketId, ticketId)).orderBy(asc(ratings.closedAt), asc(ratings.id)).all();
}

export type Rater = { kind: RaterKind; id: number; email: string; name: string };

/**
 * Records (or changes) one person's rating of a closing, after ratingRefusal allowed it: one row per person per
 * closing. Raises `rating.received` (the webhook event); a new "Not good" tells the agent who closed the ticket.
 */
export function saveRating({
  closing,
  ticket,
  rater,
  input,
  settings,
}: {
  closing: Closing;
  ticket: { id: number; status: TicketStatus; assigneeId: number | null };
  rater: Rater;
  input: unknown;
  settings: Pick<Settings, 'askForRating' | 'ratingAsksParticipants' | 'participantsEnabled'>;
}): Rating {
  const parsed = ratingInputSchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const db = getDb();
  return db.transaction((tx) => {
    const refusal = ratingRefusal({
      kind: rater.kind,
      closing,
      latestClosingId: latestClosingId({ ticketId: ticket.id }, tx),
      ticketStatus: ticket.status,
      settings,
    });
    if (refusal) throw new AppError('conflict', refusal);
    const email = rater.email.toLowerCase();
    const before = getRatingOf({ closingEventId: closing.eventId, email }, tx);
    const closedByAgentId = closing.byEmail
      ? (tx.select({ id: agents.id }).from(agents).where(eq(agents.email, closing.byEmail.toLowerCase())).get()?.id ?? null)
      : null;
    const now = new Date();
    const row = tx
      .insert(ratings)
      .values({
        ticketId: ticket.id,
        closingEventId: closing.eventId,
        closedAt: closing.closedAt,
        closedByAgentId,
        assigneeId: ticket.assigneeId,
        raterKind: rater.kind,
        raterId: rater.id,
        raterEmail: email,
        raterName: rater.name,
        rating: parsed.data.rating,
        comment: parsed.data.comment,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoUpdate({
        target: [ratings.closingEventId, ratings.raterEmail],
        set: { rating: parsed.data.rating, comment: parsed.data.comment, raterName: rater.name, updatedAt: now },
      })
      .returning()
      .get();
    if (before && before.rating === row.rating && before.comment === row.comment) return row;
    recordAudit(tx, {
      ticketId: ticket.id,
      actor: { kind: rater.kind, id: rater.id, email },
      action: before ? 'rating.changed' : 'rating.given',
      detail: { rating: row.rating, ...(before ? { from: before.rating } : {}), comment: row.comment !== '' },
    });
    recordEvent(tx, {
      type: 'rating.received',
      ticketId: ticket.id,
      ratingId: row.id,
      // Told once per "Not good": a changed comment on the same answer tells nobody again.
      tellAgent: row.rating === 'bad' && before?.rating !== 'bad',
      closedByAgentId,
    });
    return row;
  });
}

/** A rating as the ticket JSON (`ratings`) and webhooks show it. */
export function ratingView(rating: Rating) {
  return {
    by: { email: rating.raterEmail, kind: rating.raterKind },
    rating: rating.rating,
    comment: rating.comment,
    at: rating.updatedAt.toISOString(),
  };
}
