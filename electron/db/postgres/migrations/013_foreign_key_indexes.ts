import type { PgMigration } from '../migration.ts';

/** The twin of SQLite's 013: indexes on two referring columns a parent's delete looks up. */
export const pg013ForeignKeyIndexes: PgMigration = {
  version: 13,
  name: 'foreign_key_indexes',
  up(db) {
    db.exec(`
      CREATE INDEX inspection_results_entity ON inspection_results(entity_id);
      CREATE INDEX repair_applications_record ON repair_applications(record_id);
    `);
  },
};
