// Query-string helpers shared by paginated list pages and API handlers.

/** The page number a `?page=` value asks for: a positive whole number, 1 for anything else. */
export function parsePage(value: string | string[] | undefined): number {
  const page = Number(Array.isArray(value) ? value[0] : value);
  return Number.isInteger(page) && page >= 1 && page <= 100_000 ? page : 1;
}

/** A list page's address with its search kept: `/customers?q=acme&page=2`. */
export function listHref(path: string, params: { q?: string; page?: number }): string {
  const search = new URLSearchParams();
  if (params.q) search.set('q', params.q);
  if (params.page && params.page > 1) search.set('page', String(params.page));
  const query = search.toString();
  return query ? `${path}?${query}` : path;
}
