/**
 * A commit right after its preview does not normalise the file again: it takes the rows the preview
 * normalised (import/staged-rows.ts) — and only when nothing normalising depends on has changed: the
 * same file as read, the same kind, sheet and mapping. Its counts, issues and writes are those of a
 * commit that normalises for itself.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { commitImport, previewImport } from '../../electron/services/exchange/import-service.ts';
import { DEMO_COUNTY, generateDemoCounty } from '../../shared/demo/index.ts';
import { dumpTables, type Fixture, openFixture, writeSheet } from './exchange-fixture.ts';

const calls = vi.hoisted(() => ({ normalizeRow: 0 }));
vi.mock('../../shared/exchange/index.ts', async (original) => {
  const m = await original<typeof import('../../shared/exchange/index.ts')>();
  return {
    ...m,
    normalizeRow: (...args: Parameters<typeof m.normalizeRow>) => {
      calls.normalizeRow++;
      return m.normalizeRow(...args);
    },
  };
});

const AT = '2026-11-01T08:00:00.000Z';

/** 1,200 entities (more than two lookup slices), one with a bad date, one repeated: issues to keep. */
function sheetRows(seed: string): unknown[][] {
  const rows: unknown[][] = [['统一社会信用代码', '企业名称', '成立日期', '法定代表人']];
  for (const { entity } of generateDemoCounty({
    entities: 3000,
    seed,
    county: DEMO_COUNTY,
    asOf: '2026-10-31',
  })) {
    if (!entity.uscc) continue;
    rows.push([entity.uscc, entity.name, entity.establishedOn ?? '', entity.legalRep ?? '']);
    if (rows.length > 1200) break;
  }
  rows[5]![2] = '2026-13-45';
  rows.push([...rows[7]!]);
  return rows;
}

describe('commit after preview', () => {
  let f: Fixture;
  let g: Fixture;
  beforeEach(async () => {
    f = await openFixture();
    g = await openFixture();
  });
  afterEach(() => {
    f.close();
    g.close();
  });

  it('takes the rows the preview normalised and writes exactly what a commit alone writes', () => {
    const rows = sheetRows('staged-a');
    const req = (fx: Fixture) => ({
      file: { path: writeSheet(join(fx.dir, 'list.xlsx'), rows), fileName: 'list.xlsx' },
      kind: 'entities' as const,
    });
    const alone = commitImport(g.db, g.actor, req(g), AT);

    const r = req(f);
    calls.normalizeRow = 0;
    const preview = previewImport(f.db, f.actor, r, AT);
    expect(calls.normalizeRow).toBe(rows.length - 1);
    calls.normalizeRow = 0;
    const commit = commitImport(f.db, f.actor, r, AT);
    expect(calls.normalizeRow).toBe(0);

    expect(commit.counts).toEqual(preview.counts);
    expect(commit.counts).toEqual(alone.counts);
    expect(commit.counts.errors).toBe(1);
    expect(commit.counts.warnings).toBeGreaterThan(0);
    expect(commit.rows).toEqual(alone.rows);
    const strip = (d: ReturnType<typeof dumpTables>) => ({ ...d, entities: d.entities.length });
    expect(strip(dumpTables(f.db))).toEqual(strip(dumpTables(g.db)));

    // Taken once: a second commit of the same read (nothing left to insert) normalises again.
    calls.normalizeRow = 0;
    expect(commitImport(f.db, f.actor, r, AT).counts.inserted).toBe(0);
    expect(calls.normalizeRow).toBe(rows.length - 1);
  }, 120_000);

  it('normalises again when the mapping or the file changed since the preview', () => {
    const path = writeSheet(join(f.dir, 'list.xlsx'), sheetRows('staged-b'));
    const req = { file: { path, fileName: 'list.xlsx' }, kind: 'entities' as const };
    previewImport(f.db, f.actor, req, AT);
    calls.normalizeRow = 0;
    // The 法定代表人 column ignored: what the commit writes follows the commit's mapping.
    const unmapped = commitImport(f.db, f.actor, { ...req, mapping: [{ index: 3, field: null }] }, AT);
    expect(calls.normalizeRow).toBeGreaterThan(0);
    expect(unmapped.counts.inserted).toBe(1199);
    expect(f.db.prepare('SELECT count(*) FROM entities WHERE legal_rep IS NOT NULL').pluck().get()).toBe(0);

    const changed = sheetRows('staged-c');
    previewImport(f.db, f.actor, req, AT);
    // The file is rewritten with other rows (another size): the preview's rows are not used.
    writeSheet(path, changed);
    calls.normalizeRow = 0;
    const commit = commitImport(f.db, f.actor, req, AT);
    expect(calls.normalizeRow).toBe(changed.length - 1);
    expect(commit.counts.inserted).toBe(1199);
  }, 120_000);
});
