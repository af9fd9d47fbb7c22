import 'server-only';
import { and, asc, desc, eq, inArray, isNull, ne } from 'drizzle-orm';
import { agents, companies, customers, participants, replies, tickets, type Agent, type Company, type Customer, type Participant, type Reply, type Ticket } from '@/db/schema';
import { getDb, type DbOrTx } from '@/lib/core/db';
import { getSettings, type Settings } from '@/lib/core/settings';
import { formatTicketNumber } from '@/lib/tickets/numbers';

// Reading a ticket and the people on it, and nothing else: the modules that act on tickets (tickets, participants)
// record events, events queue notifications, and notifications, access and the mail composer read tickets through
// this module, so that chain never leads back to where it started.

export type TicketWithPeople = Ticket & {
  displayNumber: string;
  customer: Customer & { company: Company | null };
  assignee: Pick<Agent, 'id' | 'name' | 'email'> | null;
};

export function getTicketById({ id }: { id: number }, db: DbOrTx = getDb()): Ticket | undefined {
  return db.select().from(tickets).where(eq(tickets.id, id)).get();
}

/** The ticket with its customer, company and assignee; `settings` (for the ticket number) when the caller has them. */
export function getTicketWithPeople({ id, settings }: { id: number; settings?: Settings }, db: DbOrTx = getDb()): TicketWithPeople | undefined {
  const row = db
    .select({ ticket: tickets, customer: customers, company: companies, assignee: { id: agents.id, name: agents.name, email: agents.email } })
    .from(tickets)
    .innerJoin(customers, eq(customers.id, tickets.customerId))
    .leftJoin(companies, eq(companies.id, customers.companyId))
    .leftJoin(agents, eq(agents.id, tickets.assigneeId))
    .where(eq(tickets.id, id))
    .get();
  if (!row) return undefined;
  return {
    ...row.ticket,
    displayNumber: formatTicketNumber(row.ticket.number, settings ?? getSettings(db)),
    customer: { ...row.customer, company: row.company },
    assignee: row.assignee?.id ? row.assignee : null,
  };
}

/** The ticket's first message the customer can see (what `{ticket_content}` stands for). */
export function getFirstPublicMessage({ ticketId }: { ticketId: number }, db: DbOrTx = getDb()): string {
  const first = db
    .select({ body: replies.body })
    .from(replies)
    .where(and(eq(replies.ticketId, ticketId), eq(replies.private, false)))
    .orderBy(asc(replies.createdAt), asc(replies.id))
    .limit(1)
    .get();
  return first?.body ?? '';
}

/**
 * What an email to a participant quotes: the request (the first public message the reader may see) and up to `latest`
 * of the newest public replies after it (automatic ones aside), oldest first, leaving out `exceptReplyId` (the reply
 * the email is about, which it shows in full). `keep` leaves out what the reader may not see (side replies to others,
 * a contractor's earlier conversation); the newest 50 at each end are enough to find a few they may.
 */
export function getQuotedThread(
  { ticketId, latest = 3, exceptReplyId, keep = (list) => list }: { ticketId: number; latest?: number; exceptReplyId?: number; keep?: (list: Reply[]) => Reply[] },
  db: DbOrTx = getDb(),
): { request: Reply | null; latest: Reply[] } {
  const visible = and(eq(replies.ticketId, ticketId), eq(replies.private, false), eq(replies.automatic, false));
  const window = 50;
  const request = keep(db.select().from(replies).where(visible).orderBy(asc(replies.createdAt), asc(replies.id)).limit(window).all())[0] ?? null;
  const newest = keep(
    db
      .select()
      .from(replies)
      .where(and(visible, ...(request ? [ne(replies.id, request.id)] : []), ...(exceptReplyId !== undefined ? [ne(replies.id, exceptReplyId)] : [])))
      .orderBy(desc(replies.createdAt), desc(replies.id))
      .limit(window)
      .all(),
  ).slice(0, latest);
  return { request, latest: newest.reverse() };
}

/** Current (not removed) participants of a ticket, oldest first. */
export function listActiveParticipants({ ticketId }: { ticketId: number }, db: DbOrTx = getDb()): Participant[] {
  return db
    .select()
    .from(participants)
    .where(and(eq(participants.ticketId, ticketId), isNull(participants.removedAt)))
    .orderBy(asc(participants.createdAt), asc(participants.id))
    .all();
}

/** How many merges may be followed: far more than any real chain, and a guard against a cycle. */
export const MAX_MERGE_HOPS = 64;

/** The ticket a merged ticket's conversation lives on now: the end of its chain of merges (itself when never merged). */
export function finalTicketOf(ticketId: number, db: DbOrTx = getDb()): number {
  let id = ticketId;
  for (let hop = 0; hop < MAX_MERGE_HOPS; hop++) {
    const row = db.select({ mergedIntoId: tickets.mergedIntoId }).from(tickets).where(eq(tickets.id, id)).get();
    if (!row || row.mergedIntoId === null) return id;
    id = row.mergedIntoId;
  }
  return id;
}

/** Display numbers of tickets by id (the "from PAR-1002" of replies a merge brought). */
export function displayNumbersOf(ids: number[], db: DbOrTx = getDb()): Map<number, string> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const settings = getSettings(db);
  const rows = db.select({ id: tickets.id, number: tickets.number }).from(tickets).where(inArray(tickets.id, unique)).all();
  return new Map(rows.map((row) => [row.id, formatTicketNumber(row.number, settings)]));
}
