import type { Migration } from '../migrate.ts';

/**
 * Version 19 gives the bureau server a table of entity counts for browsing the list (its PostgreSQL
 * twin): PostgreSQL keeps no row count. SQLite counts the list from its smallest index, so on the desk
 * the version changes nothing: it exists so both engines count their versions alike.
 */
export const m019EntityCounts: Migration = {
  version: 19,
  name: 'entity_counts',
  up() {},
  countsOnly: true,
};
