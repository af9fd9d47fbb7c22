import 'server-only';
import { and, asc, count, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { tags, tickets, ticketTags, type Agent, type Tag } from '@/db/schema';
import { canManageTags } from '@/lib/auth/policy';
import { agentActor, recordAudit, type AuditActor } from '@/lib/core/audit';
import { getDb, type DbOrTx, type Tx } from '@/lib/core/db';
import { AppError, forbidden, notFound, validationError } from '@/lib/core/errors';

// Tags are one vocabulary for the whole team. Names are lower-case words without spaces (`billing`, `vip`,
// `bug-report`), so a search for `tag:billing` names exactly one tag and "Billing" and "billing" never split a tag in two.

export const TAG_NAME_MESSAGE = 'must be 1 to 40 letters, digits, “-”, “_” or “.”, with no spaces';
export const tagNameSchema = z
  .string('must be a tag name')
  .trim()
  .toLowerCase()
  .regex(/^[\p{L}\p{N}][\p{L}\p{N}_.-]{0,39}$/u, TAG_NAME_MESSAGE);

/** At most this many tags on one ticket: a tag list is a label, not a document. */
export const TAGS_PER_TICKET = 20;

export const ticketTagsSchema = z
  .array(tagNameSchema, 'must be a list of tag names')
  .max(TAGS_PER_TICKET, `must hold at most ${TAGS_PER_TICKET} tags`)
  .transform((names) => [...new Set(names)]);

export function getTagByName(name: string, db: DbOrTx = getDb()): Tag | undefined {
  return db.select().from(tags).where(eq(tags.name, name.trim().toLowerCase())).get();
}

/** The tag a list filter names: a 422 naming the field when no tag has that name. */
export function requireTagByName(name: string, field: string, db: DbOrTx = getDb()): Tag {
  const tag = getTagByName(name, db);
  if (!tag) throw new AppError('validation_failed', `No tag is named “${name}”.`, { [field]: 'is not a known tag' });
  return tag;
}

/** Every tag, alphabetically (for pickers and the type-ahead). */
export function listTagNames(db: DbOrTx = getDb()): string[] {
  return db.select({ name: tags.name }).from(tags).orderBy(asc(tags.name)).all().map((row) => row.name);
}

/** Every tag with how many tickets carry it (Settings → Tags). */
export function listTagsWithCounts(db: DbOrTx = getDb()): (Tag & { ticketCount: number })[] {
  const counts = db.select({ tagId: ticketTags.tagId, n: count() }).from(ticketTags).groupBy(ticketTags.tagId).all();
  const byTag = new Map(counts.map((row) => [row.tagId, row.n]));
  return db.select().from(tags).orderBy(asc(tags.name)).all().map((tag) => ({ ...tag, ticketCount: byTag.get(tag.id) ?? 0 }));
}

/** The tags of each ticket, alphabetically, by ticket id (one indexed query for a whole list page). */
export function tagsOfTickets(ticketIds: number[], db: DbOrTx = getDb()): Map<number, string[]> {
  const byTicket = new Map<number, string[]>(ticketIds.map((id) => [id, []]));
  if (ticketIds.length === 0) return byTicket;
  const rows = db
    .select({ ticketId: ticketTags.ticketId, name: tags.name })
    .from(ticketTags)
    .innerJoin(tags, eq(tags.id, ticketTags.tagId))
    .where(inArray(ticketTags.ticketId, ticketIds))
    .orderBy(asc(tags.name))
    .all();
  for (const row of rows) byTicket.get(row.ticketId)?.push(row.name);
  return byTicket;
}

export const tagsOfTicket = (ticketId: number, db: DbOrTx = getDb()): string[] => tagsOfTickets([ticketId], db).get(ticketId) ?? [];

// Up to this many tickets, a tag's tickets are read from ticket_tags and sorted; a tag on more is tested row by row
// while the list walks its index newest first, which then finds a page's worth of matches within a few thousand rows.
// (Sorting every ticket of a tag on a third of 100,000 tickets costs more than 100 ms; walking the index for a rare tag
// would read every ticket.)
const SORTED_TAG_LIMIT = 5000;

function taggedTicketCount(tagId: number, db: DbOrTx): number {
  return db.get<{ n: number }>(sql`select count(*) as n from (select 1 from ${ticketTags} where ${ticketTags.tagId} = ${tagId} limit ${SORTED_TAG_LIMIT + 1})`)?.n ?? 0;
}

/**
 * Tickets carrying every one of the tags. The rarest tag, when rare enough, drives the list through ticket_tags'
 * (tag, ticket) key; every other tag is a test of each row (the unary + keeps SQLite from using the key for it).
 */
export function hasTagsCondition(tagIds: number[], db: DbOrTx = getDb()): SQL | undefined {
  if (tagIds.length === 0) return undefined;
  const counted = [...new Set(tagIds)].map((tagId) => ({ tagId, n: taggedTicketCount(tagId, db) })).sort((a, b) => a.n - b.n);
  const member = (tagId: number) => sql`(select ${ticketTags.ticketId} from ${ticketTags} where ${ticketTags.tagId} = ${tagId})`;
  return and(
    ...counted.map(({ tagId, n }, i) =>
      i === 0 && n <= SORTED_TAG_LIMIT ? sql`${tickets.id} in ${member(tagId)}` : sql`+${tickets.id} in ${member(tagId)}`,
    ),
  );
}

function findOrCreateTag(tx: Tx, name: string): Tag {
  return getTagByName(name, tx) ?? tx.insert(tags).values({ name }).returning().get();
}

/**
 * Gives the ticket exactly the tags named (created on the fly when new), inside the caller's transaction; the change
 * is recorded in the ticket's history. Returns whether anything changed.
 */
export function writeTicketTags(tx: Tx, { ticketId, names, actor }: { ticketId: number; names: string[]; actor: AuditActor }): boolean {
  const before = tagsOfTicket(ticketId, tx);
  const added = names.filter((name) => !before.includes(name));
  const removed = before.filter((name) => !names.includes(name));
  if (added.length === 0 && removed.length === 0) return false;
  if (names.length > TAGS_PER_TICKET) {
    throw new AppError('validation_failed', `A ticket may have at most ${TAGS_PER_TICKET} tags.`, { tags: `must hold at most ${TAGS_PER_TICKET} tags` });
  }
  for (const name of added) tx.insert(ticketTags).values({ ticketId, tagId: findOrCreateTag(tx, name).id }).run();
  if (removed.length > 0) {
    const removedIds = tx.select({ id: tags.id }).from(tags).where(inArray(tags.name, removed)).all().map((row) => row.id);
    tx.delete(ticketTags).where(and(eq(ticketTags.ticketId, ticketId), inArray(ticketTags.tagId, removedIds))).run();
  }
  recordAudit(tx, { ticketId, actor, action: 'ticket.tags_changed', detail: { added, removed } });
  return true;
}

function tagForAdmin(agent: Agent, tagId: number, db: DbOrTx): Tag {
  if (!canManageTags(agent)) throw forbidden('Only administrators can rename, merge or delete tags.');
  const tag = db.select().from(tags).where(eq(tags.id, tagId)).get();
  if (!tag) throw notFound('Tag');
  return tag;
}

/** Renames a tag on every ticket at once; a name another tag has is refused (merge them instead). */
export function renameTag({ agent, tagId, name }: { agent: Agent; tagId: number; name: unknown }): Tag {
  const parsed = tagNameSchema.safeParse(name);
  if (!parsed.success) throw validationError(parsed.error.issues.map((issue) => ({ ...issue, path: ['name'] })));
  return getDb().transaction((tx) => {
    const tag = tagForAdmin(agent, tagId, tx);
    if (parsed.data === tag.name) return tag;
    if (getTagByName(parsed.data, tx)) {
      throw new AppError('conflict', `A tag named “${parsed.data}” already exists; merge “${tag.name}” into it instead.`, { name: 'is taken by another tag' });
    }
    const renamed = tx.update(tags).set({ name: parsed.data }).where(eq(tags.id, tagId)).returning().get();
    recordAudit(tx, { ticketId: null, actor: agentActor(agent), action: 'tag.renamed', detail: { tagId, from: tag.name, to: parsed.data } });
    touchTaggedTickets(tx, tagId);
    return renamed;
  });
}

/** Moves every ticket of one tag onto another (a ticket that had both keeps one) and deletes the first. */
export function mergeTags({ agent, fromTagId, intoTagId }: { agent: Agent; fromTagId: number; intoTagId: number }): Tag {
  if (fromTagId === intoTagId) throw new AppError('validation_failed', 'Choose a different tag to merge into.', { intoTagId: 'must be another tag' });
  return getDb().transaction((tx) => {
    const from = tagForAdmin(agent, fromTagId, tx);
    const into = tagForAdmin(agent, intoTagId, tx);
    touchTaggedTickets(tx, from.id);
    tx.run(sql`insert or ignore into ${ticketTags} (tag_id, ticket_id) select ${into.id}, ticket_id from ${ticketTags} where tag_id = ${from.id}`);
    tx.delete(tags).where(eq(tags.id, from.id)).run();
    recordAudit(tx, { ticketId: null, actor: agentActor(agent), action: 'tag.merged', detail: { from: from.name, into: into.name } });
    return into;
  });
}

/** Deletes a tag and takes it off every ticket. */
export function deleteTag({ agent, tagId }: { agent: Agent; tagId: number }): void {
  getDb().transaction((tx) => {
    const tag = tagForAdmin(agent, tagId, tx);
    touchTaggedTickets(tx, tag.id);
    tx.delete(tags).where(eq(tags.id, tag.id)).run();
    recordAudit(tx, { ticketId: null, actor: agentActor(agent), action: 'tag.deleted', detail: { name: tag.name } });
  });
}

/** Open pages and lists of the tag's tickets notice the change (lib/tickets/live.ts watches updatedAt). */
function touchTaggedTickets(tx: Tx, tagId: number): void {
  tx.update(tickets)
    .set({ updatedAt: new Date() })
    .where(sql`${tickets.id} in (select ${ticketTags.ticketId} from ${ticketTags} where ${ticketTags.tagId} = ${tagId})`)
    .run();
}
