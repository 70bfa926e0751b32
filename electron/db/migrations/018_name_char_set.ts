import type { Migration } from '../migrate.ts';

/**
 * Version 18 gives the bureau server an index for name fragments of one or two characters (its
 * PostgreSQL twin). The desk has answered those from its single-character index since 002, so on SQLite
 * the version changes nothing: it exists so both engines count their versions alike.
 */
export const m018NameCharSet: Migration = {
  version: 18,
  name: 'name_char_set',
  up() {},
  countsOnly: true,
};
