import 'server-only';
import { and, asc, desc, eq, isNotNull, isNull, ne, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import {
  agents,
  companies,
  customers,
  participants,
  replies,
  tickets,
  ticketPriorities,
  ticketStatuses,
  type Agent,
  type Company,
  type Customer,
  type Reply,
  type Ticket,
  type TicketPriority,
  type TicketStatus,
} from '@/db/schema';
import { getAgentByEmail, getAgentById } from '@/lib/auth/agents';
import { ATTACHMENTS_PER_REPLY, insertAttachments, tooManyFilesError, type StoredFile } from '@/lib/files/store';
import { agentActor, type AuditActor, recordAudit } from '@/lib/core/audit';
import { findOrCreateCustomer } from '@/lib/people/customers';
import { getDb, type DbOrTx, type Tx } from '@/lib/core/db';
import { AppError, forbidden, notFound, validationError } from '@/lib/core/errors';
import { recordEvent } from '@/lib/tickets/events';
import { cappedTotal, COUNT_CAP, ftsPhrases } from '@/lib/core/word-search';
import { findTicketsMatching } from '@/lib/tickets/search';
import { positionOf, type ListPosition } from '@/lib/tickets/list-navigation';
import { canAssignTicket, canRotateTicketLinks, canViewTicket, canWorkTicket, isReadOnlyTicket, type ReplyViewer } from '@/lib/auth/policy';
import { getSettings, type Settings } from '@/lib/core/settings';
import { formatTicketNumber, parseTicketSearch } from '@/lib/tickets/numbers';
import { getTicketWithPeople, listActiveParticipants, type TicketWithPeople } from '@/lib/tickets/records';
import { filterVisibleReplies, parseReplyTo, writeReplyRecipients } from '@/lib/tickets/audience';
import { getTagByName, hasTagsCondition, requireTagByName, tagNameSchema, tagsOfTicket, tagsOfTickets, ticketTagsSchema, writeTicketTags } from '@/lib/tickets/tags';

/** Browsers submit a textarea's line breaks as CRLF; bodies are stored with LF only. */
export const normalizeLineBreaks = (text: string) => text.replace(/\r\n?/g, '\n');

const bodySchema = z.string().trim().min(1, 'is required').max(50_000, 'is too long').transform(normalizeLineBreaks);

export const newTicketSchema = z.object({
  subject: z.string().trim().min(1, 'is required').max(200, 'must be at most 200 characters'),
  message: bodySchema,
  customer: z.object({
    email: z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), z.email('must be a valid email address').max(254)),
    name: z.string().trim().max(120).optional(),
    company: z.string().trim().max(160).optional(),
  }),
});

/** The ticket an agent asked for: 404 when it does not exist, 403 when policy keeps it from them. */
const agentTicketChecks = {
  see: { may: canViewTicket, refusal: 'You may not see this ticket.' },
  work: { may: canWorkTicket, refusal: 'You may not change this ticket.' },
} as const;

/** The ticket, if it exists (404) and the agent may see it or, with `to: 'work'`, work on it (403). */
export function getTicketForAgent({ id, agent, to = 'see' }: { id: number; agent: Agent; to?: keyof typeof agentTicketChecks }): TicketWithPeople {
  const ticket = getTicketWithPeople({ id });
  if (!ticket) throw notFound('Ticket');
  const { may, refusal } = agentTicketChecks[to];
  if (!may(agent, ticket, getSettings())) throw forbidden(refusal);
  if (to === 'work' && isReadOnlyTicket(ticket)) throw mergedTicketError(ticket);
  return ticket;
}

/** Why nothing may change on a merged ticket, naming where its conversation went. */
export function mergedTicketError(ticket: TicketWithPeople): AppError {
  const into = ticket.mergedIntoId === null ? undefined : getTicketWithPeople({ id: ticket.mergedIntoId });
  return new AppError('conflict', `${ticket.displayNumber} was merged into ${into?.displayNumber ?? 'another ticket'} and is read-only; work on ${into?.displayNumber ?? 'that ticket'} instead.`);
}

/** A long conversation is shown this many replies at a time, newest first; older ones load on demand. */
export const REPLY_PAGE_SIZE = 50;

export type RepliesPage = {
  /** In conversation order, oldest first. */
  replies: Reply[];
  /** Pass as `before` for the page of older replies; null when this page reaches the first one. */
  olderCursor: string | null;
};

// A cursor names the oldest reply of a page by its position in the (created_at, id) order, so paging stays stable
// while new replies arrive and when several replies share a timestamp.
const encodeReplyCursor = (reply: Pick<Reply, 'createdAt' | 'id'>) => Buffer.from(`${reply.createdAt.getTime()}.${reply.id}`).toString('base64url');

function decodeReplyCursor(cursor: string): { at: number; id: number } {
  const match = /^(\d{1,15})\.(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) throw new AppError('validation_failed', 'The cursor is not valid; use a nextCursor value as it was given.', { before: 'is not a valid cursor' });
  return { at: Number(match[1]), id: Number(match[2]) };
}

