/**
 * The entity list's search: name fragments through the FTS5 indexes, code prefixes through range
 * scans on the unique identifier indexes, plus filters; one page at a time, in id order.
 *
 * A pure name search is driven from the FTS index, which yields rowids in ascending order, so a page
 * stops reading as soon as it is full; the count stops at COUNT_CAP. A one-character fragment can match
 * half a prefecture (街道 is in most township names): counting all of it took ~1 s at a million
 * entities, and nobody scrolls past ten thousand rows — they type one more character.
 *
 * What a query means (each kind answered through an index, ≤ 100 ms at a million entities):
 * - empty, or only punctuation and spaces (e.g. `（`, `-`, `·`): no name filter — the list is browsed
 *   with the filters, counted exactly. No index holds punctuation below three characters, and a scan of
 *   every name for a bracket took seconds at a million entities for a result nobody needs.
 * - code-like (2–18 digits and capital letters after folding) and the beginning of some USCC or
 *   registration number: those codes only. A name alternative next to a county-wide prefix made every
 *   code search scan and sort hundreds of thousands of rows; a code prefix is not typed to find names.
 * - anything else (also code-like text no code begins with, e.g. `KTV`): name fragments.
 */
import type { EntityRow, ParsedInput } from '../../shared/api/contract.ts';
import { normalizeCode } from '../../shared/identifiers/normalize.ts';
import type { Db } from '../db/open.ts';

type SearchInput = ParsedInput<'entities.search'>;

export const COUNT_CAP = 10_000;

/** recordCount is counted per row shown (an index range count), not kept in a column that every write must update. */
export const ROW_COLUMNS = `e.id, coalesce(e.uscc, e.reg_no) AS code, e.uscc, e.reg_no AS regNo, e.name, e.kind, e.status,
  e.legal_rep AS legalRep, e.township, e.industry_name AS industryName, e.established_on AS establishedOn,
  (SELECT count(*) FROM records r WHERE r.entity_id = e.id) AS recordCount`;

/** Characters unicode61 indexes as tokens (letters and digits of any script). */
const TOKEN_CHAR = /[\p{L}\p{N}]/u;

/** Code-like queries (letters and digits only) also match identifier prefixes. */
const CODE_LIKE = /^[0-9A-Z]{2,18}$/;

