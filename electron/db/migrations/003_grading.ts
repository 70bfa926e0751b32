import type { Migration } from '../migrate.ts';

/** Grading (issue 3): runs, per-entity results, manual adjustments, imported models. */
export const m003Grading: Migration = {
  version: 3,
  name: 'grading',
  up(_db) {
    // Filled in by its issue; numbered now so the areas cannot collide.
  },
};