/**
 * One page of a ticket's conversation: the newest `limit` replies before the cursor (the newest of all without one),
 * returned oldest first. Notes only with `includePrivate`. With a `viewer` outside the team, only the replies that
 * person may see (lib/auth/policy.ts canPersonSeeReply): side replies to others and, for a participant who sees only
 * what is sent to them, earlier replies are skipped, and the page is filled from older ones.
 */
export function listRepliesPage(
  {
    ticketId,
    includePrivate,
    before,
    limit = REPLY_PAGE_SIZE,
    viewer,
  }: { ticketId: number; includePrivate: boolean; before?: string; limit?: number; viewer?: ReplyViewer },
  db: DbOrTx = getDb(),
): RepliesPage {
  let cursor = before ? decodeReplyCursor(before) : null;
  const visible: Reply[] = [];
  let more = false;
  for (;;) {
    const rows = db
      .select()
      .from(replies)
      .where(
        and(
          eq(replies.ticketId, ticketId),
          // Outside the team: no private notes, and no auto-replies or bounces received by email.
          includePrivate ? undefined : and(eq(replies.private, false), eq(replies.automatic, false)),
          cursor ? sql`(${replies.createdAt}, ${replies.id}) < (${cursor.at}, ${cursor.id})` : undefined,
        ),
      )
      .orderBy(desc(replies.createdAt), desc(replies.id))
      .limit(limit + 1)
      .all();
    const seen = viewer ? filterVisibleReplies(viewer, rows, db) : rows;
    visible.push(...seen);
    if (visible.length > limit) {
      more = true;
      break;
    }
    if (rows.length <= limit) break;
    const last = rows[rows.length - 1];
    cursor = { at: last.createdAt.getTime(), id: last.id };
  }
  const page = visible.slice(0, limit).reverse();
  return { replies: page, olderCursor: more ? encodeReplyCursor(page[0]) : null };
}

/** How a list may be ordered; `due` lists the tickets with a target running, soonest due first. */
export const ticketSorts = ['activity', 'created', 'due', 'priority'] as const;
export type TicketSort = (typeof ticketSorts)[number];

export const ticketListQuerySchema = z.object({
  status: z.enum(ticketStatuses).optional().catch(undefined),
  assignee: z.enum(['mine', 'unassigned', 'any']).default('any').catch('any'),
  priority: z.enum(ticketPriorities).optional().catch(undefined),
  // A tag's name; one no tag has is refused by listTicketsForAgent, not dropped, so a stale link says so.
  tag: z.string().max(100).optional().catch(undefined),
  q: z.string().max(200).default('').catch(''),
  sort: z.enum(ticketSorts).default('activity').catch('activity'),
  page: z.coerce.number().int().min(1).max(100_000).default(1).catch(1),
});
export type TicketListQuery = z.input<typeof ticketListQuerySchema>;

export type TicketListItem = {
  id: number;
  number: number;
  displayNumber: string;
  subject: string;
  status: TicketStatus;
  priority: TicketPriority;
  tags: string[];
  customerId: number;
  customerName: string;
  customerEmail: string;
  assigneeId: number | null;
  assigneeName: string | null;
  assigneeEmail: string | null;
  participantCount: number;
  lastActivityAt: Date;
  /** The earliest due time of a service target still running (kept by the background thread); null: none. */
  slaDueAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  // Reopened by the customer or a participant, and no agent has acted since.
  reopenedAt: Date | null;
  // Merged into that ticket (closed and read-only), with its number; null otherwise.
  mergedIntoId: number | null;
  mergedIntoNumber: string | null;
};

export const TICKET_PAGE_SIZE = 25;

// Each sort walks its own index: newest activity first (tickets_activity_idx, and the status/assignee indexes after
// their first column), newest created (tickets_created_idx), soonest due (tickets_sla_due_idx), priority (tickets_priority_rank_idx).
const priorityRank = sql`(case ${tickets.priority} when 'urgent' then 3 when 'high' then 2 when 'normal' then 1 else 0 end)`;
const listOrders: Record<TicketSort, SQL[]> = {
  activity: [desc(tickets.lastActivityAt), desc(tickets.id)],
  created: [desc(tickets.createdAt), desc(tickets.id)],
  due: [asc(tickets.slaDueAt), asc(tickets.id)],
  priority: [sql`${priorityRank} desc`, desc(tickets.lastActivityAt), desc(tickets.id)],
};

/** A list's condition, and whether a word search may have left matches unseen (the count is then a lower bound). */
type ListCondition = { where: SQL | undefined; incomplete: boolean };

/**
 * What a search box query asks for. A number-shaped query (`1001`, `#1001`, `PAR-1001`) names a ticket and is looked
 * up by number (or id) alone; words are matched in subjects, replies and notes through the full-text index, looking
 * as deep as the page shown (and the count) needs.
 */
