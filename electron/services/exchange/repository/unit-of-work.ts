/**
 * The exchange's services run each import, export and undo as one unit of work (a cancel or an error
 * leaves nothing behind; an export reads one consistent snapshot). Services reach it here, not through
 * electron/db, so the engine stays behind the repository.
 */
export { unitOfWork } from '../../../db/sql.ts';
