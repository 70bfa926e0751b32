/**
 * Monitoring warnings (监测预警) for the quarterly report: each warning's generation and the steps that
 * conclude (关闭, 排除) or reopen it, in the order they were taken.
 */
import { all, type DataDoor, dialect, sql, value } from '../../../db/sql.ts';

export const WARNINGS_TABLE = 'monitoring_warnings';

export function warningsTableExists(db: DataDoor): boolean {
  return (
    value<number>(
      db,
      dialect(db, {
        sqlite: sql`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ${WARNINGS_TABLE}`,
        postgres: sql`SELECT count(*) FROM pg_tables
                      WHERE schemaname = current_schema() AND tablename = ${WARNINGS_TABLE}`,
      }),
    ) === 1
  );
}

export interface WarningStep {
  warningId: number;
  step: 'generate' | 'close' | 'dismiss' | 'reopen';
  /** The instant the step was taken (ISO, as the services stamp it). */
  at: string;
}

/** The lifecycle steps that decide received / concluded, per warning in the order taken. */
export function warningLifecycleSteps(db: DataDoor): WarningStep[] {
  return all<WarningStep>(
    db,
    sql`SELECT warning_id AS "warningId", step, at FROM monitoring_warning_steps
        WHERE step IN ('generate', 'close', 'dismiss', 'reopen') ORDER BY warning_id, id`,
  );
}
