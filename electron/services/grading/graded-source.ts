/**
 * Where a grading run's graded chunks come from: this thread reading and grading (serialSource), or
 * reader threads grading id ranges in parallel (parallel/parallel-source.ts). The run writes what
 * either yields, in entity id order, in its one transaction.
 */
import type { Evaluator, GradeResult } from '../../../shared/grading/types.ts';
import type { DataDoor } from '../../db/sql.ts';
import { type GradedChunk, gradeInto, newChunk } from './graded-chunk.ts';
import { streamCreditFiles } from './repository/credit-files.ts';
import type { RunSummaryTally } from './run-summary-tally.ts';

export interface GradedSource {
  /**
   * The chunks in entity id order, every graded entity counted in the run's summary by the time the
   * last one is out. `idle` is called at least every 100 ms while the next chunk is not ready, so the
   * run reports progress and sees a cancel while it waits.
   */
  chunks(idle: () => void): Iterable<GradedChunk>;
  /** Stops what still reads (after a cancel or a failure); harmless after the end. */
  close(): void;
}

/** The serial run's chunk: the run checks for a cancel between chunks, as it did every 256 entities. */
const SERIAL_CHUNK = 256;

export function serialSource(
  db: DataDoor,
  evaluate: Evaluator,
  asOf: string,
  summary: RunSummaryTally,
  encode: (r: GradeResult) => string,
): GradedSource {
  return {
    *chunks() {
      let chunk = newChunk(SERIAL_CHUNK);
      for (const f of streamCreditFiles(db)) {
        gradeInto(chunk, f, evaluate, asOf, summary, encode);
        if (chunk.seen === SERIAL_CHUNK) {
          yield chunk;
          chunk = newChunk(SERIAL_CHUNK);
        }
      }
      if (chunk.seen > 0) yield chunk;
    },
    close() {},
  };
}
