/**
 * Call inside the transaction that deletes entities (an import undone): their grading results go with
 * them, so the analysis summary of the runs that graded them is counted again.
 */
import type { DataDoor } from '../../db/sql.ts';
import { resummarizeShrunkRuns } from './repository/run-summary.ts';

export function onEntitiesDeleted(db: DataDoor): void {
  resummarizeShrunkRuns(db);
}
