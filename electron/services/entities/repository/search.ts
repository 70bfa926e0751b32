/**
 * The SQL of the entity list's search (what each kind of query means: ../search.ts). Name fragments go
 * through the FTS5 indexes, code prefixes through range scans on the unique identifier indexes, filters
 * through the kind/status/township indexes; a page is read by id, then its columns.
 *
 * A pure name search is driven from the FTS index, which yields rowids in ascending order, so a page
 * stops reading as soon as it is full; the count stops at COUNT_CAP.
 *
 * PostgreSQL (issue 17) has no fts5: the same queries find the same rows through plain predicates on
 * the entities table (pgNameMatch, pgCodeMatch), the trigram GIN indexes of its migration 001 serving
 * fragments of three or more characters and code prefixes, the set-of-characters GIN index of its
 * migration 018 serving shorter ones (its migration 002 is empty: no twin of entities_chars).
 */
import type { EntityRow, ParsedInput } from '../../../../shared/api/contract.ts';
import { INDUSTRY_SECTIONS } from '../../../../shared/domain/industry-sections.ts';
import { normalizeCode } from '../../../../shared/identifiers/normalize.ts';
import { all, type DataDoor, dialect, isPg, type PgDb, type SqlQuery, sql, value } from '../../../db/sql.ts';
import { type CountedColumn, type CountedFilter, countEntitiesPg } from './entity-counts-pg.ts';
import { denseWalkPg, pageWalkPg, type WalkTest } from './search-dense-pg.ts';
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

/** `%`, `_` and the escape character itself, taken literally by LIKE (PostgreSQL's default escape is `\`). */
const likeLiteral = (s: string): string => s.replace(/[\\%_]/g, '\\$&');

/**
 * The PostgreSQL predicates that match the same names as nameIndex's MATCH, or null where that is null:
 * `indexed` for the indexes to answer, `walk` the same test cheap enough to run on every row of a dense
 * walk (search-dense-pg.ts), without the set-of-characters function (~6 µs a row).
 * - three or more characters: the trigram tokenizer folds case and matches the fragment as it is typed
 *   (spaces and punctuation included) anywhere in the name: ILIKE '%…%', which the trigram index serves;
 * - one or two: the single-character index drops every character that is no letter or digit, so the
 *   letters and digits of the query match when adjacent in a name but for such characters between
 *   them (`有限` finds `有·限`), and read a Latin letter with a diacritic as its base letter: a
 *   case-insensitive regular expression (letters and digits need no escaping), which no index serves.
 */
function pgNameMatch(q: string): PgMatch | null {
  if ([...q].length >= 3) return pgFragmentMatch(q);
  const tokens = [...q].filter((c) => TOKEN_CHAR.test(c));
  if (tokens.length === 0) return null;
  const adjacent = sql`e.name ~* ${tokens.map(letterOrVariants).join('[^[:alpha:][:digit:]]*')}`;
  // Chinese characters and digits have no other forms, so a name that matches holds each of them as
  // typed: the set-of-characters index (PostgreSQL migration 018) finds those names first.
  const exact = [...new Set(tokens.filter(caseless))];
  const holding = exact.length ? holdsEvery(exact) : null;
  if (!tokens.every(caseless)) {
    return { indexed: holding ? sql`(${holding} AND ${adjacent})` : adjacent, walk: adjacent };
  }
  // A LIKE (a byte search, ~20× cheaper than the expression per row) checks their order, and alone
  // suffices for one.
  const inOrder = sql`e.name LIKE ${`%${tokens.join('%')}%`}`;
  const walk = tokens.length === 1 ? inOrder : sql`(${inOrder} AND ${adjacent})`;
  const indexed = sql`(${holding} AND ${walk})`;
  // One such character: holding it is the whole test, and a count needs no more (a third faster);
  // a page keeps the LIKE, which the planner checks first when it walks the primary key.
  return tokens.length === 1 && holding ? { indexed, walk, counted: holding } : { indexed, walk };
}

/**
 * Three or more characters. pg_trgm reads no punctuation or spaces: for 「（示范县」 it looks up 「示范县」,
 * which half a county's names hold, and rechecks them all (1.5 s at 2,000,000 entities). When the
 * fragment holds such marks, the names holding them are found through the set-of-characters index
 * instead, and the ILIKE is written so that the trigram index is not asked as well (`|| ''`).
 */
