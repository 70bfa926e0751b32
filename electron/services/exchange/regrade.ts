/**
 * The grading area's hooks an import or an undo calls in its transaction (re-grade the entities it
 * changed; re-summarise runs that lost results). Until the grading area is on PostgreSQL, a PostgreSQL
 * database without any complete run skips them — they do nothing there on either engine — and one with
 * runs refuses the import with a clear message (sqliteOnly) rather than leave grades stale.
 */
import type { DataDoor } from '../../db/sql.ts';
import { onEntitiesDeleted } from '../grading/entities-deleted.ts';
import { onRecordsChanged } from '../grading/records-changed.ts';
import { gradesToFollow, sqliteOnly } from './repository/engine.ts';

const REGRADE = '导入或撤销后更新信用评价';

export function regradeChanged(
  db: DataDoor,
  entityIds: Iterable<number>,
  at: string,
  onProgress?: (done: number, total: number) => void,
): void {
  if (!gradesToFollow(db)) return;
  onRecordsChanged(sqliteOnly(db, REGRADE), entityIds, at, onProgress);
}

export function resummarizeAfterDelete(db: DataDoor): void {
  if (!gradesToFollow(db)) return;
  onEntitiesDeleted(sqliteOnly(db, REGRADE));
}
