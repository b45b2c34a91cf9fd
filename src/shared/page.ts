// Offset pagination for list queries: fetch one row more than asked to know whether another page exists, without a
// second COUNT query. Ordering is always by a unique key so pages are stable.
export type Page = { limit: number; offset: number };
export type Paged<T> = { items: T[]; next_offset: number | null };

export const MAX_PAGE_LIMIT = 500;

/** LIMIT/OFFSET parameters for a page (limit + 1 rows). */
export const pageParams = (p: Page): [number, number] => [Math.min(p.limit, MAX_PAGE_LIMIT) + 1, p.offset];

export const toPaged = <T>(rows: T[], p: Page): Paged<T> => {
  const limit = Math.min(p.limit, MAX_PAGE_LIMIT);
  return { items: rows.slice(0, limit), next_offset: rows.length > limit ? p.offset + limit : null };
};