function searchCondition(q: string, settings: Settings, ticketFilter: SQL | undefined, depth: number): ListCondition {
  const search = parseTicketSearch(q, settings);
  const numberMatch = search.number === null ? undefined : or(eq(tickets.number, search.number), eq(tickets.id, search.number));
  if (search.words.length === 0) return { where: numberMatch, incomplete: false };
  const phrases = ftsPhrases(search.words);
  // Only punctuation typed: nothing to look for, so nothing matches.
  if (phrases.length === 0) return { where: sql`0`, incomplete: false };
  // A number with words (`1001 printer`): that ticket, if the words are in it.
  const among = numberMatch ? getDb().select({ id: tickets.id }).from(tickets).where(numberMatch).all().map((row) => row.id) : undefined;
  const { ids, complete } = findTicketsMatching(phrases, ticketFilter, depth, among);
  return { where: sql`${tickets.id} in (select value from json_each(${JSON.stringify(ids)}))`, incomplete: !complete };
}

/** The SQL form of canViewTicket: restricted agents see their own and unassigned tickets. */
function visibleTo(agent: Agent, settings: Settings): SQL | undefined {
  return agent.role === 'admin' || !settings.restrictAgentsToAssigned
    ? undefined
    : or(isNull(tickets.assigneeId), eq(tickets.assigneeId, agent.id));
}

/** `tag:billing` words of a search, apart from the rest; `tag:` names compare like tag names (lower-case). */
export function splitTagWords(q: string): { tagNames: string[]; rest: string } {
  const tagNames: string[] = [];
  const rest: string[] = [];
  for (const word of q.trim().split(/\s+/).filter(Boolean)) {
    const match = /^tag:(.+)$/i.exec(word);
    if (match) tagNames.push(match[1].toLowerCase());
    else rest.push(word);
  }
  return { tagNames, rest: rest.join(' ') };
}

/**
 * The tag ids a list asks for (the `tag` filter and `tag:` words), or null when a `tag:` word names no tag, so nothing
 * matches. A `tag` filter naming no tag is refused with a 422.
 */
function tagIdsOf(tag: string | undefined, tagWords: string[]): number[] | null {
  const ids = tag ? [requireTagByName(tag, 'tag').id] : [];
  for (const name of tagWords) {
    const found = getTagByName(name);
    if (!found) return null;
    ids.push(found.id);
  }
  return ids;
}

/** Tickets the agent may see, filtered, newest activity first; the total is counted up to a cap (lib/core/word-search.ts). */
export function listTicketsForAgent({ agent, ...query }: { agent: Agent } & TicketListQuery) {
  const { page } = ticketListQuerySchema.parse(query);
  const list = listCondition(agent, query, Math.max(COUNT_CAP, page * TICKET_PAGE_SIZE));
  return selectTicketPage(list.where, page, list.settings, list.incomplete, list.order);
}

/**
 * How many tickets a list would show, counted up to `cap` (a saved view's count in the navigation): the list's own
 * query in its order, stopped one row past the cap.
 */
export function countTicketsForAgent({ agent, cap, ...query }: { agent: Agent; cap: number } & TicketListQuery): { total: number; capped: boolean } {
  const list = listCondition(agent, query, cap);
  const db = getDb();
  const counted = db.select({ id: tickets.id }).from(tickets).where(list.where).orderBy(...list.order).limit(cap + 1).as('counted');
  const n = db.select({ n: sql<number>`count(*)` }).from(counted).get()?.n ?? 0;
  return { total: Math.min(n, cap), capped: n > cap || list.incomplete };
}

/**
 * The ticket after `after` in a list (its filters and order), leaving out `ticketId` itself: the first row past that
 * sort key, found on the list's own index; null at the list's end (lib/tickets/list-navigation.ts).
 */
export function nextTicketInList({ agent, query, after, ticketId }: { agent: Agent; query: TicketListQuery; after: ListPosition; ticketId: number }) {
  const { sort } = ticketListQuerySchema.parse(query);
  const list = listCondition(agent, query, COUNT_CAP);
  const row = getDb()
    .select({ id: tickets.id, lastActivityAt: tickets.lastActivityAt, createdAt: tickets.createdAt, slaDueAt: tickets.slaDueAt, priority: tickets.priority })
    .from(tickets)
    .where(and(list.where, pastPosition(sort, after), ne(tickets.id, ticketId)))
    .orderBy(...list.order)
    .limit(1)
    .get();
  return row ? { id: row.id, position: positionOf(row, sort) } : null;
}

