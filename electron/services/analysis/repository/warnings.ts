/**
 * Monitoring warnings (监测预警) for the quarterly report. Their storage is built on its own branch; until
 * its table exists this answers null and the report prints zeros with a note. After the merge, the
 * figures are read here from the table's received / closed dates.
 */
import type { Db } from '../../../db/open.ts';
import { value, sql } from '../../../db/sql.ts';

export const WARNINGS_TABLE = 'monitoring_warnings';

export function warningsTableExists(db: Db): boolean {
  return (
    value<number>(
      db,
      sql`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ${WARNINGS_TABLE}`,
    ) === 1
  );
}
