/**
 * The entity list's search: name fragments through the FTS5 indexes, code prefixes through range
 * scans on the unique identifier indexes, plus filters; one page at a time, in id order.
 *
 * A pure name search is driven from the FTS index, which yields rowids in ascending order, so a page
 * stops reading as soon as it is full; the count stops at COUNT_CAP. A one-character fragment can match
 * half a prefecture (街道 is in most township names): counting all of it took ~1 s at a million
 * entities, and nobody scrolls past ten thousand rows — they type one more character.
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

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

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
  /** Counts at most COUNT_CAP + 1 matches. */
  count: { sql: string; params: unknown[] };
}

function cappedCount(from: string, where: string): string {
  return `SELECT count(*) FROM (SELECT 1 FROM ${from} ${where} LIMIT ${COUNT_CAP + 1})`;
}

export function planSearch(input: SearchInput): SearchPlan {
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
  if (!q) {
    // Browsing with filters only: exact counts through the kind/status/township indexes.
    const where = whereOf(filters);
    return {
      from: 'entities e',
      where,
      params: filterParams,
      order: 'e.id',
      count: { sql: `SELECT count(*) FROM entities e ${where}`, params: filterParams },
    };
  }
  const code = normalizeCode(q);
  const index = nameIndex(q);
  if (!CODE_LIKE.test(code) && index) {
    // A name search only: the index drives, in rowid order; without filters it alone is counted.
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
    };
  }
  const alternatives: string[] = [];
  const params: unknown[] = [];
  if (CODE_LIKE.test(code)) {
    // Range scans on the unique indexes: '\x7f' sorts after every character a code can hold.
    alternatives.push('(e.uscc >= ? AND e.uscc < ?)', '(e.reg_no >= ? AND e.reg_no < ?)');
    params.push(code, `${code}\x7f`, code, `${code}\x7f`);
  }
  if (index) {
    alternatives.push(`e.id IN (SELECT rowid FROM ${index.table} WHERE ${index.table} MATCH ?)`);
    params.push(index.match);
  } else {
    // Only punctuation: not a token of any index, so scan.
    alternatives.push("e.name LIKE ? ESCAPE '\\'");
    params.push(`%${escapeLike(q)}%`);
  }
  const where = whereOf([`(${alternatives.join(' OR ')})`, ...filters]);
  const all = [...params, ...filterParams];
  return {
    from: 'entities e',
    where,
    params: all,
    order: 'e.id',
    count: { sql: cappedCount('entities e', where), params: all },
  };
}

export function searchEntities(
  db: Db,
  input: SearchInput,
): { total: number; totalCapped: boolean; rows: EntityRow[]; tookMs: number } {
  const started = performance.now();
  const plan = planSearch(input);
  const base = `FROM ${plan.from} ${plan.where}`;
  const n = db
    .prepare(plan.count.sql)
    .pluck()
    .get(...plan.count.params) as number;
  // Browsing without a query counts exactly; a query's count stops after COUNT_CAP.
  const totalCapped = n > COUNT_CAP && input.query.trim() !== '';
  const total = totalCapped ? COUNT_CAP : n;
  // Past the cap there is nothing to page to: the list stops where the count stopped.
  const limit = Math.max(0, Math.min(input.limit, total - input.offset));
  const rows =
    limit === 0
      ? []
      : (db
          .prepare(`SELECT ${ROW_COLUMNS} ${base} ORDER BY ${plan.order} LIMIT ? OFFSET ?`)
          .all(...plan.params, limit, input.offset) as EntityRow[]);
  return { total, totalCapped, rows, tookMs: Math.round((performance.now() - started) * 10) / 10 };
}
