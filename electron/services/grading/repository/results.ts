/**
 * A run's results (table grading_results): one row per graded entity with its computed grade and the
 * stored breakdown. Written once by the run (ResultWriter), then only read.
 */
import type { Db } from '../../../db/open.ts';
import {
  all,
  type DataDoor,
  dialect,
  get,
  isPg,
  type PgDb,
  run,
  type SqlQuery,
  sql,
  value,
} from '../../../db/sql.ts';
import { namedQuery } from './named-query.ts';

/** `(SELECT …)` of entity ids bound as one JSON parameter, for IN / NOT IN. */
function idsOf(db: DataDoor, ids: readonly number[]): SqlQuery {
  const json = JSON.stringify(ids);
  return dialect(db, {
    sqlite: sql`(SELECT value FROM json_each(${json}))`,
    postgres: sql`(SELECT CAST(value AS bigint) FROM jsonb_array_elements_text(CAST(${json} AS jsonb)))`,
  });
}

/** Whether the pair of computed grades (a.grade, b.grade) is one of `pairs`, bound as one JSON parameter. */
function gradePairIn(db: DataDoor, pairs: readonly (readonly [string, string])[]): SqlQuery {
  const json = JSON.stringify(pairs);
  return dialect(db, {
    sqlite: sql`json_array(a.grade, b.grade) IN (SELECT value FROM json_each(${json}))`,
    postgres: sql`jsonb_build_array(a.grade, b.grade) IN (SELECT value FROM jsonb_array_elements(CAST(${json} AS jsonb)))`,
  });
}

/** One entity's stored result (the breakdown as stored, see result-codec.ts). */
export interface StoredResult {
  score: number | null;
  scoreGrade: string | null;
  grade: string;
  breakdown: string;
}

export interface ResultRow extends StoredResult {
  entityId: number;
}

/** The entity a result belongs to, as lists show it. */
export interface ResultEntity {
  entityId: number;
  name: string;
  uscc: string | null;
  regNo: string | null;
}

const COLUMNS =
  'INSERT INTO grading_results (run_id, entity_id, score, score_grade, grade, breakdown) VALUES ';
const ROW = '(?, ?, ?, ?, ?, ?)';
/** 64 rows × 6 parameters stays far below SQLite's parameter limit (32,766). */
const BATCH = 64;

type Statement = ReturnType<Db['prepare']>;

/** Where a run's results go: the SQLite writer below, or the set-based one on PostgreSQL. */
export interface ResultSink {
  add(r: ResultRow): void;
  /** Writes the rows still buffered; call before anything reads grading_results of this run. */
  flush(): void;
}

/** The run's result writer for this engine. */
export function resultWriter(db: DataDoor, runId: number): ResultSink {
  return isPg(db) ? new PgResultWriter(db, runId) : new ResultWriter(db, runId);
}

/**
 * Inserts a run's results in batches: one multi-row INSERT of BATCH rows instead of BATCH single-row
 * statements saves the per-call binding overhead (≈ 15–20 % of the insert time over a million rows),
 * which is why this writer binds positional parameters itself rather than through `bulk` (named
 * parameters for 64 rows would cost more than they save). Rows arrive in entity id order, the primary
 * key order of grading_results for one run, so every insert appends to the table's B-tree.
 */
export class ResultWriter implements ResultSink {
  private readonly one: Statement;
  private readonly many: Statement;
  private readonly runId: number;
  private readonly params: (string | number | null)[] = [];
  private pending = 0;

  constructor(db: Db, runId: number) {
    this.runId = runId;
    this.one = db.prepare(COLUMNS + ROW);
    this.many = db.prepare(COLUMNS + new Array(BATCH).fill(ROW).join(', '));
  }

  add(r: ResultRow): void {
    this.params.push(this.runId, r.entityId, r.score, r.scoreGrade, r.grade, r.breakdown);
    if (++this.pending === BATCH) {
      this.many.run(this.params);
      this.params.length = 0;
      this.pending = 0;
    }
  }

  flush(): void {
    for (let i = 0; i < this.params.length; i += 6) this.one.run(this.params.slice(i, i + 6));
    this.params.length = 0;
    this.pending = 0;
  }
}

