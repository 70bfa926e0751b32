import type { PgMigration } from '../migration.ts';

/**
 * Name fragments of one or two characters on the bureau server. The trigram index (001) needs three
 * characters, so a fragment such as 「餐」 or 「超市」 read every name: 1–2 s at 200,000 entities, against
 * ≤ 100 ms on the desk (its single-character index, SQLite's 002). This GIN index holds each name's set
 * of distinct characters; a search asks for the names holding all of the fragment's characters
 * (`@>`), which the index answers, and checks their order and adjacency on those names alone
 * (electron/services/entities/repository/search.ts). Measured at 100,000 entities: 148 → 40 ms for one
 * character, 274 → 10 ms for two.
 *
 * The function splits by character, with no class test that would depend on the database's locale, so
 * IMMUTABLE holds; punctuation and spaces are in the set too, which only makes it larger.
 */
export const pg018NameCharSet: PgMigration = {
  version: 18,
  name: 'name_char_set',
  up(db) {
    db.exec(`
      CREATE FUNCTION cd_name_char_set(name text) RETURNS text[]
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        AS $$ SELECT ARRAY(SELECT DISTINCT c FROM regexp_split_to_table(name, '') AS c) $$;
      CREATE INDEX entities_name_char_set ON entities USING gin (cd_name_char_set(name));
    `);
  },
};
