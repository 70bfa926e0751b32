/**
 * The SQL of the entity list's search (what each kind of query means: ../search.ts). Name fragments go
 * through the FTS5 indexes, code prefixes through range scans on the unique identifier indexes, filters
 * through the kind/status/township indexes; a page is read by id, then its columns.
 *
 * A pure name search is driven from the FTS index, which yields rowids in ascending order, so a page
 * stops reading as soon as it is full; the count stops at COUNT_CAP.
 */
import type { EntityRow, ParsedInput } from '../../../../shared/api/contract.ts';
import { INDUSTRY_SECTIONS } from '../../../../shared/domain/industry-sections.ts';
import { normalizeCode } from '../../../../shared/identifiers/normalize.ts';
import type { Db } from '../../../db/open.ts';
import { all, type SqlQuery, sql, value } from '../../../db/sql.ts';
import { ROW_COLUMNS } from './entities.ts';

type SearchInput = ParsedInput<'entities.search'>;

/**
 * A one-character fragment can match half a prefecture (街道 is in most township names): counting all
 * of it took ~1 s at a million entities, and nobody scrolls past ten thousand rows — they type one
 * more character.
 */
export const COUNT_CAP = 10_000;

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

export interface SearchPlan {
  from: SqlQuery;
  where: SqlQuery;
  order: SqlQuery;
  /** Counts at most COUNT_CAP + 1 matches, unless `exact`. */
  count: SqlQuery;
  /** Browsing: the count is exact, never capped. */
  exact: boolean;
  /**
   * When the count reaches the cap, the matches are dense (≥ COUNT_CAP of the table): walking the table
   * in id order finds a page sooner than sorting every match of an index range. Same rows.
   */
  denseWhere?: SqlQuery;
}

/** Whether a code-like query begins some USCC or registration number (two index probes). */
export function isCodePrefix(db: Db, query: string): boolean {
  const code = normalizeCode(query.trim());
  if (!CODE_LIKE.test(code)) return false;
  const end = `${code}\x7f`;
  return (
    value<number>(
      db,
      sql`SELECT EXISTS (SELECT 1 FROM entities WHERE uscc >= ${code} AND uscc < ${end})
              OR EXISTS (SELECT 1 FROM entities WHERE reg_no >= ${code} AND reg_no < ${end})`,
    ) === 1
  );
}

function cappedCount(from: SqlQuery, where: SqlQuery): SqlQuery {
  return sql`SELECT count(*) FROM (SELECT 1 FROM ${from} ${where} LIMIT ${sql.raw(String(COUNT_CAP + 1))})`;
}

/**
 * Entities whose industry code is in GB/T 4754 section `letter`, as the analysis places codes
 * (sectionOf): a leading letter names the section, else the first two digits fall in its divisions.
 */
function sectionFilter(letter: string): SqlQuery {
  const section = INDUSTRY_SECTIONS.find((s) => s.letter === letter);
  const code = sql.raw('trim(e.industry_code)');
  const byLetter = sql`upper(substr(${code}, 1, 1)) = ${letter}`;
  if (!section) return byLetter;
  const [first, last] = section.divisions;
  return sql`(${byLetter} OR (substr(${code}, 1, 2) GLOB '[0-9][0-9]'
              AND CAST(substr(${code}, 1, 2) AS INTEGER) BETWEEN ${first} AND ${last}))`;
}

const whereOf = (clauses: SqlQuery[]): SqlQuery =>
  clauses.length ? sql`WHERE ${sql.join(clauses, ' AND ')}` : sql.raw('');

/**
 * The SQL for a query. `codePrefix`: the query begins some code (isCodePrefix); then only codes are
 * searched, otherwise only names.
 */
export function planSearch(input: SearchInput, codePrefix = false): SearchPlan {
  const filters: SqlQuery[] = [];
  if (input.kind) filters.push(sql`e.kind = ${input.kind}`);
  if (input.status) filters.push(sql`e.status = ${input.status}`);
  if (input.township) filters.push(sql`e.township = ${input.township}`);
  if (input.jurisdiction) filters.push(sql`e.jurisdiction = ${input.jurisdiction}`);
  if (input.section) filters.push(sectionFilter(input.section));
  if (input.run) {
    // The grade in force, as the analysis counts it: the latest manual adjustment's, else the computed
    // one. The run's results are keyed (run_id, entity_id) and its adjustments indexed the same way.
    filters.push(
      sql`e.id IN (SELECT r.entity_id FROM grading_results r
                   WHERE r.run_id = ${input.run.runId}
                     AND coalesce((SELECT a.to_grade FROM grading_adjustments a
                                   WHERE a.run_id = r.run_id AND a.entity_id = r.entity_id
                                   ORDER BY a.id DESC LIMIT 1), r.grade) IN ${sql.list(input.run.classes)})`,
    );
  }
  const q = input.query.trim();
  const code = normalizeCode(q);
  const index = q ? nameIndex(q) : null;
  const entities = sql.raw('entities e');
  const byId = sql.raw('e.id');
  if (codePrefix && CODE_LIKE.test(code)) {
    // Range scans on the unique indexes: '\x7f' sorts after every character a code can hold.
    const end = `${code}\x7f`;
    const ranges = (col: string) => {
      const [uscc, regNo] = [sql.raw(`${col}uscc`), sql.raw(`${col}reg_no`)];
      return sql`((${uscc} >= ${code} AND ${uscc} < ${end}) OR (${regNo} >= ${code} AND ${regNo} < ${end}))`;
    };
    const where = whereOf([ranges('e.'), ...filters]);
    return {
      from: entities,
      where,
      order: byId,
      count: cappedCount(entities, where),
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
      from: entities,
      where,
      order: byId,
      count: sql`SELECT count(*) FROM ${entities} ${where}`,
      exact: true,
    };
  }
  // A name search: the index drives, in rowid order; without filters it alone is counted.
  const table = sql.raw(index.table);
  const from = sql`${table} f JOIN entities e ON e.id = f.rowid`;
  const where = whereOf([sql`f.${table} MATCH ${index.match}`, ...filters]);
  return {
    from,
    where,
    order: sql.raw('f.rowid'),
    count:
      filters.length === 0
        ? cappedCount(table, sql`WHERE ${table} MATCH ${index.match}`)
        : cappedCount(from, where),
    exact: false,
  };
}

/** The plan's count: exact when browsing, else at most COUNT_CAP + 1. */
export function countMatches(db: Db, plan: SearchPlan): number {
  return value<number>(db, plan.count) ?? 0;
}

/** One page of matches in id order; `dense`: the count reached the cap (see SearchPlan.denseWhere). */
export function matchPage(
  db: Db,
  plan: SearchPlan,
  page: { dense: boolean; limit: number; offset: number },
): EntityRow[] {
  const where = page.dense && plan.denseWhere ? plan.denseWhere : plan.where;
  // The page's ids first, then its columns: a sorted match would otherwise compute every matching
  // row's record count before the sort picks the page (CROSS JOIN: the page drives).
  return all<EntityRow>(
    db,
    sql`SELECT ${sql.raw(ROW_COLUMNS)} FROM (SELECT e.id AS pid FROM ${plan.from} ${where}
          ORDER BY ${plan.order} LIMIT ${page.limit} OFFSET ${page.offset}) p
        CROSS JOIN entities e ON e.id = p.pid ORDER BY e.id`,
  );
}
