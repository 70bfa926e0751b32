/**
 * Dense matches on PostgreSQL: a fragment or code prefix that a large share of entities hold (「道」 in
 * every 街道 name, 「示范县」, 「9141」). Through an index, PostgreSQL gathers every match before it can
 * count ten thousand of them or sort out the first page: 100–1,500 ms at 2,000,000 entities. Walking
 * the table in id order finds ten thousand and one matches, and any page before them, within a few
 * tens of thousands of rows. SQLite decides the same after its capped count (SearchPlan.denseWhere);
 * here a short probe of the first rows decides before any index is asked.
 */
import { type PgDb, type SqlQuery, sql, value } from '../../../db/sql.ts';

/** Rows of the table, in id order, the probe reads to judge how dense the match is (a few ms). */
const PROBE_ROWS = 4_000;
/**
 * The most rows a walk reads: about 30–60 ms with a LIKE on each. A match that does not reach the cap
 * within them is counted through its indexes after all.
 */
const WALK_ROWS = 100_000;
/**
 * A page of a match that is not dense but not rare either (「林」, tens of thousands of names): the first
 * page needs a few thousand rows in id order, where the index would gather and sort every match. A
 * capped count says only that the density is at least 10,001 in the table, so at 2,000,000 entities a
 * list page of 100 is expected within 20,000 rows at the least (30 ms of LIKE at the most).
 */
const PAGE_WALK_ROWS = 45_000;
/** The probe must promise the cap this many times over within WALK_ROWS, or the walk is not tried. */
const MARGIN = 1.5;

/** A match as a walk tests it: a predicate on `e` cheap enough for every row, and the list's filters. */
export interface WalkTest {
  match: SqlQuery;
  filters: readonly SqlQuery[];
}

const whereOf = (test: WalkTest): SqlQuery => sql`WHERE ${sql.join([test.match, ...test.filters], ' AND ')}`;
const firstRows = (n: number): SqlQuery =>
  sql`(SELECT * FROM entities ORDER BY id LIMIT ${sql.raw(String(n))}) AS e`;

export interface DenseWalk {
  /** The first WALK_ROWS entities in id order, as `e`: a page reads them in order and stops when full. */
  from: SqlQuery;
  where: SqlQuery;
  /** More than `cap`: the walk found cap + 1 matches. */
  count: number;
}

/**
 * The walk for `match` (a predicate on `e` cheap enough to test on every row, with the filters), when
 * the probe finds it dense and the walk reaches cap + 1 matches; else null, and the indexes answer.
 */
export function denseWalkPg(db: PgDb, test: WalkTest, cap: number): DenseWalk | null {
  const where = whereOf(test);
  const probed = value<number>(db, sql`SELECT count(*) FROM ${firstRows(PROBE_ROWS)} ${where}`) ?? 0;
  if ((probed / PROBE_ROWS) * WALK_ROWS < MARGIN * (cap + 1)) return null;
  const from = firstRows(WALK_ROWS);
  const count =
    value<number>(
      db,
      sql`SELECT count(*) FROM (SELECT 1 FROM ${from} ${where} LIMIT ${sql.raw(String(cap + 1))}) AS capped`,
    ) ?? 0;
  return count > cap ? { from, where, count } : null;
}

/**
 * Where a page of `matches` matches (the capped count) is sought among the first rows in id order,
 * when the table's size says the page should lie within PAGE_WALK_ROWS of them; else null. The page is
 * right only when it comes back full: rows past those read have larger ids than every row read. A short
 * one means the matches thin out further on, and the indexes answer after all.
 */
export function pageWalkPg(
  db: PgDb,
  test: WalkTest,
  matches: number,
  page: { limit: number; offset: number },
): { from: SqlQuery; where: SqlQuery } | null {
  if (matches === 0) return null;
  // The planner's estimate of the table's rows, kept by ANALYZE and autovacuum: a guess is enough here.
  const rows =
    value<number>(db, sql`SELECT reltuples::bigint FROM pg_class WHERE oid = 'entities'::regclass`) ?? -1;
  if (rows <= 0 || ((page.offset + page.limit) * rows) / matches > PAGE_WALK_ROWS / MARGIN) return null;
  return { from: firstRows(PAGE_WALK_ROWS), where: whereOf(test) };
}
