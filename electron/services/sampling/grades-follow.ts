/**
 * After a result adds, replaces or removes an `inspection` record, the entities' current grades follow
 * in the same transaction (grading's onRecordsChanged). The grading area is brought to PostgreSQL on its
 * own branch (pg-grading: onRecordsChanged takes a DataDoor there); until that lands, a PostgreSQL
 * database re-grades nothing while it has no complete grading run — exactly what the re-grade itself
 * does then — and refuses, with SqliteOnlyError's clear message, once it has one. At the merge this
 * becomes a plain `onRecordsChanged(db, entityIds, at)`.
 */
import { type DataDoor, isPg, sqliteOnly } from '../../db/sql.ts';
import { onRecordsChanged } from '../grading/records-changed.ts';
import { anyCompleteGradingRun } from './repository/pool.ts';

export function gradesFollowRecords(db: DataDoor, entityIds: Iterable<number>, at: string): void {
  if (isPg(db) && !anyCompleteGradingRun(db)) return;
  onRecordsChanged(sqliteOnly(db, '录入检查结果后更新主体的当前信用等级'), entityIds, at);
}
