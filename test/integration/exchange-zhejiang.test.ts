/**
 * The real Zhejiang 双随机 candidate lists (../shared/external/enterprises_zj_sccheck, never copied into the
 * repository): mixed 18-character USCCs, 15-digit and 13-digit 注册号, the raw column name RegOrgName.
 * Expected figures come from the data set's README and its companion CSV, not from our own output.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkIdentifier } from '../../shared/identifiers/index.ts';
import { commitImport } from '../../electron/services/exchange/import-service.ts';
import { undoBatch } from '../../electron/services/exchange/undo.ts';
import { checkNameIndexes, dumpTables, type Fixture, openFixture } from './exchange-fixture.ts';

const DIR = new URL('../../../shared/external/enterprises_zj_sccheck/', import.meta.url);
const present = existsSync(DIR);
if (!present) console.warn('SKIPPED: ../shared/external not found — Zhejiang candidate lists not imported');

const FILES = ['check01.xlsx', 'check02.xlsx', 'check04.xlsx'];
const AT = '2026-11-01T08:00:00.000Z';

describe.skipIf(!present)('import of the Zhejiang candidate lists', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await openFixture();
  });
  afterAll(() => f.close());

  // The companion CSV lists every row of the three files with its code.
  const csv = present
    ? readFileSync(new URL('enterprises_zj_sccheck.csv', DIR), 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(','))
    : [];

  it('imports every row; warnings exactly where the identifier needs a look, no errors', () => {
    const batches: number[] = [];
    const warned = new Map<string, string[]>();
    let rows = 0;
    for (const name of FILES) {
      const run = commitImport(
        f.db,
        f.actor,
        { file: { path: fileURLToPath(new URL(name, DIR)), fileName: name }, kind: 'entities' },
        AT,
      );
      expect(run.counts.errors, name).toBe(0);
      rows += run.counts.rows;
      batches.push(run.batchId!);
      for (const r of run.rows) {
        for (const i of r.issues)
          if (i.field === 'id')
            warned.set(`${name}:${r.index}`, [...(warned.get(`${name}:${r.index}`) ?? []), i.message]);
      }
    }
    expect(rows).toBe(csv.length);
    // Identifier warnings: one per code that shared/identifiers flags (13-digit numbers have no check
    // digit; a few 15-digit numbers fail MOD 11,10) — independently recomputed from the CSV.
    const expectedWarnings = csv.filter((c) => checkIdentifier(c[2]!).warnings.length > 0).length;
    expect(expectedWarnings).toBeGreaterThanOrEqual(9);
    expect(warned.size).toBe(expectedWarnings);
    const thirteen = [...warned.values()].filter((m) => m.some((x) => x.includes('13 位'))).length;
    expect(thirteen).toBe(csv.filter((c) => c[2]!.length === 13).length);

    const stored = f.db
      .prepare('SELECT count(*) AS n, count(uscc) AS u, count(reg_no) AS r FROM entities')
      .get() as Record<string, number>;
    expect(stored.n).toBe(new Set(csv.map((c) => c[2])).size);
    expect(stored.u).toBe(new Set(csv.filter((c) => c[2]!.length === 18).map((c) => c[2])).size);
    // 管辖单位 is kept; RegOrgName (登记机关) is recognised and not mistaken for another column.
    const one = csv[0]!;
    expect(f.db.prepare('SELECT name, jurisdiction FROM entities WHERE uscc = ?').get(one[2])).toEqual({
      name: one[1],
      jurisdiction: one[4],
    });

    // Re-importing changes nothing; undoing every batch empties the tables again.
    const again = commitImport(
      f.db,
      f.actor,
      { file: { path: fileURLToPath(new URL(FILES[0]!, DIR)), fileName: FILES[0]! }, kind: 'entities' },
      AT,
    );
    expect(again.counts).toMatchObject({ inserted: 0, updated: 0, unchanged: again.counts.rows });
    for (const b of [again.batchId!, ...batches].reverse().sort((a, b) => b - a))
      undoBatch(f.db, f.actor, b, AT);
    expect(dumpTables(f.db)).toMatchObject({ entities: [], records: [], fts: [] });
    checkNameIndexes(f.db);
  });
});
