import type { PgMigration } from '../migration.ts';

/**
 * The twin of SQLite's 002, which added entities_chars (single characters as tokens) for fragments of
 * one or two characters. It has no twin: a trigram index cannot serve fragments shorter than three
 * characters, so on PostgreSQL those are a scan of the name column (docs/bureau-server.md, open
 * question). The version is kept so both engines count their migrations alike.
 */
export const pg002NameCharIndex: PgMigration = {
  version: 2,
  name: 'name_char_index',
  up() {},
};