/**
 * Rows per statement on PostgreSQL: one round trip carries PG_BATCH results as one JSON parameter
 * (a few hundred kilobytes with their breakdowns), unpacked by json_to_recordset.
 */
const PG_BATCH = 2000;

/** A run's results on PostgreSQL: one multi-row INSERT per PG_BATCH rows, not a statement per row. */
class PgResultWriter implements ResultSink {
  private rows: ResultRow[] = [];
  private readonly db: PgDb;
  private readonly runId: number;

  constructor(db: PgDb, runId: number) {
    this.db = db;
    this.runId = runId;
  }

  add(r: ResultRow): void {
    this.rows.push(r);
    if (this.rows.length === PG_BATCH) this.flush();
  }

  flush(): void {
    if (this.rows.length === 0) return;
    const json = JSON.stringify(this.rows);
    this.rows = [];
    run(
      this.db,
      sql`INSERT INTO grading_results (run_id, entity_id, score, score_grade, grade, breakdown)
          SELECT CAST(${this.runId} AS bigint), x."entityId", x.score, x."scoreGrade", x.grade, x.breakdown
          FROM json_to_recordset(CAST(${json} AS json))
            AS x("entityId" bigint, score float8, "scoreGrade" text, grade text, breakdown text)`,
    );
  }
}

const resultQuery = namedQuery<{ run: number; entity: number }, StoredResult>(
  `SELECT score, score_grade AS "scoreGrade", grade, breakdown FROM grading_results
   WHERE run_id = @run AND entity_id = @entity`,
);

export function resultOf(db: DataDoor, runId: number, entityId: number): StoredResult | undefined {
  return resultQuery.get(db, { run: runId, entity: entityId });
}

export function countResults(db: DataDoor, runId: number): number {
  return value<number>(db, sql`SELECT count(*) FROM grading_results WHERE run_id = ${runId}`) ?? 0;
}

/**
 * Computed grades of a run in entity id order, `limit` after entity `afterEntityId` (keyset paging: a
 * caller streaming a whole run may write between two pages).
 */
export function computedGradesAfter(
  db: DataDoor,
  runId: number,
  afterEntityId: number,
  limit: number,
): { entityId: number; grade: string }[] {
  return all<{ entityId: number; grade: string }>(
    db,
    sql`SELECT entity_id AS "entityId", grade FROM grading_results
        WHERE run_id = ${runId} AND entity_id > ${afterEntityId} ORDER BY entity_id LIMIT ${limit}`,
  );
}

/**
 * A page of a run's results with their entities, in entity id order. With `grade`, only the results
 * whose grade in force is `grade`: computed `grade` and not in `adjusted`, or listed in `hits` (the
 * adjusted results whose adjustment says `grade`) — adjustments are few, so the caller works them out.
 */
export function resultsPage(
  db: DataDoor,
  q: {
    runId: number;
    filter: { grade: string; adjusted: readonly number[]; hits: readonly number[] } | null;
    offset: number;
    limit: number;
  },
): (ResultEntity & { score: number | null; grade: string })[] {
  const f = q.filter;
  const where =
    f === null
      ? sql``
      : sql`AND ((r.grade = ${f.grade} AND r.entity_id NOT IN ${idsOf(db, f.adjusted)})
                OR r.entity_id IN ${idsOf(db, f.hits)})`;
  return all(
    db,
    sql`SELECT r.entity_id AS "entityId", e.name, e.uscc, e.reg_no AS "regNo", r.score, r.grade
        FROM grading_results r JOIN entities e ON e.id = r.entity_id
        WHERE r.run_id = ${q.runId} ${where} ORDER BY r.entity_id LIMIT ${q.limit} OFFSET ${q.offset}`,
  );
}

/** How many entities have each pair of computed grades in two runs (`fromGrade` in `fromRunId`). */
export function gradePairCounts(
  db: DataDoor,
  fromRunId: number,
  toRunId: number,
): { fromGrade: string; toGrade: string; n: number }[] {
  return all(
    db,
    sql`SELECT a.grade AS "fromGrade", b.grade AS "toGrade", count(*) AS n FROM grading_results a
        JOIN grading_results b ON b.run_id = ${toRunId} AND b.entity_id = a.entity_id
        WHERE a.run_id = ${fromRunId} GROUP BY 1, 2`,
  );
}

