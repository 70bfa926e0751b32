import { ROW_VERSIONED_TABLES } from '../../migrations/016_row_versions.ts';
import type { PgMigration } from '../migration.ts';

/** The twin of SQLite's 016: a version per edited row (a constant default: no table rewrite). */
export const pg016RowVersions: PgMigration = {
  version: 16,
  name: 'row_versions',
  up(db) {
    db.exec(
      ROW_VERSIONED_TABLES.map(
        (t) => `ALTER TABLE ${t} ADD COLUMN row_version bigint NOT NULL DEFAULT 1 CHECK (row_version >= 1);`,
      ).join('\n'),
    );
  },
};