/** Rows after a position in a list's order (the mirror of listOrders). */
function pastPosition(sort: TicketSort, at: ListPosition): SQL {
  switch (sort) {
    case 'activity':
      return sql`(${tickets.lastActivityAt}, ${tickets.id}) < (${at[0]}, ${at[1]})`;
    case 'created':
      return sql`(${tickets.createdAt}, ${tickets.id}) < (${at[0]}, ${at[1]})`;
    case 'due':
      return sql`(${tickets.slaDueAt}, ${tickets.id}) > (${at[0]}, ${at[1]})`;
    case 'priority':
      return sql`(${priorityRank}, ${tickets.lastActivityAt}, ${tickets.id}) < (${at[0]}, ${at[1]}, ${at[2]})`;
  }
}

/** A list's filters as SQL, its order, and whether a word search may have left matches unseen. */
function listCondition(agent: Agent, query: TicketListQuery, depth: number) {
  const { status, assignee, priority, tag, q: typed, sort } = ticketListQuerySchema.parse(query);
  const settings = getSettings();
  const { tagNames, rest: q } = splitTagWords(typed);
  const tagIds = tagIdsOf(tag, tagNames);
  const filters = and(
    visibleTo(agent, settings),
    status ? eq(tickets.status, status) : undefined,
    assignee === 'mine' ? eq(tickets.assigneeId, agent.id) : assignee === 'unassigned' ? isNull(tickets.assigneeId) : undefined,
    priority ? eq(tickets.priority, priority) : undefined,
    tagIds === null ? sql`0` : hasTagsCondition(tagIds),
    sort === 'due' ? isNotNull(tickets.slaDueAt) : undefined,
  );
  const search = q ? searchCondition(q, settings, filters, depth) : undefined;
  return { where: and(filters, search?.where), incomplete: search?.incomplete ?? false, order: listOrders[sort], sort, settings };
}

/** Whose tickets a customer or company page lists; each uses an index (customer, company, participant email). */
export type TicketOwnerFilter = { customerId: number } | { companyId: number } | { participantEmail: string };

function ownerCondition(owner: TicketOwnerFilter): SQL {
  if ('customerId' in owner) return eq(tickets.customerId, owner.customerId);
  if ('companyId' in owner) return sql`${tickets.customerId} in (select ${customers.id} from ${customers} where ${customers.companyId} = ${owner.companyId})`;
  return sql`${tickets.id} in (select ${participants.ticketId} from ${participants} where ${participants.email} = ${owner.participantEmail} and ${participants.removedAt} is null)`;
}

/** A customer's or company's tickets, or those a person takes part in, as far as the agent may see them. */
export function listTicketsOf({ agent, owner, page = 1 }: { agent: Agent; owner: TicketOwnerFilter; page?: number }) {
  const settings = getSettings();
  return selectTicketPage(and(visibleTo(agent, settings), ownerCondition(owner)), page, settings);
}

function selectTicketPage(where: SQL | undefined, page: number, settings: Settings, incomplete = false, listOrder = listOrders.activity) {
  const db = getDb();
  const items = selectTicketRows(where, listOrder, TICKET_PAGE_SIZE, (page - 1) * TICKET_PAGE_SIZE, settings);
  const counted = cappedTotal(db.select({ id: tickets.id }).from(tickets).where(where).orderBy(...listOrder).$dynamic(), { page, pageSize: TICKET_PAGE_SIZE });
  return { tickets: items, total: counted.total, totalCapped: counted.totalCapped || incomplete, page, pageSize: TICKET_PAGE_SIZE };
}

function selectTicketRows(where: SQL | undefined, listOrder: SQL[], limit: number, offset: number, settings: Settings): TicketListItem[] {
  const participantCount = sql<number>`(select count(*) from ${participants} where ${participants.ticketId} = ${tickets.id} and ${participants.removedAt} is null)`;
  const rows = getDb()
    .select({
      id: tickets.id,
      number: tickets.number,
      subject: tickets.subject,
      status: tickets.status,
      priority: tickets.priority,
      customerId: tickets.customerId,
      customerName: customers.name,
      customerEmail: customers.email,
      assigneeId: tickets.assigneeId,
      assigneeName: agents.name,
      assigneeEmail: agents.email,
      participantCount,
      lastActivityAt: tickets.lastActivityAt,
      slaDueAt: tickets.slaDueAt,
      createdAt: tickets.createdAt,
      updatedAt: tickets.updatedAt,
      reopenedAt: tickets.reopenedAt,
      mergedIntoId: tickets.mergedIntoId,
      mergedIntoRawNumber: sql<number | null>`(select t2.number from ${tickets} as t2 where t2.id = ${tickets.mergedIntoId})`,
    })
    .from(tickets)
    // The unary + keeps SQLite from looking tickets up by customer, so tickets stay the outer loop, walked in list
    // order and stopped after a page: with few customers and many tickets, its statistics would otherwise start from
    // customers and sort every ticket (tests/query-plans.test.ts).
    .innerJoin(customers, sql`${customers.id} = +${tickets.customerId}`)
    .leftJoin(agents, eq(agents.id, tickets.assigneeId))
    .where(where)
    .orderBy(...listOrder)
    .limit(limit)
    .offset(offset)
    .all();
  const tagsById = tagsOfTickets(rows.map((row) => row.id));
  return rows.map(({ mergedIntoRawNumber, ...row }) => ({
    ...row,
    tags: tagsById.get(row.id) ?? [],
    displayNumber: formatTicketNumber(row.number, settings),
    mergedIntoNumber: mergedIntoRawNumber === null ? null : formatTicketNumber(mergedIntoRawNumber, settings),
  }));
}

