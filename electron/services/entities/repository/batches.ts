/**
 * The batch that rows written together carry in their batch_id column (a demo county here; imports
 * write theirs in the exchange area), with its counts once it is complete.
 */
import type { Db } from '../../../db/open.ts';
import { run, sql, unitOfWork } from '../../../db/sql.ts';

/**
 * Runs `write` in one unit of work with a new demo batch: the demo either appears whole or not at all.
 * `write` must be synchronous (see unitOfWork).
 */
export function inDemoBatch<T>(db: Db, actor: string, at: string, write: (batchId: number) => T): T {
  return unitOfWork(db, () => {
    const batchId = run(
      db,
      sql`INSERT INTO import_batches (kind, source, file_name, created_at, created_by)
          VALUES ('demo', 'demo', NULL, ${at}, ${actor})`,
    ).newId;
    return write(batchId);
  });
}

export function setBatchCounts(db: Db, batchId: number, counts: object): void {
  run(db, sql`UPDATE import_batches SET counts = ${JSON.stringify(counts)} WHERE id = ${batchId}`);
}
