/**
 * The grading services open their transactions here, not from electron/db/sql.ts: services reach the
 * database only through their repository (docs/data-door.md), so an engine twin replaces this folder.
 */
import type { Db } from '../../../db/open.ts';
import { type DataDoor, isPg } from '../../../db/sql.ts';

export { unitOfWork, unitOfWorkOwnReferences } from '../../../db/sql.ts';

/**
 * The desk's SQLite connection, for the paths that open connections of their own beside it (the run's
 * reader threads); null on PostgreSQL, where the run takes its serial path instead.
 */
export function desktopConnection(db: DataDoor): Db | null {
  return isPg(db) ? null : db;
}