/** How deep a CSV export's word search looks (a list page looks as deep as its page). */
export const EXPORT_SEARCH_DEPTH = 100_000;
const EXPORT_BATCH = 500;

const rankOf = { urgent: 3, high: 2, normal: 1, low: 0 } as const;
/** The rows after `last` in each list order (keyset paging: each batch starts where the last ended, with its index). */
const rowsAfter: Record<TicketSort, (last: TicketListItem) => SQL> = {
  activity: (last) => sql`(${tickets.lastActivityAt}, ${tickets.id}) < (${last.lastActivityAt.getTime()}, ${last.id})`,
  created: (last) => sql`(${tickets.createdAt}, ${tickets.id}) < (${last.createdAt.getTime()}, ${last.id})`,
  due: (last) => sql`(${tickets.slaDueAt}, ${tickets.id}) > (${last.slaDueAt?.getTime() ?? 0}, ${last.id})`,
  priority: (last) => sql`(${priorityRank}, ${tickets.lastActivityAt}, ${tickets.id}) < (${rankOf[last.priority]}, ${last.lastActivityAt.getTime()}, ${last.id})`,
};

/**
 * Every ticket of a list (its filters, search and order, as far as the agent may see), batch by batch for a streamed
 * CSV export; each batch continues after the last row of the one before. Bad filters throw before the first batch,
 * so an export never starts with a wrong list.
 */
export function exportTicketsForAgent({ agent, ...query }: { agent: Agent } & TicketListQuery): Iterable<TicketListItem[]> {
  const list = listCondition(agent, query, EXPORT_SEARCH_DEPTH);
  return (function* batches() {
    let last: TicketListItem | undefined;
    for (;;) {
      const batch = selectTicketRows(last ? and(list.where, rowsAfter[list.sort](last)) : list.where, list.order, EXPORT_BATCH, 0, list.settings);
      if (batch.length > 0) yield batch;
      if (batch.length < EXPORT_BATCH) return;
      last = batch.at(-1);
    }
  })();
}

export function nextTicketNumber(tx: DbOrTx, settings: Settings): number {
  const max = tx.select({ max: sql<number | null>`max(${tickets.number})` }).from(tickets).get()?.max ?? 0;
  return Math.max(max + 1, settings.ticketNumberStart);
}

export type TicketCreator = { kind: 'agent'; agent: Agent; source: 'web' | 'api' } | { kind: 'public'; source: 'web' | 'email' };

/** Refuses more files than one message may carry, before anything is written. */
export function checkAttachmentCount(files: StoredFile[]): void {
  if (files.length > ATTACHMENTS_PER_REPLY) throw tooManyFilesError();
}

/**
 * Creates the ticket, its customer (matched by email) and its first message, in one transaction; `files` (already in
 * the attachment store) become the first message's attachments.
 */
export function createTicket(input: unknown, creator: TicketCreator, files: StoredFile[] = []): TicketWithPeople {
  const parsed = newTicketSchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error.issues);
  checkAttachmentCount(files);
  const { ticketId } = getDb().transaction((tx) => insertTicket(tx, parsed.data, creator, { files }));
  return getTicketWithPeople({ id: ticketId })!;
}

export type NewTicket = z.infer<typeof newTicketSchema>;

/**
 * Writes a validated new ticket inside the caller's transaction: the customer (found or created), the ticket, its
 * first message (always the customer's, whoever typed it in), the audit entry and the event that emails everyone.
 */
export function insertTicket(
  tx: Tx,
  { subject, message, customer: customerInput }: NewTicket,
  creator: TicketCreator,
  firstMessage: { inboundMessageId?: number; files?: StoredFile[] } = {},
): { ticketId: number; replyId: number; customerId: number } {
  const settings = getSettings(tx);
  const creatorActor: AuditActor =
    creator.kind === 'agent' ? agentActor(creator.agent) : { kind: 'customer', email: customerInput.email.toLowerCase() };
  const customer = findOrCreateCustomer(tx, customerInput, creatorActor);
  const now = new Date();
  const ticket = tx
    .insert(tickets)
    .values({ number: nextTicketNumber(tx, settings), subject, customerId: customer.id, createdAt: now, updatedAt: now, lastActivityAt: now })
    .returning()
    .get();
  const reply = tx
    .insert(replies)
    .values({
      ticketId: ticket.id,
      body: message,
      authorKind: 'customer',
      authorId: customer.id,
      authorEmail: customer.email,
      authorName: customer.name,
      source: creator.source,
      inboundMessageId: firstMessage.inboundMessageId ?? null,
      createdAt: now,
    })
    .returning()
    .get();
  const actor = creator.kind === 'agent' ? creatorActor : { kind: 'customer' as const, id: customer.id, email: customer.email };
  const files = firstMessage.files ?? [];
  insertAttachments(tx, { ticketId: ticket.id, replyId: reply.id, files, addedBy: actor });
  recordAudit(tx, {
    ticketId: ticket.id,
    actor,
    action: 'ticket.created',
    detail: { number: ticket.number, source: creator.source, ...(files.length ? { attachments: files.length } : {}) },
  });
  recordEvent(tx, { type: 'ticket.created', ticketId: ticket.id, replyId: reply.id, byAgentId: creator.kind === 'agent' ? creator.agent.id : null });
  return { ticketId: ticket.id, replyId: reply.id, customerId: customer.id };
}

