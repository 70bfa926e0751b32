import type { Migration } from '../migrate.ts';

/**
 * 管辖单位 of a user (issue 17 item 3): an officer of one 市场监管所 reads only the entities of that unit
 * (the entity list and its count, the credit file, the name-list export). NULL is the whole county, as
 * every user had before, so existing users keep seeing everything; administrators are never scoped
 * whatever the column holds (users/entity-scope.ts).
 *
 * The index on entities.jurisdiction serves a scoped officer's list: the exact count of the unit's
 * entities when browsing, the page in id order (SQLite's index entries are ordered by rowid within one
 * unit), and the distinct units an administrator picks from. Without it both counts read every entity.
 */
export const m017UserJurisdiction: Migration = {
  version: 17,
  name: 'user_jurisdiction',
  up(db) {
    db.exec(`
      ALTER TABLE users ADD COLUMN jurisdiction TEXT
        CHECK (jurisdiction IS NULL OR length(jurisdiction) BETWEEN 1 AND 60);
      CREATE INDEX entities_jurisdiction ON entities(jurisdiction);
    `);
  },
};
