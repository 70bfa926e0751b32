/**
 * The grading area's hooks an import or an undo calls in its transaction: re-grade the entities it
 * changed, re-summarise runs that lost results. On either engine; both do nothing until a run exists.
 */
import type { DataDoor } from '../../db/sql.ts';
import { onEntitiesDeleted } from '../grading/entities-deleted.ts';
import { onRecordsChanged } from '../grading/records-changed.ts';

export function regradeChanged(
  db: DataDoor,
  entityIds: Iterable<number>,
  at: string,
  onProgress?: (done: number, total: number) => void,
): void {
  onRecordsChanged(db, entityIds, at, onProgress);
}

export function resummarizeAfterDelete(db: DataDoor): void {
  onEntitiesDeleted(db);
}
