import type { Migration } from '../migrate.ts';

/**
 * A grading run reads every entity's records in (entity, date, id) order (issue 18 item 1: a stored run
 * of 1,000,000 entities toward ≤ 20 s). Through `records_entity_date` that was an index range plus a
 * lookup in the wide records table for each of ~6 M records: the table's pages carry the natural key,
 * source, batch and creation time the engine never reads, and the lookups were a third of the read.
 * `records_entity_file` holds exactly what the engine reads (type, date, id, data) in the order it reads
 * it, so the run's record read is one covering index range: measured on the 1 M database, 9.7 s →
 * 6.4 s CPU for the records, an index of 138k pages against 39k + 216k read before.
 *
 * Kept exact by SQLite itself on every insert, update and delete (imports, repairs, undo) — nothing to
 * mark stale or repack. It replaces `records_entity_date`, whose columns are its leading columns (every
 * query that used it can use this one), so an import still maintains the same number of indexes per
 * record; the file grows by the data column once more (~400 MB at 1 M entities, ~15 %).
 */
export const m013RecordsEntityFile: Migration = {
  version: 13,
  name: 'records_entity_file',
  up(db) {
    db.exec(`
      CREATE INDEX records_entity_file ON records(entity_id, date, id, type, data);
      DROP INDEX records_entity_date;
    `);
  },
};
