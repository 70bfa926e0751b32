import type { Migration } from '../migrate.ts';

/**
 * Covering indexes for the draw's pool read (issue 18 item 4: a draw from 1,000,000 entities in ≤ 5 s).
 * The pool query reads five narrow columns per entity, but it had to walk the whole `entities` table
 * (≈ 300 bytes a row: names, addresses, tags) and every result row of the run in `grading_results`
 * (each carries its breakdown, so a few rows fill a page): at 1 M entities about 550 MB of pages to
 * decrypt for 30 MB of data, 10 s before the draw could start. Both indexes hold exactly what the draw
 * reads, in the order it reads it, so the pool is two sequential scans of about 60 MB:
 *
 * - `entities_pool`: id first, so its entries are in the same order as the table and a new entity
 *   (the next id) appends to it, as it does to the table;
 * - `grading_results_grade`: a run's grades in entity order. SQLite does not pick it by itself (to the
 *   planner the primary key of a WITHOUT ROWID table looks as cheap), so the query names it.
 */
export const m012DrawIndexes: Migration = {
  version: 12,
  name: 'draw_indexes',
  up(db) {
    db.exec(`
      CREATE INDEX entities_pool ON entities(id, kind, status, uscc, reg_no);
      CREATE INDEX grading_results_grade ON grading_results(run_id, entity_id, grade);
    `);
  },
};
