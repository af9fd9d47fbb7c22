import 'server-only';
import { z } from 'zod';
import type { RatingValue } from '@/db/schema';
import { requireAccessLink, type LinkAccess } from '@/lib/participants/link-access';
import { AppError } from '@/lib/core/errors';
import { getClosing, getRatingOf, latestClosingId, ratingRefusal, saveRating, type Closing } from '@/lib/tickets/ratings';

// Rating through one's own link: the closing email's "Good" / "Not good" open a page under the person's link
// (`/t/<token>/rate/<closing>?rating=good`). Mail scanners open links, so that page (a GET) only shows the choice
// preselected with a comment box; the rating is recorded by the form's POST.

/** The page a rating link of the closing email opens. */
export function ratingUrl(ticketUrl: string, closingEventId: number, rating: RatingValue): string {
  return `${ticketUrl}/rate/${closingEventId}?rating=${rating}`;
}

const closingIdSchema = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

function closingFor(access: LinkAccess, closingId: unknown): Closing | undefined {
  const id = closingIdSchema.safeParse(closingId);
  return id.success ? getClosing({ ticketId: access.ticket.id, eventId: id.data }) : undefined;
}

export type RatingPage = {
  access: LinkAccess;
  closing: Closing | undefined;
  /** Why this person may not rate this closing now (the page says so instead of showing the form). */
  refusal: string | null;
  /** What they answered before, if they did (they may change it). */
  current: { rating: RatingValue; comment: string } | null;
};

/** What the rating page shows; the link is checked as on every page behind it (a refused link throws a 403). */
export function getRatingPage({ token, closingId }: { token: string; closingId: unknown }): RatingPage {
  const access = requireAccessLink(token);
  const closing = closingFor(access, closingId);
  const refusal = ratingRefusal({
    kind: access.holder.kind,
    closing,
    latestClosingId: latestClosingId({ ticketId: access.ticket.id }),
    ticketStatus: access.ticket.status,
    settings: access.settings,
  });
  const given = closing ? getRatingOf({ closingEventId: closing.eventId, email: access.holder.email }) : undefined;
  return { access, closing, refusal, current: given ? { rating: given.rating, comment: given.comment } : null };
}

/** The closing the link holder may rate now (the personal page offers it), or null. */
export function rateableClosingId(access: LinkAccess): number | null {
  const latest = latestClosingId({ ticketId: access.ticket.id });
  if (latest === null) return null;
  const closing = getClosing({ ticketId: access.ticket.id, eventId: latest });
  const refusal = ratingRefusal({ kind: access.holder.kind, closing, latestClosingId: latest, ticketStatus: access.ticket.status, settings: access.settings });
  return refusal ? null : latest;
}

/** Records (or changes) the link holder's rating of a closing: the rating page's POST. */
export function rateThroughLink({ token, closingId, input }: { token: string; closingId: unknown; input: unknown }) {
  const access = requireAccessLink(token);
  const closing = closingFor(access, closingId);
  if (!closing) throw new AppError('not_found', 'This rating link does not belong to a closing of this ticket.');
  const { holder, ticket, settings } = access;
  return saveRating({ closing, ticket, rater: { kind: holder.kind, id: holder.id, email: holder.email, name: holder.name }, input, settings });
}
