// Query-string helpers shared by paginated list pages and API handlers.

/** The page number a `?page=` value asks for: a positive whole number, 1 for anything else. */
export function parsePage(value: string | string[] | undefined): number {
  const page = Number(Array.isArray(value) ? value[0] : value);
  return Number.isInteger(page) && page >= 1 && page <= 100_000 ? page : 1;
}

/** A list page's address with its search and filters kept: `/customers?q=acme&page=2`; empty values are left out. */
export function listHref(path: string, params: { q?: string; page?: number } & Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (key === 'page' ? Number(value) > 1 : value !== undefined && value !== '') search.set(key, String(value));
  }
  const query = search.toString();
  return query ? `${path}?${query}` : path;
}

/** "1 ticket", "25 tickets", or "1,000+ tickets" when the count stopped at a cap. */
export function countLabel({ total, totalCapped }: { total: number; totalCapped: boolean }, word: string): string {
  return `${total.toLocaleString('en')}${totalCapped ? '+' : ''} ${word}${total === 1 && !totalCapped ? '' : 's'}`;
}
