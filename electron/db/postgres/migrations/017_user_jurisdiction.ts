import type { PgMigration } from '../migration.ts';

/** The twin of SQLite's 017: a user's 管辖单位 (NULL: the whole county) and the index a scoped list uses. */
export const pg017UserJurisdiction: PgMigration = {
  version: 17,
  name: 'user_jurisdiction',
  up(db) {
    db.exec(`
      ALTER TABLE users ADD COLUMN jurisdiction text
        CHECK (jurisdiction IS NULL OR char_length(jurisdiction) BETWEEN 1 AND 60);
      CREATE INDEX entities_jurisdiction ON entities(jurisdiction);
    `);
  },
};