/**
 * Marks activity on a ticket: updated and last-activity times, plus an optional status change, which also starts or
 * ends its time on hold (auto-close counts from the start; a ticket taken off hold begins again next time).
 */
export function touchTicket(tx: Tx, ticketId: number, status?: TicketStatus, { sideReply = false }: { sideReply?: boolean } = {}): void {
  const now = new Date();
  const before = status ? tx.select({ status: tickets.status }).from(tickets).where(eq(tickets.id, ticketId)).get()?.status : undefined;
  const hold = status && (status === 'hold' ? { onHoldSince: sql`coalesce(${tickets.onHoldSince}, ${now.getTime()})` } : { onHoldSince: null, autoCloseRemindedAt: null });
  // A side reply that changes nothing else is marked, and the time of the last shared change kept, so personal pages
  // of the people it is not for do not move (lib/participants/link-poll.ts linkPageVersion).
  const current = sideReply ? tx.select({ status: tickets.status }).from(tickets).where(eq(tickets.id, ticketId)).get() : undefined;
  const side = sideReply && (!status || status === current?.status);
  tx.update(tickets)
    .set({
      updatedAt: now,
      lastActivityAt: now,
      ...(status ? { status, ...hold } : {}),
      ...(side
        ? {
            updatedBeforeSideAt: sql`case when ${tickets.sideReplyAt} = ${tickets.updatedAt} then ${tickets.updatedBeforeSideAt} else ${tickets.updatedAt} end`,
            sideReplyAt: now,
          }
        : {}),
    })
    .where(eq(tickets.id, ticketId))
    .run();
  if (status && before && before !== status) recordEvent(tx, { type: 'ticket.status_changed', ticketId, from: before, to: status });
}

/** The ticket's last change that everyone on it may notice: its updatedAt, or the one before its latest side replies. */
export const sharedUpdatedAt = (ticket: Pick<Ticket, 'updatedAt' | 'sideReplyAt' | 'updatedBeforeSideAt'>): Date =>
  ticket.sideReplyAt && ticket.updatedBeforeSideAt && ticket.sideReplyAt.getTime() === ticket.updatedAt.getTime() ? ticket.updatedBeforeSideAt : ticket.updatedAt;

/** A reopening by the customer or a participant, marked until an agent acts on the ticket (lists show it). */
export const markReopened = (tx: Tx, ticketId: number) => tx.update(tickets).set({ reopenedAt: new Date() }).where(eq(tickets.id, ticketId)).run();

const clearReopened = (tx: Tx, ticketId: number) => tx.update(tickets).set({ reopenedAt: null }).where(eq(tickets.id, ticketId)).run();

export const agentReplySchema = z.object({
  message: bodySchema,
  // Forms send "on" for a ticked box and nothing otherwise; JSON sends a boolean. Anything else is refused rather
  // than read as "public", so a garbled flag never sends a note to the customer.
  private: z.preprocess(
    (v) => (v === 'true' || v === 'on' || v === '1' ? true : v === undefined || v === 'false' || v === '0' || v === '' ? false : v),
    z.boolean('must be true or false'),
  ),
  // The signature sent with this reply; left out, the agent's own (from /account). Emails only, never on notes.
  signature: z
    .string()
    .max(2000, 'must be at most 2000 characters')
    .transform((text) => normalizeLineBreaks(text).trimEnd())
    .optional(),
});