/** FTS5 phrase syntax: the fragment in double quotes, inner quotes doubled. */
function ftsPhrase(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

/** Which full-text index answers a name fragment, and with what MATCH expression; null: none can. */
function nameIndex(q: string): { table: 'entities_fts' | 'entities_chars'; match: string } | null {
  if ([...q].length >= 3) return { table: 'entities_fts', match: ftsPhrase(q) };
  const tokens = [...q].filter((c) => TOKEN_CHAR.test(c));
  // One or two characters: a phrase over the single-character index (migration 002).
  return tokens.length > 0 ? { table: 'entities_chars', match: ftsPhrase(tokens.join(' ')) } : null;
}

interface SearchPlan {
  from: string;
  where: string;
  params: unknown[];
  order: string;
  /** Counts at most COUNT_CAP + 1 matches, unless `exact`. */
  count: { sql: string; params: unknown[] };
  /** Browsing: the count is exact, never capped. */
  exact: boolean;
  /**
   * When the count reaches the cap, the matches are dense (≥ COUNT_CAP of the table): walking the table
   * in id order finds a page sooner than sorting every match of an index range. Same rows, same params.
   */
  denseWhere?: string;
}

/** Whether a code-like query begins some USCC or registration number (two index probes). */
export function isCodePrefix(db: Db, query: string): boolean {
  const code = normalizeCode(query.trim());
  if (!CODE_LIKE.test(code)) return false;
  return (
    db
      .prepare(
        `SELECT EXISTS (SELECT 1 FROM entities WHERE uscc >= ? AND uscc < ?)
             OR EXISTS (SELECT 1 FROM entities WHERE reg_no >= ? AND reg_no < ?)`,
      )
      .pluck()
      .get(code, `${code}\x7f`, code, `${code}\x7f`) === 1
  );
}

function cappedCount(from: string, where: string): string {
  return `SELECT count(*) FROM (SELECT 1 FROM ${from} ${where} LIMIT ${COUNT_CAP + 1})`;
}

/**
 * The SQL for a query. `codePrefix`: the query begins some code (isCodePrefix); then only codes are
 * searched, otherwise only names.
 */
export function planSearch(input: SearchInput, codePrefix = false): SearchPlan {
  const filters: string[] = [];
  const filterParams: unknown[] = [];
  for (const [column, value] of [
    ['e.kind', input.kind],
    ['e.status', input.status],
    ['e.township', input.township],
  ] as const) {
    if (value) {
      filters.push(`${column} = ?`);
      filterParams.push(value);
    }
  }
  const whereOf = (clauses: string[]) => (clauses.length ? `WHERE ${clauses.join(' AND ')}` : '');
  const q = input.query.trim();
  const code = normalizeCode(q);
  const index = q ? nameIndex(q) : null;
  if (codePrefix && CODE_LIKE.test(code)) {
    // Range scans on the unique indexes: '\x7f' sorts after every character a code can hold.
    const ranges = (col: string) =>
      `((${col}uscc >= ? AND ${col}uscc < ?) OR (${col}reg_no >= ? AND ${col}reg_no < ?))`;
    const params = [code, `${code}\x7f`, code, `${code}\x7f`, ...filterParams];
    const where = whereOf([ranges('e.'), ...filters]);
    return {
      from: 'entities e',
      where,
      params,
      order: 'e.id',
      count: { sql: cappedCount('entities e', where), params },
      exact: false,
      // `+` keeps the ranges off their indexes, so the table is read in id order.
      denseWhere: whereOf([ranges('+e.'), ...filters]),
    };
  }
  if (!index) {
    // Browsing with filters only (also a query of only punctuation and spaces): exact counts through
    // the kind/status/township indexes.
    const where = whereOf(filters);
    return {
      from: 'entities e',
      where,
      params: filterParams,
      order: 'e.id',
      count: { sql: `SELECT count(*) FROM entities e ${where}`, params: filterParams },
      exact: true,
    };
  }
  // A name search: the index drives, in rowid order; without filters it alone is counted.
  const from = `${index.table} f JOIN entities e ON e.id = f.rowid`;
  const where = whereOf([`f.${index.table} MATCH ?`, ...filters]);
  const params = [index.match, ...filterParams];
  return {
    from,
    where,
    params,
    order: 'f.rowid',
    count:
      filters.length === 0
        ? { sql: cappedCount(index.table, `WHERE ${index.table} MATCH ?`), params: [index.match] }
        : { sql: cappedCount(from, where), params },
    exact: false,
  };
}

export function searchEntities(
  db: Db,
  input: SearchInput,
): { total: number; totalCapped: boolean; rows: EntityRow[]; tookMs: number } {
  const started = performance.now();
  const plan = planSearch(input, isCodePrefix(db, input.query));
  const n = db
    .prepare(plan.count.sql)
    .pluck()
    .get(...plan.count.params) as number;
  // Browsing counts exactly; a query's count stops after COUNT_CAP.
  const totalCapped = n > COUNT_CAP && !plan.exact;
  const total = totalCapped ? COUNT_CAP : n;
  const base = `FROM ${plan.from} ${totalCapped && plan.denseWhere ? plan.denseWhere : plan.where}`;
  // Past the cap there is nothing to page to: the list stops where the count stopped.
  const limit = Math.max(0, Math.min(input.limit, total - input.offset));
  const rows =
    limit === 0
      ? []
      : (db
          // The page's ids first, then its columns: a sorted match would otherwise compute every
          // matching row's record count before the sort picks the page (CROSS JOIN: the page drives).
          .prepare(
            `SELECT ${ROW_COLUMNS} FROM (SELECT e.id AS pid ${base} ORDER BY ${plan.order} LIMIT ? OFFSET ?) p
             CROSS JOIN entities e ON e.id = p.pid ORDER BY e.id`,
          )
          .all(...plan.params, limit, input.offset) as EntityRow[]);
  return { total, totalCapped, rows, tookMs: Math.round((performance.now() - started) * 10) / 10 };
}
