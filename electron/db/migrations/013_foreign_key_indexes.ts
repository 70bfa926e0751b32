import type { Migration } from '../migrate.ts';

/**
 * Indexes for two foreign keys that had none on the referring side. SQLite checks a foreign key on
 * every delete of the parent row by looking for children, and without an index that is a scan of
 * the whole child table per deleted row:
 *
 * - `inspection_results.entity_id` → entities: undoing an import deletes its entities, one scan of
 *   every inspection result ever entered per entity (20,000 entities against 5,000 results: 4.7 s
 *   instead of 14 ms, and it grows with both);
 * - `repair_applications.record_id` → records (ON DELETE SET NULL): the same for every record an undo
 *   or an entity deletion removes.
 *
 * Both tables are small beside entities and records, so the indexes cost little to keep.
 */
export const m013ForeignKeyIndexes: Migration = {
  version: 13,
  name: 'foreign_key_indexes',
  up(db) {
    db.exec(`
      CREATE INDEX inspection_results_entity ON inspection_results(entity_id);
      CREATE INDEX repair_applications_record ON repair_applications(record_id);
    `);
  },
};
