import type { DataDoor } from '../../db/sql.ts';
import { regradeEntities } from './current-grades.ts';

/**
 * Every service that adds, changes or removes credit records calls this inside the same transaction, so
 * the entities' current grades follow their records (issue 3 item 5: re-grade one entity ≤ 10 ms).
 * Re-grades each entity with every model that has been run (see current-grades.ts for the rules); it
 * does nothing until a first grading run exists.
 */
export function onRecordsChanged(
  db: DataDoor,
  entityIds: Iterable<number>,
  at: string,
  /** Told the entities re-graded so far every ~200 ms (an import re-grades tens of thousands). */
  onProgress?: (done: number, total: number) => void,
): void {
  regradeEntities(db, entityIds, at, onProgress);
}