/** A public reply or a private note by an agent, with any files already stored; a public reply to a new ticket opens it. */
export function addAgentReply(
  {
    ticketId,
    agent,
    source = 'web',
    files = [],
    ...input
  }: { ticketId: number; agent: Agent; source?: 'web' | 'api'; files?: StoredFile[] } & Record<string, unknown>,
): Reply {
  const ticket = getTicketForAgent({ id: ticketId, agent, to: 'work' });
  const parsed = agentReplySchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error.issues);
  checkAttachmentCount(files);
  // Whom it is for: everyone on the ticket, the customer only, or chosen people (a side reply).
  const to = parseReplyTo(input.to, {
    customerId: ticket.customerId,
    participants: listActiveParticipants({ ticketId }),
    settings: getSettings(),
    isPrivate: parsed.data.private,
  });
  return getDb().transaction((tx) => {
    const reply = tx
      .insert(replies)
      .values({
        ticketId,
        body: parsed.data.message,
        private: parsed.data.private,
        audience: to.audience,
        authorKind: 'agent',
        authorId: agent.id,
        authorEmail: agent.email,
        authorName: agent.name,
        source,
        signature: parsed.data.private ? '' : (parsed.data.signature ?? agent.signature),
      })
      .returning()
      .get();
    writeReplyRecipients(tx, reply.id, to);
    insertAttachments(tx, { ticketId, replyId: reply.id, files, addedBy: agentActor(agent) });
    const opens = !parsed.data.private && ticket.status === 'new';
    touchTicket(tx, ticketId, opens ? 'open' : undefined, { sideReply: to.audience === 'chosen' });
    if (!parsed.data.private) clearReopened(tx, ticketId);
    recordAudit(tx, {
      ticketId,
      actor: agentActor(agent),
      action: parsed.data.private ? 'note.added' : 'reply.added',
      detail: { replyId: reply.id, ...(files.length ? { attachments: files.length } : {}), ...(to.audience === 'chosen' ? { to: to.recipients } : {}) },
    });
    if (opens) recordAudit(tx, { ticketId, actor: agentActor(agent), action: 'ticket.status_changed', detail: { from: 'new', to: 'open' } });
    recordEvent(tx, { type: 'reply.created', ticketId, replyId: reply.id });
    return reply;
  });
}

export const ticketUpdateSchema = z
  .object({
    status: z.enum(ticketStatuses, { message: `must be one of ${ticketStatuses.join(', ')}` }).optional(),
    priority: z.enum(ticketPriorities, { message: `must be one of ${ticketPriorities.join(', ')}` }).optional(),
    // The ticket's whole tag list; names no tag has yet are created.
    tags: ticketTagsSchema.optional(),
    // On hold until then, when it reopens by itself; null ends a snooze.
    snoozeUntil: z.iso
      .datetime({ offset: true, message: 'must be a date and time like 2026-12-01T09:00:00Z' })
      .transform((value) => new Date(value))
      .refine((date) => date.getTime() > Date.now(), 'must be in the future')
      .nullable()
      .optional(),
    // An agent's id or email; null or '' unassigns.
    assigneeId: z.preprocess((v) => (v === '' ? null : v), z.coerce.number().int().positive().nullable()).optional(),
    assigneeEmail: z.preprocess((v) => (v === '' ? null : v), z.email().nullable()).optional(),
  })
  .strict();

/** Changes status, priority, tags and/or assignee; each change is audited (and status and assignee raise their events). */
export function updateTicket({ ticketId, agent, input }: { ticketId: number; agent: Agent; input: unknown }): TicketWithPeople {
  const ticket = getTicketForAgent({ id: ticketId, agent, to: 'work' });
  const parsed = ticketUpdateSchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const { priority, snoozeUntil } = parsed.data;
  // Snoozing puts the ticket on hold; a status given too wins only if it is hold.
  if (snoozeUntil && parsed.data.status && parsed.data.status !== 'hold') {
    throw new AppError('validation_failed', 'A snoozed ticket is on hold.', { status: 'must be hold (or left out) when snoozing' });
  }
  const status = snoozeUntil ? 'hold' : parsed.data.status;
  const settings = getSettings();

  let assigneeId: number | null | undefined = parsed.data.assigneeId;
  if (parsed.data.assigneeEmail !== undefined) {
    if (parsed.data.assigneeEmail === null) assigneeId = null;
    else {
      const assignee = getAgentByEmail({ email: parsed.data.assigneeEmail });
      if (!assignee) throw new AppError('validation_failed', `No agent has the email ${parsed.data.assigneeEmail}.`, { assigneeEmail: 'unknown agent' });
      assigneeId = assignee.id;
    }
  }
  if (assigneeId !== undefined && assigneeId !== null) {
    const assignee = getAgentById({ id: assigneeId });
    if (!assignee) throw new AppError('validation_failed', 'That agent does not exist.', { assigneeId: 'unknown agent' });
    if (!assignee.active) throw new AppError('validation_failed', `${assignee.name} is deactivated and cannot be assigned.`, { assigneeId: 'inactive agent' });
  }
  if (assigneeId !== undefined && assigneeId !== ticket.assigneeId && !canAssignTicket(agent, ticket, assigneeId, settings)) {
    throw forbidden('You may only assign tickets to yourself or leave them unassigned.');
  }

  getDb().transaction((tx) => {
    const actor = agentActor(agent);
    if (status && status !== ticket.status) {
      touchTicket(tx, ticketId, status);
      clearReopened(tx, ticketId);
      recordAudit(tx, { ticketId, actor, action: 'ticket.status_changed', detail: { from: ticket.status, to: status } });
      if (status === 'closed') recordEvent(tx, { type: 'ticket.closed', ticketId, byEmail: agent.email });
    }
    if (snoozeUntil !== undefined && (snoozeUntil?.getTime() ?? null) !== (ticket.snoozedUntil?.getTime() ?? null)) {
      tx.update(tickets).set({ snoozedUntil: snoozeUntil, updatedAt: new Date() }).where(eq(tickets.id, ticketId)).run();
      recordAudit(tx, { ticketId, actor, action: snoozeUntil ? 'ticket.snoozed' : 'ticket.unsnoozed', detail: snoozeUntil ? { until: snoozeUntil.toISOString() } : {} });
    } else if (status && status !== 'hold' && ticket.snoozedUntil) {
      // Taken off hold by hand: the snooze is over.
      tx.update(tickets).set({ snoozedUntil: null }).where(eq(tickets.id, ticketId)).run();
    }
    if (priority && priority !== ticket.priority) {
      tx.update(tickets).set({ priority, updatedAt: new Date() }).where(eq(tickets.id, ticketId)).run();
      recordAudit(tx, { ticketId, actor, action: 'ticket.priority_changed', detail: { from: ticket.priority, to: priority } });
    }
    if (parsed.data.tags && writeTicketTags(tx, { ticketId, names: parsed.data.tags, actor })) {
      tx.update(tickets).set({ updatedAt: new Date() }).where(eq(tickets.id, ticketId)).run();
    }
    if (assigneeId !== undefined && assigneeId !== ticket.assigneeId) {
      tx.update(tickets).set({ assigneeId, updatedAt: new Date() }).where(eq(tickets.id, ticketId)).run();
      recordAudit(tx, { ticketId, actor, action: 'ticket.assigned', detail: { from: ticket.assigneeId, to: assigneeId } });
      if (assigneeId !== null) recordEvent(tx, { type: 'ticket.assigned', ticketId, assigneeId, byAgentId: agent.id });
    }
  });
  return getTicketWithPeople({ id: ticketId })!;
}

