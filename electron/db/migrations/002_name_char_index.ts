import type { Migration } from '../migrate.ts';

/**
 * Trigram search (001) needs three characters; shorter fragments fell back to a LIKE scan that took
 * 1.9 s at a million entities. This contentless index holds each name as single-character tokens
 * (cd_name_chars), so a fragment of any length is a phrase query on an index.
 */
export const m002NameCharIndex: Migration = {
  version: 2,
  name: 'name_char_index',
  up(db) {
    db.exec(`
      CREATE VIRTUAL TABLE entities_chars USING fts5(
        chars, content='', contentless_delete=1, tokenize='unicode61'
      );
      INSERT INTO entities_chars(rowid, chars) SELECT id, cd_name_chars(name) FROM entities;
      CREATE TRIGGER entities_chars_ai AFTER INSERT ON entities BEGIN
        INSERT INTO entities_chars(rowid, chars) VALUES (new.id, cd_name_chars(new.name));
      END;
      CREATE TRIGGER entities_chars_ad AFTER DELETE ON entities BEGIN
        DELETE FROM entities_chars WHERE rowid = old.id;
      END;
      CREATE TRIGGER entities_chars_au AFTER UPDATE OF name ON entities BEGIN
        DELETE FROM entities_chars WHERE rowid = old.id;
        INSERT INTO entities_chars(rowid, chars) VALUES (new.id, cd_name_chars(new.name));
      END;
    `);
  },
};