/** One entity's computed grades in two runs, or undefined unless it is in both. */
export function gradePairOf(
  db: DataDoor,
  fromRunId: number,
  toRunId: number,
  entityId: number,
): { fromGrade: string; toGrade: string } | undefined {
  return get(
    db,
    sql`SELECT a.grade AS "fromGrade", b.grade AS "toGrade" FROM grading_results a
        JOIN grading_results b ON b.run_id = ${toRunId} AND b.entity_id = a.entity_id
        WHERE a.run_id = ${fromRunId} AND a.entity_id = ${entityId}`,
  );
}

export interface ResultPair extends ResultEntity {
  from: StoredResult;
  to: StoredResult;
}

interface PairRow {
  entityId: number;
  name: string;
  uscc: string | null;
  regNo: string | null;
  ga: string;
  gb: string;
  sa: number | null;
  sb: number | null;
  sga: string | null;
  sgb: string | null;
  ba: string;
  bb: string;
}

/**
 * A page of the entities in both runs, in entity id order, whose computed pair of grades is one of
 * `pairs` (and who are not in `adjusted`), or who are listed in `hits` — the caller works out which
 * adjusted entities qualify, since adjustments are few.
 */
export function changedPairsPage(
  db: DataDoor,
  q: {
    fromRunId: number;
    toRunId: number;
    pairs: readonly (readonly [string, string])[];
    adjusted: readonly number[];
    hits: readonly number[];
    offset: number;
    limit: number;
  },
): ResultPair[] {
  const rows = all<PairRow>(
    db,
    sql`SELECT a.entity_id AS "entityId", e.name, e.uscc, e.reg_no AS "regNo", a.grade AS ga, b.grade AS gb,
               a.score AS sa, b.score AS sb, a.score_grade AS sga, b.score_grade AS sgb,
               a.breakdown AS ba, b.breakdown AS bb
        FROM grading_results a
        JOIN grading_results b ON b.run_id = ${q.toRunId} AND b.entity_id = a.entity_id
        JOIN entities e ON e.id = a.entity_id
        WHERE a.run_id = ${q.fromRunId} AND (
          (a.grade <> b.grade
           AND ${gradePairIn(db, q.pairs)}
           AND a.entity_id NOT IN ${idsOf(db, q.adjusted)})
          OR a.entity_id IN ${idsOf(db, q.hits)})
        ORDER BY a.entity_id LIMIT ${q.limit} OFFSET ${q.offset}`,
  );
  return rows.map((r) => ({
    entityId: r.entityId,
    name: r.name,
    uscc: r.uscc,
    regNo: r.regNo,
    from: { score: r.sa, scoreGrade: r.sga, grade: r.ga, breakdown: r.ba },
    to: { score: r.sb, scoreGrade: r.sgb, grade: r.gb, breakdown: r.bb },
  }));
}

/** An entity's result in one run, with the run and the grade in force (after its latest adjustment). */
export interface EntityRunGrade {
  runId: number;
  modelId: string;
  modelVersion: string;
  asOf: string;
  createdAt: string;
  score: number | null;
  grade: string;
  effectiveGrade: string;
}

/** An entity's results in every run, latest as-of first (at most `limit`). */
export function entityRunGrades(db: DataDoor, entityId: number, limit: number): EntityRunGrade[] {
  return all<EntityRunGrade>(
    db,
    sql`SELECT r.run_id AS "runId", g.model_id AS "modelId", g.model_version AS "modelVersion", g.as_of AS "asOf",
               g.created_at AS "createdAt", r.score, r.grade,
               coalesce((SELECT a.to_grade FROM grading_adjustments a
                         WHERE a.run_id = r.run_id AND a.entity_id = r.entity_id ORDER BY a.id DESC LIMIT 1),
                        r.grade) AS "effectiveGrade"
        FROM grading_results r JOIN grading_runs g ON g.id = r.run_id
        WHERE r.entity_id = ${entityId} ORDER BY g.as_of DESC, g.id DESC LIMIT ${limit}`,
  );
}