function pgFragmentMatch(q: string): PgMatch {
  const pattern = `%${likeLiteral(q)}%`;
  const ilike = sql`e.name ILIKE ${pattern}`;
  const marks = [...new Set([...q].filter((c) => !TOKEN_CHAR.test(c) && caseless(c)))];
  if (marks.length === 0) return { indexed: ilike, walk: ilike };
  return { indexed: sql`(${holdsEvery(marks)} AND (e.name || '') ILIKE ${pattern})`, walk: ilike };
}

/** Names holding every one of `chars` (the set-of-characters index); string_to_array with no delimiter splits by character. */
const holdsEvery = (chars: readonly string[]): SqlQuery =>
  sql`cd_name_char_set(e.name) @> string_to_array(${chars.join('')}::text, NULL)`;

interface PgMatch {
  indexed: SqlQuery;
  walk: SqlQuery;
  /** The same rows as `indexed`, cheaper to count when it differs. */
  counted?: SqlQuery;
}

/** A character no case folding or diacritic removal relates to another (CJK, digits). */
const caseless = (c: string): boolean =>
  c.toLowerCase() === c && c.toUpperCase() === c && baseLetter(c) === undefined;

/**
 * unicode61 (remove_diacritics=1, the single-character index's tokenizer) reads a Latin letter with one
 * diacritic as its base letter (`é` is `e`, `Ł` stays), and so does its query: a letter as a bracket
 * expression of its base and every such variant (measured against SQLite over U+00C0–024F and
 * U+1E00–1EFF: the same letters but for the long s, added by hand). Other characters stand for themselves.
 */
function letterOrVariants(c: string): string {
  const base = baseLetter(c);
  const variants = base ? latinVariants().get(base) : undefined;
  return base && variants ? `[${base}${variants}]` : c;
}

function baseLetter(c: string): string | undefined {
  if (/^[a-z]$/i.test(c)) return c.toLowerCase();
  if (c === 'ſ' || c === 'ẛ') return 's';
  const parts = [...c.normalize('NFD')];
  return parts.length === 2 && /^[a-z]$/i.test(parts[0]!) && /\p{M}/u.test(parts[1]!)
    ? parts[0]!.toLowerCase()
    : undefined;
}

let variantsByBase: Map<string, string> | undefined;
function latinVariants(): Map<string, string> {
  if (variantsByBase) return variantsByBase;
  variantsByBase = new Map();
  for (const [from, to] of [
    [0xc0, 0x24f],
    [0x1e00, 0x1eff],
  ] as const) {
    for (let cp = from; cp <= to; cp++) {
      const c = String.fromCodePoint(cp);
      const base = baseLetter(c);
      if (base) variantsByBase.set(base, (variantsByBase.get(base) ?? '') + c);
    }
  }
  return variantsByBase;
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
  /** The count, when planning already found it (PostgreSQL: planPg); `count` is then not run. */
  knownCount?: number;
  /** PostgreSQL: the match as a walk tests it, for a page the first rows may hold (pageWalkPg). */
  walk?: WalkTest;
}

/** Whether a code-like query begins some USCC or registration number (two index probes). */
export function isCodePrefix(db: DataDoor, query: string): boolean {
  const code = normalizeCode(query.trim());
  if (!CODE_LIKE.test(code)) return false;
  if (isPg(db)) {
    // LIKE 'prefix%' means the same in any collation (a code holds only [0-9A-Z]): see pgCodeMatch.
    const prefix = `${code}%`;
    return (
      value<boolean>(
        db,
        sql`SELECT EXISTS (SELECT 1 FROM entities WHERE uscc LIKE ${prefix})
                OR EXISTS (SELECT 1 FROM entities WHERE reg_no LIKE ${prefix})`,
      ) === true
    );
  }
  const end = `${code}\x7f`;
  return (
    value<number>(
      db,
      sql`SELECT EXISTS (SELECT 1 FROM entities WHERE uscc >= ${code} AND uscc < ${end})
              OR EXISTS (SELECT 1 FROM entities WHERE reg_no >= ${code} AND reg_no < ${end})`,
    ) === 1
  );
}

