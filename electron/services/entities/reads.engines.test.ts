/**
 * The entities area's simple reads on both engines (issue 17): one credit file with its records, the
 * township list and the streamed list rows of the command line, over entities stored by the same
 * upsert imports use (ids from runInsert on PostgreSQL). Imports are not here yet; search is in
 * search.test.ts and search.engines-compare.test.ts.
 */
import { expect, it } from 'vitest';
import type { Entity } from '../../../shared/domain/entity.ts';
import { DEMO_COUNTY, generateDemoCounty } from '../../../shared/demo/index.ts';
import { forEachEngine } from '../../../test/helpers/engines.ts';
import { type DataDoor, unitOfWork } from '../../db/sql.ts';
import { COUNTY_WIDE } from '../users/entity-scope.ts';
import { getCreditFile, iterateEntityRows, listTownships } from './reads.ts';
import { countEntities, entityUpserter } from './repository/entities.ts';
import { recordInserter } from './repository/records.ts';

const AT = '2026-11-02T01:00:00.000Z';

function store(db: DataDoor, n: number) {
  const county = [
    ...generateDemoCounty({ entities: n, seed: 'engines', county: DEMO_COUNTY, asOf: '2026-10-31' }),
  ];
  const ids = unitOfWork(db, () => {
    const upserter = entityUpserter(db);
    const records = recordInserter(db);
    return county.map(({ entity, records: rs }) => {
      const { id, outcome } = upserter.upsert(entity, null, AT);
      expect(outcome).toBe('inserted');
      for (const r of rs) records.insert(id, r, { source: 'demo', batchId: null, at: AT });
      return id;
    });
  });
  return { county, ids };
}

forEachEngine('reading entities', (fresh) => {
  it('a credit file: the entity as stored and its records, newest first; an unknown id is not found', () => {
    const { db } = fresh();
    const { county, ids } = store(db, 12);
    expect(countEntities(db)).toBe(12);
    expect(ids).toEqual(ids.map((_, i) => ids[0]! + i));
    const withRecords = county.findIndex((c) => c.records.length >= 2);
    const file = getCreditFile(db, ids[withRecords]!, COUNTY_WIDE);
    expect(file.entity).toEqual(county[withRecords]!.entity);
    const dates = file.records.map((r) => r.date);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(file.records.length).toBe(county[withRecords]!.records.length);
    expect(file.records[0]).toMatchObject({ source: 'demo', batchId: null });
    expect(typeof file.records[0]!.data).toBe('object');
    expect(() => getCreditFile(db, 999_999, COUNTY_WIDE)).toThrow(
      expect.objectContaining({ code: 'not_found' }),
    );
  });

  it('stores again only what changed, under the same id', () => {
    const { db } = fresh();
    const { county, ids } = store(db, 3);
    const upserter = entityUpserter(db);
    const first = county[0]!.entity;
    expect(upserter.upsert(first, null, AT)).toEqual({ id: ids[0], outcome: 'unchanged' });
    const renamed: Entity = { ...first, name: `${first.name}（更名）` };
    expect(upserter.upsert(renamed, null, AT)).toEqual({ id: ids[0], outcome: 'updated' });
    expect(getCreditFile(db, ids[0]!, COUNTY_WIDE).entity.name).toBe(renamed.name);
    expect(countEntities(db)).toBe(3);
  });

  it('the township list and the streamed list rows', () => {
    const { db } = fresh();
    const { county, ids } = store(db, 20);
    const expected = new Map<string, number>();
    for (const { entity } of county)
      if (entity.township) expected.set(entity.township, (expected.get(entity.township) ?? 0) + 1);
    const townships = listTownships(db);
    expect(new Map(townships.map((t) => [t.name, t.count]))).toEqual(expected);
    expect(townships.map((t) => t.count)).toEqual([...townships.map((t) => t.count)].sort((a, b) => b - a));
    const rows = [...iterateEntityRows(db, COUNTY_WIDE)];
    expect(rows.map((r) => r.id)).toEqual(ids);
    expect(rows[0]).toEqual({
      id: ids[0],
      code: county[0]!.entity.uscc ?? county[0]!.entity.regNo,
      uscc: county[0]!.entity.uscc,
      regNo: county[0]!.entity.regNo,
      name: county[0]!.entity.name,
      kind: county[0]!.entity.kind,
      status: county[0]!.entity.status,
      legalRep: county[0]!.entity.legalRep,
      township: county[0]!.entity.township,
      industryName: county[0]!.entity.industryName,
      establishedOn: county[0]!.entity.establishedOn,
      recordCount: county[0]!.records.length,
    });
  });
});
