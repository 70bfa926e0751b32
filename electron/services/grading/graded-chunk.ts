/**
 * A run's graded entities in compact columns: what a reader (this thread, or a worker of the parallel
 * run) hands to the one thread that writes them. Columns rather than one object per entity, because a
 * worker's chunk is copied between threads and typed arrays and string arrays copy cheaply. The serial
 * and the parallel run grade through the same gradeInto, so both store identical rows.
 */
import type { Evaluator, GradeResult } from '../../../shared/grading/types.ts';
import type { StreamedFile } from './repository/credit-files.ts';
import type { RunSummaryTally } from './run-summary-tally.ts';

export interface GradedChunk {
  /** Entities read, graded or not (for progress and the skipped count). */
  seen: number;
  /** How many rows the columns hold (the typed arrays may be longer). */
  rows: number;
  entityIds: Float64Array;
  /** NaN where the score is null. */
  scores: Float64Array;
  scoreGrades: (string | null)[];
  grades: string[];
  /** Encoded as stored (breakdown-texts.ts). */
  breakdowns: string[];
}

export function newChunk(capacity: number): GradedChunk {
  return {
    seen: 0,
    rows: 0,
    entityIds: new Float64Array(capacity),
    scores: new Float64Array(capacity),
    scoreGrades: [],
    grades: [],
    breakdowns: [],
  };
}

/** Grades one credit file into `chunk` (when it is graded at all) and counts it in the run's summary. */
export function gradeInto(
  chunk: GradedChunk,
  { file, cell }: StreamedFile,
  evaluate: Evaluator,
  asOf: string,
  summary: RunSummaryTally,
  /** The run's breakdown encoder (every thread of a run builds the same one from its model). */
  encode: (r: GradeResult) => string,
): void {
  chunk.seen++;
  const r = evaluate(file, asOf);
  if (r.grade === null) return;
  const i = chunk.rows++;
  if (i === chunk.entityIds.length) grow(chunk);
  chunk.entityIds[i] = file.entityId;
  chunk.scores[i] = r.score ?? Number.NaN;
  chunk.scoreGrades.push(r.scoreGrade);
  chunk.grades.push(r.grade);
  chunk.breakdowns.push(encode(r));
  summary.add(cell, file.entity.kind, r.grade);
}

/** Room for more rows than first planned (a block of ids denser than the average). */
function grow(chunk: GradedChunk): void {
  const size = Math.max(16, chunk.entityIds.length * 2);
  const ids = new Float64Array(size);
  ids.set(chunk.entityIds);
  const scores = new Float64Array(size);
  scores.set(chunk.scores);
  chunk.entityIds = ids;
  chunk.scores = scores;
}

/** The chunk's typed arrays cut to its rows, so a copy to another thread carries no spare capacity. */
export function trimmed(chunk: GradedChunk): GradedChunk {
  return {
    ...chunk,
    entityIds: chunk.entityIds.slice(0, chunk.rows),
    scores: chunk.scores.slice(0, chunk.rows),
  };
}
