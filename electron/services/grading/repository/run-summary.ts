/**
 * The per-run class counts the analysis views read (table grading_run_summary, migration 010): written
 * when a run completes and moved by one entity when an adjustment changes its class, both inside the
 * caller's transaction, so the summary never disagrees with the results it sums.
 */
import type { EntityKind } from '../../../../shared/domain/entity.ts';
import { sectionOf } from '../../../../shared/domain/industry-sections.ts';
import { all, bulk, column, type DataDoor, get, isPg, type PgDb, run, sql } from '../../../db/sql.ts';
import type { SummaryCell } from './credit-files.ts';

/**
 * Counts the run's results by the entity's township, 管辖单位, section and kind and the grade in force
 * (carried adjustments included, so call it after they are written). One set-based pass.
 */
export function writeRunSummary(db: DataDoor, runId: number): void {
  if (isPg(db)) {
    writeRunSummaryPg(db, runId);
    return;
  }
  run(
    db,
    sql`WITH adj AS (
          SELECT entity_id, to_grade FROM grading_adjustments
          WHERE id IN (SELECT max(id) FROM grading_adjustments WHERE run_id = ${runId} GROUP BY entity_id))
        INSERT INTO grading_run_summary (run_id, township, jurisdiction, section, kind, grade, entities)
        SELECT ${runId}, township, jurisdiction, cd_industry_section(code), kind, grade, sum(n)
        FROM (SELECT coalesce(e.township, '') AS township, coalesce(e.jurisdiction, '') AS jurisdiction,
                     e.industry_code AS code, e.kind, coalesce(adj.to_grade, r.grade) AS grade, count(*) AS n
              FROM grading_results r JOIN entities e ON e.id = r.entity_id
              LEFT JOIN adj ON adj.entity_id = r.entity_id
              WHERE r.run_id = ${runId}
              GROUP BY 1, 2, 3, 4, 5)
        -- The section is worked out once per distinct code and cell, not once per entity.
        GROUP BY 2, 3, 4, 5, 6`,
  );
}

/**
 * writeRunSummary on PostgreSQL, which has no cd_industry_section (a JavaScript function registered on
 * the desk's connection): the counts come grouped by industry code, and each code's section is worked
 * out here by the same sectionOf, so both engines file an entity under the same section.
 */
function writeRunSummaryPg(db: PgDb, runId: number): void {
  const groups = all<Omit<SummaryRow, 'section'> & { code: string | null }>(
    db,
    sql`WITH adj AS (
          SELECT entity_id, to_grade FROM grading_adjustments
          WHERE id IN (SELECT max(id) FROM grading_adjustments WHERE run_id = ${runId} GROUP BY entity_id))
        SELECT coalesce(e.township, '') AS township, coalesce(e.jurisdiction, '') AS jurisdiction,
               e.industry_code AS code, e.kind, coalesce(adj.to_grade, r.grade) AS grade, count(*) AS entities
        FROM grading_results r JOIN entities e ON e.id = r.entity_id
        LEFT JOIN adj ON adj.entity_id = r.entity_id
        WHERE r.run_id = ${runId}
        GROUP BY 1, 2, 3, 4, 5`,
  );
  const cells = new Map<string, SummaryRow>();
  for (const g of groups) {
    const section = sectionOf(g.code);
    const key = JSON.stringify([g.township, g.jurisdiction, section, g.kind, g.grade]);
    const cell = cells.get(key);
    if (cell) cell.entities += g.entities;
    else cells.set(key, { ...g, section, entities: g.entities });
  }
  insertRunSummaryPg(db, runId, [...cells.values()]);
}

/** Summary rows per statement on PostgreSQL (one JSON parameter each). */
const PG_SUMMARY_BATCH = 5000;

function insertRunSummaryPg(db: PgDb, runId: number, rows: readonly SummaryRow[]): void {
  for (let i = 0; i < rows.length; i += PG_SUMMARY_BATCH) {
    const batch = rows
      .slice(i, i + PG_SUMMARY_BATCH)
      .map(({ township, jurisdiction, section, kind, grade, entities }) => ({
        township,
        jurisdiction,
        section,
        kind,
        grade,
        entities,
      }));
    run(
      db,
      sql`INSERT INTO grading_run_summary (run_id, township, jurisdiction, section, kind, grade, entities)
          SELECT CAST(${runId} AS bigint), x.township, x.jurisdiction, x.section, x.kind, x.grade, x.entities
          FROM json_to_recordset(CAST(${JSON.stringify(batch)} AS json))
            AS x(township text, jurisdiction text, section text, kind text, grade text, entities bigint)`,
    );
  }
}

/** One row of grading_run_summary, as a run that counted its own summary writes it. */
export interface SummaryRow {
  township: string;
  jurisdiction: string;
  section: string;
  kind: EntityKind;
  grade: string;
  entities: number;
}

