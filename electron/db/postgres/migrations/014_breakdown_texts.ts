import type { PgMigration } from '../migration.ts';

/** The twin of SQLite's 014: a run's breakdown texts, stored once with the run (NULL for older runs). */
export const pg014BreakdownTexts: PgMigration = {
  version: 14,
  name: 'breakdown_texts',
  up(db) {
    db.exec(`
      ALTER TABLE grading_runs ADD COLUMN breakdown_texts text
        CHECK (breakdown_texts IS NULL OR cd_json_valid(breakdown_texts));
    `);
  },
};
