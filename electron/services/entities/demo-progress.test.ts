import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_COUNTY } from '../../../shared/demo/index.ts';
import { tempDir } from '../../../test/helpers/tmp.ts';
import { newDataKey } from '../../db/keyfile.ts';
import { migrate } from '../../db/migrate.ts';
import { type Db, openDatabase } from '../../db/open.ts';
import { writeDemoCounty } from './demo-writer.ts';

let cleanup = () => {};
let db: Db | null = null;
afterEach(() => {
  db?.close();
  db = null;
  cleanup();
});

describe('demo generation progress (issue 18 item 2)', () => {
  it('reports by time, at most 500 ms apart, not only every 1,000 entities', () => {
    const t = tempDir();
    cleanup = t.cleanup;
    db = openDatabase(`${t.dir}/d.db`, newDataKey(), { create: true });
    migrate(db);
    const start = performance.now();
    const reports: { at: number; done: number; stage: string | undefined }[] = [];
    const entities = 1500;
    writeDemoCounty(db, {
      entities,
      seed: 'progress',
      county: DEMO_COUNTY,
      actor: 'admin',
      at: '2026-11-01T08:00:00.000Z',
      job: {
        progress: (done, _total, stage) => reports.push({ at: performance.now(), done, stage }),
        checkCancelled() {},
      },
    });
    const end = performance.now();
    const times = [start, ...reports.map((r) => r.at)];
    const gaps = times.slice(1).map((t, i) => t - (times[i] ?? 0));
    // Every entity is written between two reports that are less than 500 ms apart (plus the last stretch).
    expect(Math.max(...gaps)).toBeLessThan(500);
    if (end - start > 500) expect(reports.length).toBeGreaterThan(0);
    // Rows are reported every 50 entities; the name indexes after them under their own stage, up to all.
    const rows = reports.filter((r) => r.stage === undefined);
    expect(rows.every((r) => r.done % 50 === 0 && r.done <= entities)).toBe(true);
    expect(reports.filter((r) => r.stage !== undefined).at(-1)).toMatchObject({
      done: entities,
      stage: '正在建立名称检索',
    });
    // The old reporter fired only at multiples of 1,000: a run this long must have reported elsewhere too.
    if (end - start > 1000) expect(reports.some((r) => r.done % 1000 !== 0)).toBe(true);
  });
});
