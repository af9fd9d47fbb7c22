import 'server-only';
import { count } from 'drizzle-orm';
import type { SQLiteSelect } from 'drizzle-orm/sqlite-core';
import { getDb } from '@/lib/core/db';

// Word search over the FTS5 indexes that db/migrations/0002_search_index.sql keeps in step with tickets, replies and
// customers, and the capped counts every list shows. Typed text never reaches FTS5 syntax: each word is cut into
// letter/digit tokens and sent as a quoted phrase, so `"`, `*`, `AND`, `-` or `:` are plain text (or nothing), never
// an operator or an error.

/** Lists count their rows up to this many and then say "1,000+": no count walks a whole large table. */
export const COUNT_CAP = 1000;

// The last word is a prefix (search-as-you-type) once it has this many characters: shorter prefixes would merge the
// posting lists of thousands of words (seconds at a million replies). Three-letter prefixes have their own index
// (prefix='3', db/migrations/0005_search_prefix_index.sql); longer ones merge the lists of the few words that start that way.
export const MIN_PREFIX_LENGTH = 3;

// What FTS5's unicode61 tokenizer keeps as token characters: letters, numbers, private-use characters.
const TOKEN = /[\p{L}\p{N}\p{Co}]+/gu;

/**
 * One FTS5 phrase per word that has any letters or digits, safely quoted; the last phrase matches as a prefix.
 * `re-open` becomes `"re open"` (the tokens in that order), `"*` nothing at all.
 */
export function ftsPhrases(words: string[]): string[] {
  const tokenized = words.map((word) => word.match(TOKEN) ?? []).filter((tokens) => tokens.length > 0);
  return tokenized.map((tokens, i) => {
    const prefix = i === tokenized.length - 1 && tokens[tokens.length - 1].length >= MIN_PREFIX_LENGTH;
    return `"${tokens.join(' ')}"${prefix ? '*' : ''}`;
  });
}

export type CappedTotal = { total: number; totalCapped: boolean };

/**
 * How many rows a list yields, counted no further than needed: up to COUNT_CAP, or to the end of the page being
 * shown when that is further. `query` is the list's own query, in its order, so the count walks the same index the
 * page does and stops where the cap is. `totalCapped` says more rows exist than `total`.
 */
export function cappedTotal(query: SQLiteSelect, { page, pageSize }: { page: number; pageSize: number }): CappedTotal {
  const limit = Math.max(COUNT_CAP, page * pageSize);
  const n = getDb().select({ n: count() }).from(query.limit(limit + 1).as('counted')).get()?.n ?? 0;
  return n > limit ? { total: limit, totalCapped: true } : { total: n, totalCapped: false };
}
