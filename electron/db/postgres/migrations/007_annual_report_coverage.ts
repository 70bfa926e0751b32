import type { PgMigration } from '../migration.ts';

/**
 * The twin of SQLite's 007: which report years of annual reports were loaded, per batch and entity kind.
 * SQLite's 007 also back-fills from records already on file; that step has no twin, because no
 * PostgreSQL database predates version 13 — every one is created by running 001–013 in one go, when
 * records is empty. (A desk moved in brings its own rows of this table.)
 */
export const pg007AnnualReportCoverage: PgMigration = {
  version: 7,
  name: 'annual_report_coverage',
  up(db) {
    db.exec(`
      CREATE TABLE annual_report_coverage (
        batch_id    bigint NOT NULL REFERENCES import_batches(id),
        entity_kind text NOT NULL CHECK (entity_kind IN ('enterprise','cooperative','individual','other')),
        year        bigint NOT NULL CHECK (year BETWEEN 1900 AND 2999),
        PRIMARY KEY (batch_id, entity_kind, year)
      );
    `);
  },
};
