import type { Migration } from '../migrate.ts';

/**
 * A run's breakdown texts (`grading_runs.breakdown_texts`, JSON): each line's indicator, label and
 * dimension and each override's id, action, grade and reason, stored once with the run. The run's results
 * then name them by their place instead of repeating the model's Chinese labels and reasons in every
 * row (breakdown version 3, electron/services/grading/breakdown-texts.ts): at a million results that is
 * about half of the bytes a run writes, and the writing thread was what kept a run over 20 s.
 *
 * NULL for the runs stored before: their results are versions 1 and 2, which carry their texts.
 * Adding a nullable column rewrites nothing, so the migration costs nothing at any size.
 */
export const m014BreakdownTexts: Migration = {
  version: 14,
  name: 'breakdown_texts',
  up(db) {
    db.exec(`
      ALTER TABLE grading_runs ADD COLUMN breakdown_texts TEXT
        CHECK (breakdown_texts IS NULL OR json_valid(breakdown_texts));
    `);
  },
};
