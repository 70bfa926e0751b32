import type { Migration } from '../migrate.ts';

/** Excel exchange (issue 4): remembered column mappings, batch undo data. */
export const m004Exchange: Migration = {
  version: 4,
  name: 'exchange',
  up(_db) {
    // Filled in by its issue; numbered now so the areas cannot collide.
  },
};
