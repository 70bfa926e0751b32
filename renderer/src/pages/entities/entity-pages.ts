/**
 * The entity list reads its rows a page at a time: only the pages under the viewport are asked for,
 * each page is one cached query (keyed by the search and the page's offset). Pure arithmetic, no React.
 */
import type { Input } from '../../../../shared/api/contract.ts';
import { type EntityFilters, hasEntityFilter, NO_ENTITY_FILTERS } from '../../router.ts';

export const PAGE_SIZE = 100;

/** The list's search and filters; they live in the address (`router.ts`), so the type is the router's. */
export type ListFilters = EntityFilters;

export const NO_FILTERS: ListFilters = NO_ENTITY_FILTERS;

export const hasFilter: (f: ListFilters) => boolean = hasEntityFilter;

/** The backend call for page `page` of a search. */
export function pageInput(f: ListFilters, page: number): Input<'entities.search'> {
  return {
    query: f.query,
    kind: f.kind,
    status: f.status,
    township: f.township,
    jurisdiction: f.jurisdiction,
    section: f.section,
    run: f.run,
    offset: page * PAGE_SIZE,
    limit: PAGE_SIZE,
  };
}

/** The pages holding rows `first`…`last` (inclusive), in order; none for an empty range. */
export function pagesOfRows(first: number, last: number): number[] {
  if (last < first || first < 0) return [];
  const pages: number[] = [];
  for (let p = Math.floor(first / PAGE_SIZE); p <= Math.floor(last / PAGE_SIZE); p++) pages.push(p);
  return pages;
}

/** Where row `index` is: its page and its place on the page. */
export function rowSlot(index: number): { page: number; at: number } {
  return { page: Math.floor(index / PAGE_SIZE), at: index % PAGE_SIZE };
}