/**
 * The codes that begin with `code` on PostgreSQL. Not a range like SQLite's: `>=`/`<` follow the
 * database's collation, which need not be code-point order on a bureau's server (zh_CN.UTF-8), while
 * LIKE compares characters. The trigram indexes (migration 001) serve it, slowly for a long prefix
 * that few codes share; btree indexes with text_pattern_ops on uscc and reg_no would make it a range
 * scan in any collation (not in the schema yet: bench/search-engines.bench.ts measures both).
 */
function pgCodeMatch(code: string): PgMatch {
  const prefix = `${code}%`;
  const match = sql`(e.uscc LIKE ${prefix} OR e.reg_no LIKE ${prefix})`;
  return { indexed: match, walk: match };
}

function cappedCount(db: DataDoor, from: SqlQuery, where: SqlQuery): SqlQuery {
  const cap = sql.raw(String(COUNT_CAP + 1));
  // PostgreSQL 15 wants a name for the subquery.
  return dialect(db, {
    sqlite: sql`SELECT count(*) FROM (SELECT 1 FROM ${from} ${where} LIMIT ${cap})`,
    postgres: sql`SELECT count(*) FROM (SELECT 1 FROM ${from} ${where} LIMIT ${cap}) AS capped`,
  });
}

/**
 * Entities whose industry code is in GB/T 4754 section `letter`, as the analysis places codes
 * (sectionOf): a leading letter names the section, else the first two digits fall in its divisions.
 */
function sectionFilter(db: DataDoor, letter: string): SqlQuery {
  const section = INDUSTRY_SECTIONS.find((s) => s.letter === letter);
  const code = sql.raw('trim(e.industry_code)');
  const byLetter = sql`upper(substr(${code}, 1, 1)) = ${letter}`;
  if (!section) return byLetter;
  const [first, last] = section.divisions;
  return dialect(db, {
    sqlite: sql`(${byLetter} OR (substr(${code}, 1, 2) GLOB '[0-9][0-9]'
              AND CAST(substr(${code}, 1, 2) AS INTEGER) BETWEEN ${first} AND ${last}))`,
    // PostgreSQL does not promise to test AND's operands in order: the cast of letters would fail.
    postgres: sql`(${byLetter} OR CASE WHEN substr(${code}, 1, 2) ~ '^[0-9]{2}$'
              THEN CAST(substr(${code}, 1, 2) AS integer) BETWEEN ${first} AND ${last} ELSE false END)`,
  });
}

const whereOf = (clauses: SqlQuery[]): SqlQuery =>
  clauses.length ? sql`WHERE ${sql.join(clauses, ' AND ')}` : sql.raw('');

/**
 * The SQL for a query. `codePrefix`: the query begins some code (isCodePrefix); then only codes are
 * searched, otherwise only names. `scope`: the 管辖单位 a scoped officer reads (users/entity-scope.ts),
 * a filter like the list's own 管辖单位 filter but not theirs to lift; both may stand (then only rows
 * of both, i.e. none when they differ). null: the whole county.
 */
export function planSearch(
  db: DataDoor,
  input: SearchInput,
  codePrefix = false,
  scope: string | null = null,
): SearchPlan {
  const filters: SqlQuery[] = [];
  // The same equality filters as data, for the server's kept counts (entity-counts-pg.ts).
  const counted: CountedFilter[] = [];
  const equal = (column: CountedColumn, value: string) => {
    filters.push(sql`e.${sql.raw(column)} = ${value}`);
    counted.push({ column, value });
  };
  if (scope !== null && scope !== input.jurisdiction) equal('jurisdiction', scope);
  if (input.kind) equal('kind', input.kind);
  if (input.status) equal('status', input.status);
  if (input.township) equal('township', input.township);
  if (input.jurisdiction) equal('jurisdiction', input.jurisdiction);
  if (input.section) filters.push(sectionFilter(db, input.section));
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
  const entities = sql.raw('entities e');
  const byId = sql.raw('e.id');
  if (isPg(db)) {
    const countable = filters.length === counted.length ? counted : null;
    // A grade filter reads the whole run's results for any row it tests: not worth a walk's probe.
    const walkable = !input.run;
    return planPg(db, q, codePrefix && CODE_LIKE.test(code) ? code : null, filters, countable, walkable);
  }
  const index = q ? nameIndex(q) : null;
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
      count: cappedCount(db, entities, where),
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
        ? cappedCount(db, table, sql`WHERE ${table} MATCH ${index.match}`)
        : cappedCount(db, from, where),
    exact: false,
  };
}

