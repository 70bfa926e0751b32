import type { PgMigration } from '../migration.ts';

/**
 * The twin of SQLite's 020, a narrow index the desk counts its entities through. The server counts
 * browsing from the kept counts of its 019 instead, so here the version only counts.
 */
export const pg020EntityCountIndex: PgMigration = {
  version: 20,
  name: 'entity_count_index',
  up() {},
};
