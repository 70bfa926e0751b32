import type { PgMigration } from '../migration.ts';

/**
 * The entity list's exact count when an officer browses (no query, or only punctuation) on the bureau
 * server. PostgreSQL keeps no row count: `count(*)` of 2,000,000 entities reads a whole index, about
 * 180–210 ms, on the list's first screen and on every filter change. This table holds the number of
 * entities per kind, status, township and 管辖单位, so a browse with those filters (a scoped officer's
 * unit among them) sums a few hundred rows instead.
 *
 * The numbers are kept by statement triggers (one row per group a statement touched, from its
 * transition tables), so an import of 100,000 rows adds a few hundred rows here, not 100,000. Rows are
 * only ever inserted by the triggers — never updated — so two officers' transactions never wait for
 * each other on a counter row; the rows a group gathers are summed when read and folded together now
 * and then (electron/services/entities/repository/entity-counts-pg.ts). A count read is exact for its
 * snapshot: the triggers run inside the transaction that changes the entities.
 */
export const pg019EntityCounts: PgMigration = {
  version: 19,
  name: 'entity_counts',
  up(db) {
    db.exec(`
      CREATE TABLE entity_counts (
        kind text NOT NULL,
        status text NOT NULL,
        township text,
        jurisdiction text,
        n bigint NOT NULL
      );
      CREATE INDEX entity_counts_kind ON entity_counts (kind, status);

      CREATE FUNCTION cd_entity_counts_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO entity_counts (kind, status, township, jurisdiction, n)
          SELECT kind, status, township, jurisdiction, count(*) FROM cd_new GROUP BY 1, 2, 3, 4;
        RETURN NULL;
      END $$;
      CREATE FUNCTION cd_entity_counts_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO entity_counts (kind, status, township, jurisdiction, n)
          SELECT kind, status, township, jurisdiction, -count(*) FROM cd_old GROUP BY 1, 2, 3, 4;
        RETURN NULL;
      END $$;
      -- Most updates change none of the four columns: their groups cancel out and nothing is written.
      CREATE FUNCTION cd_entity_counts_updated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO entity_counts (kind, status, township, jurisdiction, n)
          SELECT kind, status, township, jurisdiction, sum(d) FROM (
            SELECT kind, status, township, jurisdiction, 1 AS d FROM cd_new
            UNION ALL
            SELECT kind, status, township, jurisdiction, -1 FROM cd_old
          ) AS changed GROUP BY 1, 2, 3, 4 HAVING sum(d) <> 0;
        RETURN NULL;
      END $$;
      -- TRUNCATE skips row and transition triggers: the counts are emptied with the table.
      CREATE FUNCTION cd_entity_counts_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM entity_counts;
        RETURN NULL;
      END $$;

      CREATE TRIGGER entities_count_insert AFTER INSERT ON entities
        REFERENCING NEW TABLE AS cd_new FOR EACH STATEMENT EXECUTE FUNCTION cd_entity_counts_inserted();
      CREATE TRIGGER entities_count_delete AFTER DELETE ON entities
        REFERENCING OLD TABLE AS cd_old FOR EACH STATEMENT EXECUTE FUNCTION cd_entity_counts_deleted();
      CREATE TRIGGER entities_count_update AFTER UPDATE ON entities
        REFERENCING OLD TABLE AS cd_old NEW TABLE AS cd_new
        FOR EACH STATEMENT EXECUTE FUNCTION cd_entity_counts_updated();
      CREATE TRIGGER entities_count_truncate AFTER TRUNCATE ON entities
        FOR EACH STATEMENT EXECUTE FUNCTION cd_entity_counts_truncated();

      INSERT INTO entity_counts (kind, status, township, jurisdiction, n)
        SELECT kind, status, township, jurisdiction, count(*) FROM entities GROUP BY 1, 2, 3, 4;
    `);
  },
};