/** Writes the summary a run counted as it graded (the same rows writeRunSummary would work out). */
export function insertRunSummary(db: DataDoor, runId: number, rows: readonly SummaryRow[]): void {
  if (isPg(db)) {
    insertRunSummaryPg(db, runId, rows);
    return;
  }
  const insert = bulk<{
    run: number;
    township: string;
    jurisdiction: string;
    section: string;
    kind: string;
    grade: string;
    n: number;
  }>(
    db,
    `INSERT INTO grading_run_summary (run_id, township, jurisdiction, section, kind, grade, entities)
     VALUES (@run, @township, @jurisdiction, @section, @kind, @grade, @n)`,
  );
  for (const r of rows) {
    insert.run({
      run: runId,
      township: r.township,
      jurisdiction: r.jurisdiction,
      section: r.section,
      kind: r.kind,
      grade: r.grade,
      n: r.entities,
    });
  }
}

/**
 * The run's results whose class in force is not their computed grade (latest adjustment, carried ones
 * included), with the entity's summary cell: what a summary counted by computed grade must move.
 */
export function adjustedResultCells(
  db: DataDoor,
  runId: number,
): (SummaryCell & { kind: EntityKind; computed: string; toGrade: string })[] {
  return all(
    db,
    sql`SELECT coalesce(e.township, '') AS township, coalesce(e.jurisdiction, '') AS jurisdiction,
               e.industry_code AS "industryCode", e.kind, r.grade AS computed, a.to_grade AS "toGrade"
        FROM grading_adjustments a
        JOIN grading_results r ON r.run_id = a.run_id AND r.entity_id = a.entity_id
        JOIN entities e ON e.id = a.entity_id
        WHERE a.run_id = ${runId} AND a.to_grade <> r.grade
          AND a.id = (SELECT max(y.id) FROM grading_adjustments y
                      WHERE y.run_id = a.run_id AND y.entity_id = a.entity_id)`,
  );
}

/** The run's grade in force for one entity (latest adjustment, else computed); undefined when not graded. */
function gradeInForce(db: DataDoor, runId: number, entityId: number): string | undefined {
  return get<{ grade: string }>(
    db,
    sql`SELECT coalesce((SELECT to_grade FROM grading_adjustments
                         WHERE run_id = ${runId} AND entity_id = ${entityId} ORDER BY id DESC LIMIT 1),
                        r.grade) AS grade
        FROM grading_results r WHERE r.run_id = ${runId} AND r.entity_id = ${entityId}`,
  )?.grade;
}

function addToCell(db: DataDoor, runId: number, entityId: number, grade: string, delta: number): void {
  if (isPg(db)) {
    addToCellPg(db, runId, entityId, grade, delta);
    return;
  }
  run(
    db,
    sql`INSERT INTO grading_run_summary (run_id, township, jurisdiction, section, kind, grade, entities)
        SELECT ${runId}, coalesce(township, ''), coalesce(jurisdiction, ''), cd_industry_section(industry_code),
               kind, ${grade}, ${delta}
        FROM entities WHERE id = ${entityId}
        ON CONFLICT (run_id, township, jurisdiction, section, kind, grade)
        DO UPDATE SET entities = entities + excluded.entities`,
  );
}

/** addToCell on PostgreSQL: the entity's section worked out here (see writeRunSummaryPg). */
function addToCellPg(db: PgDb, runId: number, entityId: number, grade: string, delta: number): void {
  const e = get<{ township: string; jurisdiction: string; code: string | null; kind: string }>(
    db,
    sql`SELECT coalesce(township, '') AS township, coalesce(jurisdiction, '') AS jurisdiction,
               industry_code AS code, kind
        FROM entities WHERE id = ${entityId}`,
  );
  if (!e) return;
  run(
    db,
    sql`INSERT INTO grading_run_summary (run_id, township, jurisdiction, section, kind, grade, entities)
        VALUES (${runId}, ${e.township}, ${e.jurisdiction}, ${sectionOf(e.code)}, ${e.kind}, ${grade}, ${delta})
        ON CONFLICT (run_id, township, jurisdiction, section, kind, grade)
        DO UPDATE SET entities = grading_run_summary.entities + excluded.entities`,
  );
}

/**
 * Moves one entity of the run to `toGrade` (−1 in its class in force, +1 in the new one). Call it before
 * the adjustment is inserted: it reads the class in force to know where the entity was counted. The cell
 * is the entity's as stored now; should it have moved township since the run, the class totals stay exact.
 */
export function moveSummaryClass(db: DataDoor, runId: number, entityId: number, toGrade: string): void {
  const from = gradeInForce(db, runId, entityId);
  if (from === undefined || from === toGrade) return;
  addToCell(db, runId, entityId, from, -1);
  addToCell(db, runId, entityId, toGrade, 1);
  run(db, sql`DELETE FROM grading_run_summary WHERE run_id = ${runId} AND entities = 0`);
}

/**
 * Rewrites the summary of every complete run that counts more entities than it has results: deleting
 * entities (an import undone) takes their results with it, and their cells cannot be found afterwards.
 * Returns the runs rewritten.
 */
export function resummarizeShrunkRuns(db: DataDoor): number[] {
  const runs = column<number>(
    db,
    sql`SELECT g.id FROM grading_runs g
        WHERE g.status = 'complete'
          AND coalesce((SELECT sum(entities) FROM grading_run_summary s WHERE s.run_id = g.id), 0)
              <> (SELECT count(*) FROM grading_results r WHERE r.run_id = g.id)`,
  );
  for (const runId of runs) {
    run(db, sql`DELETE FROM grading_run_summary WHERE run_id = ${runId}`);
    writeRunSummary(db, runId);
  }
  return runs;
}
