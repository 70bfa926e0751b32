import type { Migration } from '../migrate.ts';

/** Double-random inspections (issue 5): items, inspectors, conflicts, ratio profiles, holidays, tasks, plans. */
export const m005Sampling: Migration = {
  version: 5,
  name: 'sampling',
  up(_db) {
    // Filled in by its issue; numbered now so the areas cannot collide.
  },
};
