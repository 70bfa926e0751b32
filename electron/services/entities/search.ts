/**
 * The entity list's search: one page at a time, in id order, with a count that stops at COUNT_CAP.
 *
 * What a query means (each kind answered through an index, ≤ 100 ms at a million entities):
 * - empty, or only punctuation and spaces (e.g. `（`, `-`, `·`): no name filter — the list is browsed
 *   with the filters, counted exactly. No index holds punctuation below three characters, and a scan of
 *   every name for a bracket took seconds at a million entities for a result nobody needs.
 * - code-like (2–18 digits and capital letters after folding) and the beginning of some USCC or
 *   registration number: those codes only. A name alternative next to a county-wide prefix made every
 *   code search scan and sort hundreds of thousands of rows; a code prefix is not typed to find names.
 * - anything else (also code-like text no code begins with, e.g. `KTV`): name fragments.
 * The same on PostgreSQL (issue 17): same rows, order and capped counts, through other indexes.
 */
import type { EntityRow, ParsedInput } from '../../../shared/api/contract.ts';
import type { DataDoor } from '../../db/sql.ts';
import type { EntityScope } from '../users/entity-scope.ts';
import { COUNT_CAP, countMatches, isCodePrefix, matchPage, planSearch } from './repository/search.ts';

/**
 * `scope`: whose entities may be listed (users/entity-scope.ts: a scoped officer's 管辖单位, else the
 * whole county); the answer names it as `scopedTo` so the list can say it shows one unit only.
 */
export function searchEntities(
  db: DataDoor,
  input: ParsedInput<'entities.search'>,
  scope: EntityScope,
): { total: number; totalCapped: boolean; rows: EntityRow[]; tookMs: number; scopedTo: string | null } {
  const started = performance.now();
  const plan = planSearch(db, input, isCodePrefix(db, input.query), scope.jurisdiction);
  const n = countMatches(db, plan);
  // Browsing counts exactly; a query's count stops after COUNT_CAP.
  const totalCapped = n > COUNT_CAP && !plan.exact;
  const total = totalCapped ? COUNT_CAP : n;
  // Past the cap there is nothing to page to: the list stops where the count stopped.
  const limit = Math.max(0, Math.min(input.limit, total - input.offset));
  const rows =
    limit === 0 ? [] : matchPage(db, plan, { dense: totalCapped, limit, offset: input.offset, matches: n });
  return {
    total,
    totalCapped,
    rows,
    tookMs: Math.round((performance.now() - started) * 10) / 10,
    scopedTo: scope.jurisdiction,
  };
}
