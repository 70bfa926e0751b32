import type { PgMigration } from '../migration.ts';

/**
 * The twin of SQLite's 010: per-run class counts for the analysis views. SQLite's 010 also back-fills
 * the runs completed before it; that step has no twin, because no PostgreSQL database predates version
 * 13 (every one runs 001–013 in one go, on empty tables). 010 creates a table, not a view: there are no
 * SQL views in the schema to mirror.
 */
export const pg010Analysis: PgMigration = {
  version: 10,
  name: 'analysis',
  up(db) {
    db.exec(`
      CREATE TABLE grading_run_summary (
        run_id       bigint NOT NULL REFERENCES grading_runs(id) ON DELETE CASCADE,
        township     text NOT NULL,
        jurisdiction text NOT NULL,
        section      text NOT NULL,
        kind         text NOT NULL,
        grade        text NOT NULL,
        entities     bigint NOT NULL,
        PRIMARY KEY (run_id, township, jurisdiction, section, kind, grade)
      );
    `);
  },
};
