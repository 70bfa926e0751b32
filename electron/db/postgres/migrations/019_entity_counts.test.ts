import { afterAll, beforeAll, expect, it } from 'vitest';
import { describePg, type PgCluster, startPgCluster } from '../../../../test/helpers/pg-cluster.ts';
import { migratePg, schemaVersion } from '../migrate.ts';
import { openSyncConnection, type SyncConnection } from '../sync-connection.ts';
import { PG_MIGRATIONS } from './index.ts';

describePg('PostgreSQL migration 019_entity_counts', () => {
  let cluster: PgCluster;
  let db: SyncConnection;
  beforeAll(async () => {
    cluster = await startPgCluster();
    db = openSyncConnection(cluster.url);
  }, 60_000);
  afterAll(() => {
    db?.close();
    cluster?.stop();
  }, 60_000);

  /** What the kept counts say, group by group, against a count of the table itself. */
  const kept = () =>
    db.query<{ g: string; n: number }>(
      `SELECT concat_ws('/', kind, status, township, jurisdiction) AS g, sum(n)::bigint AS n
       FROM entity_counts GROUP BY 1 HAVING sum(n) <> 0 ORDER BY 1`,
    );
  const counted = () =>
    db.query<{ g: string; n: number }>(
      `SELECT concat_ws('/', kind, status, township, jurisdiction) AS g, count(*) AS n
       FROM entities GROUP BY 1 ORDER BY 1`,
    );
  const insert = (from: number, to: number, township: string | null) =>
    db.run(
      `INSERT INTO entities (uscc, name, kind, status, township, jurisdiction, created_at, updated_at)
       SELECT 'U' || i, '店' || i, CASE WHEN i % 3 = 0 THEN 'enterprise' ELSE 'individual' END,
              'active', $3, CASE WHEN i % 2 = 0 THEN '东城市场监管所' END, 'x', 'x'
       FROM generate_series($1::int, $2::int) AS i`,
      [from, to, township],
    );

  it('counts the entities already stored, then keeps every group exact through inserts, updates, deletes and TRUNCATE', () => {
    migratePg(
      db,
      PG_MIGRATIONS.filter((m) => m.version < 19),
    );
    insert(1, 300, '东城街道');
    migratePg(
      db,
      PG_MIGRATIONS.filter((m) => m.version <= 19),
    );
    expect(schemaVersion(db)).toBe(19);
    expect(kept()).toEqual(counted());
    expect(kept().reduce((s, r) => s + r.n, 0)).toBe(300);

    insert(301, 450, null);
    // A status change moves rows between groups; an update of other columns writes nothing.
    db.run(`UPDATE entities SET status = 'cancelled' WHERE id % 5 = 0`, []);
    const rows = db.query<{ n: number }>(`SELECT count(*) AS n FROM entity_counts`)[0]!.n;
    db.run(`UPDATE entities SET updated_at = 'y'`, []);
    expect(db.query<{ n: number }>(`SELECT count(*) AS n FROM entity_counts`)[0]!.n).toBe(rows);
    db.run(`UPDATE entities SET township = '河口镇', jurisdiction = NULL WHERE id BETWEEN 10 AND 40`, []);
    db.run(`DELETE FROM entities WHERE id % 7 = 0`, []);
    // An upsert that inserts some rows and updates others.
    db.run(
      `INSERT INTO entities (uscc, name, kind, status, created_at, updated_at)
       VALUES ('U1', '店', 'individual', 'revoked', 'x', 'x'), ('U9999', '新店', 'other', 'active', 'x', 'x')
       ON CONFLICT (uscc) DO UPDATE SET status = excluded.status`,
      [],
    );
    expect(kept()).toEqual(counted());

    // A transaction rolled back leaves no trace in the counts either.
    expect(() =>
      db.transaction(() => {
        insert(5000, 5100, '东城街道');
        throw new Error('rolled back');
      }),
    ).toThrow('rolled back');
    expect(kept()).toEqual(counted());

    db.run(`TRUNCATE entities CASCADE`, []);
    expect(db.query(`SELECT * FROM entity_counts`)).toEqual([]);
    insert(1, 10, '东城街道');
    expect(kept()).toEqual(counted());
  });
});
