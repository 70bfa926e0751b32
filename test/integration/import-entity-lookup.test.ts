/**
 * An entity list looks up a slice of rows' codes at once (run-import.ts, import-store.ts): what it
 * fetched must never hide what the rows before wrote. A code first seen in the same slice, a 注册号 an
 * earlier row added, and a code from an earlier slice all find the entity those rows wrote.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commitImport } from '../../electron/services/exchange/import-service.ts';
import { DEMO_COUNTY, generateDemoCounty } from '../../shared/demo/index.ts';
import { checkNameIndexes, type Fixture, openFixture, writeSheet } from './exchange-fixture.ts';

const AT = '2026-11-01T08:00:00.000Z';
/** More than one slice of lookups (500 rows). */
const ROWS = 700;

function entities() {
  const withBoth: { uscc: string; regNo: string; name: string }[] = [];
  const withUscc: { uscc: string; name: string }[] = [];
  for (const { entity } of generateDemoCounty({
    entities: 40_000,
    seed: 'lookup-slices',
    county: DEMO_COUNTY,
    asOf: '2026-10-31',
  })) {
    if (entity.uscc && entity.regNo && withBoth.length < 2)
      withBoth.push({ uscc: entity.uscc, regNo: entity.regNo, name: entity.name });
    else if (entity.uscc && !entity.regNo && withUscc.length < ROWS)
      withUscc.push({ uscc: entity.uscc, name: entity.name });
    if (withBoth.length === 2 && withUscc.length === ROWS) break;
  }
  expect(withBoth).toHaveLength(2);
  expect(withUscc).toHaveLength(ROWS);
  return { withBoth, withUscc };
}

describe('entity lookups by slice', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await openFixture();
  });
  afterEach(() => f.close());

  it('find the entities earlier rows of the same file wrote, in the same slice and in a later one', () => {
    const { withBoth, withUscc } = entities();
    const [a, b] = withBoth as [(typeof withBoth)[0], (typeof withBoth)[0]];
    const first = withUscc[0]!;
    const rows: unknown[][] = [
      ['统一社会信用代码', '注册号', '企业名称', '主体类型', '登记状态'],
      // A new entity, then the same one by its 注册号 alone (in the code column): found, renamed — not a second insert.
      [a.uscc, a.regNo, a.name, '企业', '存续'],
      [a.regNo, '', `${a.name}（更名）`, '企业', '存续'],
      // A new entity without 注册号, then a row giving it one, then a row naming it by that 注册号.
      [b.uscc, '', b.name, '企业', '存续'],
      [b.uscc, b.regNo, b.name, '企业', '存续'],
      [b.regNo, '', `${b.name}（更名）`, '企业', '存续'],
      ...withUscc.map((e) => [e.uscc, '', e.name, '企业', '存续']),
      // The first of them again, in the second slice: found, renamed.
      [first.uscc, '', `${first.name}（更名）`, '企业', '存续'],
    ];
    const path = writeSheet(join(f.dir, 'lookups.xlsx'), rows);
    const run = commitImport(
      f.db,
      f.actor,
      { file: { path, fileName: 'lookups.xlsx' }, kind: 'entities' },
      AT,
    );
    expect(run.rows.filter((r) => r.status === 'error')).toEqual([]);
    expect(run.counts).toMatchObject({ rows: ROWS + 6, inserted: ROWS + 2, updated: 4, errors: 0 });
    const stored = (code: string) =>
      f.db.prepare('SELECT uscc, reg_no, name FROM entities WHERE uscc = ? OR reg_no = ?').all(code, code);
    expect(stored(a.regNo)).toEqual([{ uscc: a.uscc, reg_no: a.regNo, name: `${a.name}（更名）` }]);
    expect(stored(b.regNo)).toEqual([{ uscc: b.uscc, reg_no: b.regNo, name: `${b.name}（更名）` }]);
    expect(stored(first.uscc)).toEqual([{ uscc: first.uscc, reg_no: null, name: `${first.name}（更名）` }]);
    expect(f.db.prepare('SELECT count(*) FROM entities').pluck().get()).toBe(ROWS + 2);
    checkNameIndexes(f.db);
  }, 120_000);
});
