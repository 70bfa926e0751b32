/**
 * Inserts a run's results in batches: one multi-row INSERT of BATCH rows instead of BATCH single-row
 * statements saves the per-call binding overhead (≈ 15–20 % of the insert time over a million rows).
 * Rows arrive in entity id order, which is the primary key order of grading_results for one run, so
 * every insert appends to the table's B-tree. The statement is prepared once per writer.
 */
import type Database from 'better-sqlite3-multiple-ciphers';
import type { Db } from '../../db/open.ts';

const COLUMNS =
  'INSERT INTO grading_results (run_id, entity_id, score, score_grade, grade, breakdown) VALUES ';
const ROW = '(?, ?, ?, ?, ?, ?)';
/** 64 rows × 6 parameters stays far below SQLite's parameter limit (32,766). */
const BATCH = 64;

export interface ResultRow {
  entityId: number;
  score: number | null;
  scoreGrade: string | null;
  grade: string;
  breakdown: string;
}

export class ResultWriter {
  private readonly one: Database.Statement;
  private readonly many: Database.Statement;
  private readonly runId: number;
  private readonly params: unknown[] = [];
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

  /** Writes the rows still buffered; call before anything reads grading_results of this run. */
  flush(): void {
    for (let i = 0; i < this.params.length; i += 6) this.one.run(this.params.slice(i, i + 6));
    this.params.length = 0;
    this.pending = 0;
  }
}
