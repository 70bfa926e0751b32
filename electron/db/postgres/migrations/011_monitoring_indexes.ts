import type { PgMigration } from '../migration.ts';

/**
 * The twin of SQLite's 011: partial indexes for the monitoring probes. SQLite's
 * `json_extract(data, '$.year')` is `(data::jsonb -> 'year')` here — jsonb, not `->>` and a cast, so a
 * record whose year is not a number can never make an insert fail on the index expression. Queries
 * must spell the expression the same way for the planner to use the index.
 */
export const pg011MonitoringIndexes: PgMigration = {
  version: 11,
  name: 'monitoring_indexes',
  up(db) {
    db.exec(`
      CREATE INDEX records_annual_report_year
        ON records(entity_id, (data::jsonb -> 'year'), date) WHERE type = 'annual_report';
      CREATE INDEX records_listing
        ON records(entity_id, type, date, (data::jsonb -> 'removedOn'))
        WHERE type IN ('abnormal_list', 'serious_violation_list');
    `);
  },
};
