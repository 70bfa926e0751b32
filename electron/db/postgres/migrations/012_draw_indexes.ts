import type { PgMigration } from '../migration.ts';

/** The twin of SQLite's 012: covering indexes for the draw's pool read (same columns, same order). */
export const pg012DrawIndexes: PgMigration = {
  version: 12,
  name: 'draw_indexes',
  up(db) {
    db.exec(`
      CREATE INDEX entities_pool ON entities(id, kind, status, uscc, reg_no);
      CREATE INDEX grading_results_grade ON grading_results(run_id, entity_id, grade);
    `);
  },
};
