import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import { getDb } from '@/lib/core/db';
import { MIN_PREFIX_LENGTH } from '@/lib/core/word-search';

// Ticket search over the FTS5 indexes of tickets and replies (db/migrations/0002_search_index.sql), with the phrases
// lib/core/word-search.ts makes of typed words.

// A typed word start is expanded into at most this many longer words (beside the typed one) before falling back to
// FTS5's own prefix query.
const PREFIX_WORDS_LIMIT = 20;

/**
 * The reply-index query for one phrase. A prefix phrase (`"printer"*`) becomes the exact phrase OR-ed with the longer
 * words of the index that start that way (`"printer" OR "printers"`): FTS5 reads an OR of words lazily, newest first,
 * while a prefix query (without a prefix index of that length) first merges the whole list of every matching word.
 * The word list comes from reply_fts_terms (fts5vocab), read from just past the typed word, so the typed word's own
 * (often long) list is never counted. Words with letters beyond ASCII keep the prefix query: FTS5 folds case and
 * accents itself, and the lookup must not guess how.
 */
function replyIndexQuery(phrase: string): string {
  const prefix = /^"([a-z0-9 ]*?)([a-z0-9]+)"\*$/i.exec(phrase);
  if (!prefix || prefix[2].length <= MIN_PREFIX_LENGTH) return phrase;
  const [, leading, start] = prefix;
  const word = start.toLowerCase();
  const longer = getDb().all<{ term: string }>(
    sql`select term from reply_fts_terms where term >= ${`${word}\u0001`} and term < ${`${word}\u{10FFFF}`} limit ${PREFIX_WORDS_LIMIT + 1}`,
  );
  if (longer.length > PREFIX_WORDS_LIMIT) return phrase;
  return [word, ...longer.map((row) => row.term)].map((term) => `"${leading}${term}"`).join(' OR ');
}

export type TicketMatches = {
  /** Tickets in which every phrase occurs, among those `ticketFilter` lets through (in no particular order). */
  ids: number[];
  /** False when some word matched more tickets than were looked at: more tickets may match than `ids` holds. */
  complete: boolean;
};

/**
 * Where one phrase may occur in a ticket, each as a query of ticket ids, newest match first, so that a `limit` stops
 * the index walk early: replies and notes, the subject, and the people on it — the customer's name or email, their
 * company's name, a current participant's name or email. CROSS JOIN keeps each index outer whatever the
 * statistics say (and NOT INDEXED looks participants up by id, not through a partial index), so the walk stays
 * newest first and lazy.
 */
function phraseSources(phrase: string, filter: SQL, replyRange: SQL, subjectRange: SQL): SQL[] {
  return [
    sql`select distinct id from (
        select replies.ticket_id as id from reply_fts
        join replies on replies.id = reply_fts.rowid
        join tickets on tickets.id = replies.ticket_id
        where reply_fts match ${replyIndexQuery(phrase)} ${replyRange} ${filter}
        order by reply_fts.rowid desc
      )`,
    sql`select tickets.id as id from ticket_subject_fts
        join tickets on tickets.id = ticket_subject_fts.rowid
        where ticket_subject_fts match ${phrase} ${subjectRange} ${filter}
        order by ticket_subject_fts.rowid desc`,
    sql`select tickets.id as id from customer_fts
        cross join tickets on tickets.customer_id = customer_fts.rowid
        where customer_fts match ${phrase} ${filter}
        order by customer_fts.rowid desc`,
    sql`select tickets.id as id from company_fts
        cross join customers on customers.company_id = company_fts.rowid
        cross join tickets on tickets.customer_id = customers.id
        where company_fts match ${phrase} ${filter}
        order by company_fts.rowid desc`,
    sql`select distinct id from (
        select participants.ticket_id as id from participant_fts
        cross join participants not indexed on participants.id = participant_fts.rowid
        cross join tickets on tickets.id = participants.ticket_id
        where participant_fts match ${phrase} and participants.removed_at is null ${filter}
        order by participant_fts.rowid desc
      )`,
  ];
}

/**
 * The tickets in which every phrase occurs, in the subject, any reply or note, or the names and addresses of its
 * people (each phrase may be in a different one), among the tickets `ticketFilter` lets through (evaluated against `tickets`). Per phrase, matching subjects and
 * replies are read newest first until `depth` different tickets have turned up, so a word in every reply costs
 * about as much as a rare one: FTS5 walks its list backwards and stops. Search thus finds the most recent matches;
 * `complete` says whether it saw all of them. `among` narrows the search to a few tickets (those a number names),
 * read within the range of their own reply ids.
 */
export function findTicketsMatching(phrases: string[], ticketFilter: SQL | undefined, depth: number, among?: number[]): TicketMatches {
  const db = getDb();
  let filter = ticketFilter ? sql`and ${ticketFilter}` : sql``;
  let replyRange = sql``;
  let subjectRange = sql``;
  if (among) {
    if (among.length === 0) return { ids: [], complete: true };
    const candidates = JSON.stringify(among);
    const range = db.get<{ first: number | null; last: number | null }>(
      sql`select min(id) as first, max(id) as last from replies where ticket_id in (select value from json_each(${candidates}))`,
    );
    filter = sql`${filter} and tickets.id in (select value from json_each(${candidates}))`;
    replyRange = sql`and reply_fts.rowid between ${range?.first ?? 0} and ${range?.last ?? -1}`;
    subjectRange = sql`and ticket_subject_fts.rowid between ${Math.min(...among)} and ${Math.max(...among)}`;
  }
  let matching: Set<number> | undefined;
  let complete = true;
  for (const phrase of phrases) {
    const found = new Set<number>();
    for (const source of phraseSources(phrase, filter, replyRange, subjectRange)) {
      const rows = db.all<{ id: number }>(sql`${source} limit ${depth + 1}`);
      // One row past `depth` was asked for only to learn whether more exist.
      if (rows.length > depth) complete = false;
      for (const row of rows.slice(0, depth)) found.add(row.id);
    }
    matching = matching ? new Set([...matching].filter((id) => found.has(id))) : found;
    // No ticket has every word so far: the remaining words cannot add one.
    if (matching.size === 0) break;
  }
  return { ids: [...(matching ?? [])], complete };
}