/**
 * planSearch on PostgreSQL: the same three kinds of query over the entities table alone, in id order.
 * Two counts are known while planning (`knownCount`): browsing with equality filters only reads the
 * kept counts (migration 019), and a dense match is counted by its walk (search-dense-pg.ts), whose
 * rows then give the page too. `countable`: the filters as data, null when one is no plain equality;
 * `walkable`: whether the filters are cheap enough on each row for a walk to be tried.
 */
function planPg(
  db: PgDb,
  q: string,
  code: string | null,
  filters: SqlQuery[],
  countable: CountedFilter[] | null,
  walkable: boolean,
): SearchPlan {
  const entities = sql.raw('entities e');
  const byId = sql.raw('e.id');
  const match = code !== null ? pgCodeMatch(code) : q ? pgNameMatch(q) : null;
  if (!match) {
    const where = whereOf(filters);
    const count = sql`SELECT count(*) FROM ${entities} ${where}`;
    return {
      from: entities,
      where,
      order: byId,
      count,
      exact: true,
      ...(countable ? { knownCount: countEntitiesPg(db, countable) } : {}),
    };
  }
  const walk = { match: match.walk, filters };
  const dense = walkable ? denseWalkPg(db, walk, COUNT_CAP) : null;
  if (dense) {
    const count = cappedCount(db, dense.from, dense.where);
    return {
      from: dense.from,
      where: dense.where,
      order: byId,
      count,
      exact: false,
      knownCount: dense.count,
    };
  }
  const where = whereOf([match.indexed, ...filters]);
  const count = cappedCount(db, entities, match.counted ? whereOf([match.counted, ...filters]) : where);
  return { from: entities, where, order: byId, count, exact: false, ...(walkable ? { walk } : {}) };
}

/** The plan's count: exact when browsing, else at most COUNT_CAP + 1. */
export function countMatches(db: DataDoor, plan: SearchPlan): number {
  return plan.knownCount ?? value<number>(db, plan.count) ?? 0;
}

/**
 * One page of matches in id order. `matches`: the count (capped); `dense`: it reached the cap (see
 * SearchPlan.denseWhere).
 */
export function matchPage(
  db: DataDoor,
  plan: SearchPlan,
  page: { dense: boolean; limit: number; offset: number; matches: number },
): EntityRow[] {
  const walked = plan.walk && isPg(db) ? pageWalkPg(db, plan.walk, page.matches, page) : null;
  if (walked) {
    const rows = pageOf(db, walked.from, walked.where, plan.order, page);
    if (rows.length === page.limit) return rows;
  }
  const where = page.dense && plan.denseWhere ? plan.denseWhere : plan.where;
  return pageOf(db, plan.from, where, plan.order, page);
}

function pageOf(
  db: DataDoor,
  from: SqlQuery,
  where: SqlQuery,
  order: SqlQuery,
  page: { limit: number; offset: number },
): EntityRow[] {
  // The page's ids first, then its columns: a sorted match would otherwise compute every matching
  // row's record count before the sort picks the page (CROSS JOIN: the page drives).
  // PostgreSQL has no CROSS JOIN … ON, and its planner needs no such hint.
  const join = dialect(db, { sqlite: sql.raw('CROSS JOIN'), postgres: sql.raw('JOIN') });
  return all<EntityRow>(
    db,
    sql`SELECT ${sql.raw(ROW_COLUMNS)} FROM (SELECT e.id AS pid FROM ${from} ${where}
          ORDER BY ${order} LIMIT ${page.limit} OFFSET ${page.offset}) p
        ${join} entities e ON e.id = p.pid ORDER BY e.id`,
  );
}
