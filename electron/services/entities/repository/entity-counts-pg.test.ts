import { afterAll, beforeAll, expect, it } from 'vitest';
import { describePg, type PgCluster, startPgCluster } from '../../../../test/helpers/pg-cluster.ts';
import { openAndMigratePg, type PgDatabase } from '../../../db/postgres/pg-db.ts';
import { run, sql, unitOfWork, value } from '../../../db/sql.ts';
import { type CountedFilter, countEntitiesPg, foldEntityCounts } from './entity-counts-pg.ts';

describePg('entity counts kept on PostgreSQL', () => {
  let cluster: PgCluster;
  let db: PgDatabase;
  beforeAll(async () => {
    cluster = await startPgCluster();
    db = openAndMigratePg(cluster.url);
    // 600 entities in 60 small statements: many rows of +n per group, as imports leave them.
    for (let s = 0; s < 60; s++) {
      run(
        db,
        sql`INSERT INTO entities (uscc, name, kind, status, township, jurisdiction, created_at, updated_at)
            SELECT 'U' || i, '店' || i, CASE WHEN i % 3 = 0 THEN 'enterprise' ELSE 'individual' END,
                   CASE WHEN i % 10 = 0 THEN 'cancelled' ELSE 'active' END,
                   CASE WHEN i % 4 = 0 THEN '东城街道' END, CASE WHEN i % 2 = 0 THEN '东城市场监管所' END, 'x', 'x'
            FROM generate_series(${s * 10 + 1}::int, ${s * 10 + 10}::int) AS i`,
      );
    }
  }, 60_000);
  afterAll(() => {
    db?.close();
    cluster?.stop();
  }, 60_000);

  const rows = () => value<number>(db, sql`SELECT count(*) FROM entity_counts`) ?? 0;
  const FILTERS: CountedFilter[][] = [
    [],
    [{ column: 'kind', value: 'enterprise' }],
    [
      { column: 'kind', value: 'individual' },
      { column: 'status', value: 'active' },
    ],
    [{ column: 'township', value: '东城街道' }],
    [{ column: 'jurisdiction', value: '东城市场监管所' }],
    [
      { column: 'jurisdiction', value: '东城市场监管所' },
      { column: 'jurisdiction', value: '河口市场监管所' },
    ],
    [{ column: 'township', value: '无此街道' }],
  ];
  const counted = (filters: CountedFilter[]) =>
    value<number>(
      db,
      sql`SELECT count(*) FROM entities WHERE ${
        filters.length
          ? sql.join(
              filters.map((f) => sql`${sql.raw(f.column)} = ${f.value}`),
              ' AND ',
            )
          : sql.raw('true')
      }`,
    );

  it('answers every equality filter as a count of the table would, before and after folding', () => {
    const before = rows();
    for (const f of FILTERS) expect(countEntitiesPg(db, f)).toBe(counted(f));
    expect(countEntitiesPg(db, [])).toBe(600);
    expect(foldEntityCounts(db)).toBe(true);
    // One row per group now (kind × status × township × 管辖单位 present in the data), the sums unchanged.
    const groups = value<number>(
      db,
      sql`SELECT count(*) FROM (SELECT DISTINCT kind, status, township, jurisdiction FROM entities) g`,
    );
    expect(rows()).toBe(groups);
    expect(rows()).toBeLessThan(before);
    for (const f of FILTERS) expect(countEntitiesPg(db, f)).toBe(counted(f));
  });

  it('folds by itself once a read finds more than ten thousand rows', () => {
    // Pairs of +1 and −1 as a long day of small edits would leave them: the sums do not change.
    run(
      db,
      sql`INSERT INTO entity_counts (kind, status, township, jurisdiction, n)
          SELECT 'individual', 'active', NULL, NULL, CASE WHEN i % 2 = 0 THEN 1 ELSE -1 END
          FROM generate_series(1, 10002) AS i`,
    );
    expect(rows()).toBeGreaterThan(10_000);
    expect(countEntitiesPg(db, [])).toBe(600);
    expect(rows()).toBeLessThan(100);
    for (const f of FILTERS) expect(countEntitiesPg(db, f)).toBe(counted(f));
  });

  it('leaves the rows of a transaction still open to that transaction', () => {
    const other = openAndMigratePg(cluster.url);
    try {
      unitOfWork(other, () => {
        run(
          other,
          sql`INSERT INTO entities (uscc, name, kind, status, created_at, updated_at)
              VALUES ('OPEN1', '未提交店', 'other', 'active', 'x', 'x')`,
        );
        // Another session folds meanwhile: the open transaction's row is not its to fold or lose.
        expect(foldEntityCounts(db)).toBe(true);
        expect(countEntitiesPg(db, [])).toBe(600);
        expect(countEntitiesPg(other, [])).toBe(601);
      });
      expect(countEntitiesPg(db, [])).toBe(601);
      expect(countEntitiesPg(db, [{ column: 'kind', value: 'other' }])).toBe(1);
    } finally {
      other.close();
    }
  });
});