/** Adds or removes one tag (the ticket page's tag controls); adding a name no tag has creates the tag. */
export function changeTicketTag({ ticketId, agent, add, remove }: { ticketId: number; agent: Agent; add?: unknown; remove?: unknown }): string[] {
  getTicketForAgent({ id: ticketId, agent, to: 'work' });
  const parsed = z.object({ add: tagNameSchema.optional(), remove: tagNameSchema.optional() }).safeParse({ add, remove });
  if (!parsed.success) throw validationError(parsed.error.issues);
  return getDb().transaction((tx) => {
    const current = tagsOfTicket(ticketId, tx);
    const names = [...current.filter((name) => name !== parsed.data.remove), ...(parsed.data.add && !current.includes(parsed.data.add) ? [parsed.data.add] : [])];
    if (writeTicketTags(tx, { ticketId, names, actor: agentActor(agent) })) {
      tx.update(tickets).set({ updatedAt: new Date() }).where(eq(tickets.id, ticketId)).run();
    }
    return tagsOfTicket(ticketId, tx);
  });
}

/**
 * Rotating bumps the ticket's link versions (the participants' and the customer's): every link handed out before
 * stops working. With `notify`, the customer and every participant are emailed their new link in the same transaction.
 */
export function rotateTicketLinks({ ticketId, agent, notify = false }: { ticketId: number; agent: Agent; notify?: boolean }): void {
  const ticket = getTicketForAgent({ id: ticketId, agent });
  if (!canRotateTicketLinks(agent)) throw forbidden('Only administrators can rotate a ticket’s links.');
  // A merged ticket's links lead to the ticket it was merged into, whose links are rotated there.
  if (isReadOnlyTicket(ticket)) throw mergedTicketError(ticket);
  getDb().transaction((tx) => {
    // updatedAt moves too, so open pages notice at once that their link changed (lib/tickets/live.ts, lib/participants/link-poll.ts).
    tx.update(tickets)
      .set({
        linkVersion: sql`${tickets.linkVersion} + 1`,
        customerLinkVersion: sql`${tickets.customerLinkVersion} + 1`,
        updatedAt: new Date(),
      })
      .where(eq(tickets.id, ticketId)).run();
    recordAudit(tx, { ticketId, actor: agentActor(agent), action: 'links.rotated', detail: { notified: notify } });
    if (notify) recordEvent(tx, { type: 'links.rotated', ticketId, byAgentId: agent.id });
  });
}

/** Active agents, for assignment pickers. */
export function listAssignableAgents(): Pick<Agent, 'id' | 'name' | 'email'>[] {
  return getDb()
    .select({ id: agents.id, name: agents.name, email: agents.email })
    .from(agents)
    .where(eq(agents.active, true))
    .orderBy(asc(agents.name))
    .all();
}
