// Ticket numbers as people write them: `1001`, `#1001`, `PAR-1001` (with the configured prefix and suffix).

export type NumberFormat = { ticketPrefix: string; ticketSuffix: string };

export function formatTicketNumber(number: number, format: NumberFormat): string {
  return `${format.ticketPrefix}${number}${format.ticketSuffix}`;
}

export type TicketSearch = {
  /** A number the query names: matched against ticket numbers and ids. */
  number: number | null;
  /** Written as `#1001` or `PAR-1001`: surely a ticket reference, not a number to look for in the text. */
  explicit: boolean;
  /** Remaining words, each of which must appear in the subject or a reply. */
  words: string[];
};

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function parseTicketSearch(query: string, format: NumberFormat): TicketSearch {
  const words: string[] = [];
  let number: number | null = null;
  let explicit = false;
  const formatted = new RegExp(
    `^${escapeRegExp(format.ticketPrefix)}(\\d{1,12})${escapeRegExp(format.ticketSuffix)}$`,
    'i',
  );
  for (const token of query.trim().split(/\s+/).filter(Boolean)) {
    const match = /^#?(\d{1,12})$/.exec(token) ?? (format.ticketPrefix || format.ticketSuffix ? formatted.exec(token) : null);
    if (match && number === null) {
      number = Number(match[1]);
      explicit = !/^\d+$/.test(token);
    } else words.push(token.slice(0, 100));
  }
  return { number, explicit, words: words.slice(0, 10) };
}
