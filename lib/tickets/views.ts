import 'server-only';
import { asc, eq, or } from 'drizzle-orm';
import { z } from 'zod';
import { savedViews, ticketPriorities, ticketStatuses, type Agent, type SavedView } from '@/db/schema';
import { canDeleteSavedView, canUseSavedView } from '@/lib/auth/policy';
import { getDb } from '@/lib/core/db';
import { AppError, forbidden, notFound, validationError } from '@/lib/core/errors';
import { countTicketsForAgent, ticketSorts, type TicketListQuery } from '@/lib/tickets/tickets';

// Saved views: a named set of ticket-list filters (status, assignee, tag, priority, search words, sort), the agent's
// own or shared with the team. A view stores the filters, not tickets: "mine" is whoever opens it, and restricted
// agents still see only their own and unassigned tickets through a shared view.

/** In the navigation, a view's count stops here ("100+"): cheap however many tickets match. */
export const VIEW_COUNT_CAP = 100;

const emptyAsMissing = (value: unknown) => (value === '' || value === null ? undefined : value);

export const viewQuerySchema = z
  .object({
    status: z.preprocess(emptyAsMissing, z.enum(ticketStatuses, { message: `must be one of ${ticketStatuses.join(', ')}` }).optional()),
    assignee: z.preprocess(emptyAsMissing, z.enum(['mine', 'unassigned', 'any'], { message: 'must be one of mine, unassigned, any' }).default('any')),
    priority: z.preprocess(emptyAsMissing, z.enum(ticketPriorities, { message: `must be one of ${ticketPriorities.join(', ')}` }).optional()),
    tag: z.preprocess(emptyAsMissing, z.string().trim().toLowerCase().max(100).optional()),
    q: z.preprocess(emptyAsMissing, z.string().trim().max(200, 'must be at most 200 characters').default('')),
    sort: z.preprocess(emptyAsMissing, z.enum(ticketSorts, { message: `must be one of ${ticketSorts.join(', ')}` }).default('activity')),
  })
  .strict();
export type ViewQuery = z.infer<typeof viewQuerySchema>;

const newViewSchema = z.object({
  name: z.string('is required').trim().min(1, 'is required').max(60, 'must be at most 60 characters'),
  shared: z.boolean('must be true or false').default(false),
  query: viewQuerySchema,
});

export type SavedViewWithQuery = Omit<SavedView, 'query'> & { query: ViewQuery };

const withQuery = (view: SavedView): SavedViewWithQuery => ({ ...view, query: viewQuerySchema.catch(viewQuerySchema.parse({})).parse(JSON.parse(view.query)) });

/** Saves the filters as a named view; a tag the view names must exist. */
export function createSavedView({ agent, input }: { agent: Agent; input: unknown }): SavedViewWithQuery {
  const parsed = newViewSchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const { name, shared, query } = parsed.data;
  // The list refuses a tag no tag has: run the count once so a bad view is never saved.
  countTicketsForAgent({ agent, cap: 1, ...query });
  const row = getDb().insert(savedViews).values({ name, shared, ownerId: agent.id, query: JSON.stringify(query) }).returning().get();
  return withQuery(row);
}

/** The agent's own views and the team's shared ones, by name. */
export function listSavedViews(agent: Agent): SavedViewWithQuery[] {
  return getDb()
    .select()
    .from(savedViews)
    .where(or(eq(savedViews.ownerId, agent.id), eq(savedViews.shared, true)))
    .orderBy(asc(savedViews.name), asc(savedViews.id))
    .all()
    .map(withQuery);
}

/** A view the agent may open: 404 when it does not exist, 403 when it is someone else's and not shared. */
export function getSavedViewForAgent({ id, agent }: { id: number; agent: Agent }): SavedViewWithQuery {
  const view = getDb().select().from(savedViews).where(eq(savedViews.id, id)).get();
  if (!view) throw notFound('View');
  if (!canUseSavedView(agent, view)) throw forbidden('This view is another agent’s and not shared.');
  return withQuery(view);
}

export function deleteSavedView({ id, agent }: { id: number; agent: Agent }): void {
  const view = getSavedViewForAgent({ id, agent });
  if (!canDeleteSavedView(agent, view)) throw forbidden('Only its owner or an administrator can delete a shared view.');
  getDb().delete(savedViews).where(eq(savedViews.id, id)).run();
}

/** Each view's count for the agent, capped; null for a view whose tag has since been deleted. */
export function countSavedViews(agent: Agent, views: SavedViewWithQuery[]): Map<number, { total: number; capped: boolean } | null> {
  return new Map(
    views.map((view) => {
      try {
        return [view.id, countTicketsForAgent({ agent, cap: VIEW_COUNT_CAP, ...(view.query as TicketListQuery) })];
      } catch (error) {
        if (error instanceof AppError && error.code === 'validation_failed') return [view.id, null];
        throw error;
      }
    }),
  );
}
