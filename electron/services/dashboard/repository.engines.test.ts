/**
 * The 工作台's own repository on both engines (issue 17): entity counts by kind and registration status.
 * The whole service, reading the other areas' services, is in dashboard.engines.test.ts.
 */
import { expect, it } from 'vitest';
import { DEMO_COUNTY, generateDemoCounty } from '../../../shared/demo/index.ts';
import { forEachEngine } from '../../../test/helpers/engines.ts';
import { unitOfWork } from '../../db/sql.ts';
import { entityUpserter } from '../entities/repository/entities.ts';
import { entityCounts } from './repository.ts';

const AT = '2026-11-02T01:00:00.000Z';

forEachEngine('the 工作台 entity counts', (fresh) => {
  it('counts every entity once by kind and by status, with zeros for those absent', () => {
    const { db } = fresh();
    expect(entityCounts(db).total).toBe(0);
    const county = [
      ...generateDemoCounty({ entities: 200, seed: 'dash', county: DEMO_COUNTY, asOf: '2026-10-31' }),
    ];
    unitOfWork(db, () => {
      const upserter = entityUpserter(db);
      for (const { entity } of county) upserter.upsert(entity, null, AT);
    });
    const byKind: Record<string, number> = {};
    const byStatus: Record<string, number> = {};
    for (const { entity } of county) {
      byKind[entity.kind] = (byKind[entity.kind] ?? 0) + 1;
      byStatus[entity.status] = (byStatus[entity.status] ?? 0) + 1;
    }
    const counts = entityCounts(db);
    expect(counts.total).toBe(200);
    // The demo has more than one kind and status, so the grouping is exercised.
    expect(Object.values(counts.byKind).filter((n) => n > 0).length).toBeGreaterThan(1);
    expect(Object.values(counts.byStatus).filter((n) => n > 0).length).toBeGreaterThan(1);
    for (const [k, n] of Object.entries(counts.byKind)) expect(n).toBe(byKind[k] ?? 0);
    for (const [s, n] of Object.entries(counts.byStatus)) expect(n).toBe(byStatus[s] ?? 0);
  });
});
