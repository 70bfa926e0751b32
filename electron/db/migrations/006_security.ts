import type { Migration } from '../migrate.ts';

/** Security (issue 6): login attempts and lockout, settings for idle lock and backups. */
export const m006Security: Migration = {
  version: 6,
  name: 'security',
  up(_db) {
    // Filled in by its issue; numbered now so the areas cannot collide.
  },
};
