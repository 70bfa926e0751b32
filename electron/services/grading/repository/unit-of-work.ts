/**
 * The grading services open their transactions here, not from electron/db/sql.ts: services reach the
 * database only through their repository (docs/data-door.md), so an engine twin replaces this folder.
 */
export { unitOfWork, unitOfWorkOwnReferences } from '../../../db/sql.ts';
