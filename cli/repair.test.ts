/** `creditdesk repair check --input … [--as-of] --json`: the public JSON shape, in-process. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../test/helpers/tmp.ts';
import type { CliIO } from './io.ts';
import { main } from './main.ts';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { out: (l) => out.push(l), err: (l) => err.push(l), env: {} };
  return { io, out, err };
}

let dir: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
});
afterEach(() => cleanup());

const FILES = [
  {
    id: '91410422MA00000001',
    entity: { kind: 'enterprise' },
    records: [
      {
        type: 'penalty',
        date: '2025-08-31',
        penaltyKinds: ['罚款', '没收'],
        fine: 200000,
        violationType: '虚假宣传',
      },
      { type: 'annual_report', date: '2025-05-01', year: 2024, onTime: true },
      { type: 'penalty', date: '2025-09-10', penaltyKinds: ['罚款', '责令停业'], fine: 30000 },
      { type: 'penalty', date: '2025-10-01', penaltyKinds: ['警告'] },
    ],
  },
];

describe('creditdesk repair check', () => {
  it('prints each record with its action, dates, eligibility and blockers in the contract shape', async () => {
    const input = join(dir, 'files.json');
    writeFileSync(input, JSON.stringify(FILES));
    const c = capture();
    expect(await main(['repair', 'check', '--input', input, '--as-of', '2026-02-28', '--json'], c.io)).toBe(
      0,
    );
    const doc = JSON.parse(c.out.join('\n'));
    expect(doc.asOf).toBe('2026-02-28');
    expect(doc.results).toHaveLength(1);
    const [heavy, report, closed, warning] = doc.results[0].records;
    expect(doc.results[0].id).toBe('91410422MA00000001');
    // 没收 is read as 没收违法所得; the clamped six months make it eligible on the last day of February.
    expect(heavy).toMatchObject({
      index: 0,
      type: 'penalty',
      action: 'stop_publicity',
      publicityEndsOn: '2028-08-31',
      eligibleOn: '2026-02-28',
      eligibleNow: true,
      blockedBy: [],
    });
    expect(heavy.reasons.length).toBeGreaterThan(0);
    expect(report).toMatchObject({ index: 1, type: 'annual_report', action: null, eligibleNow: false });
    // 责令停业 is 责令停产停业: never early.
    expect(closed).toMatchObject({
      index: 2,
      action: 'stop_publicity',
      eligibleOn: null,
      blockedBy: ['excluded_kind'],
    });
    expect(warning).toMatchObject({ index: 3, action: null, publicityEndsOn: null });
    for (const r of doc.results[0].records) {
      expect(Object.keys(r).sort()).toEqual(
        [
          'action',
          'blockedBy',
          'checklist',
          'eligibleNow',
          'eligibleOn',
          'index',
          'publicityEndsOn',
          'reasons',
          'type',
        ].sort(),
      );
    }
  });

  it('a bad date or a broken file is a Chinese message and exit 2', async () => {
    const input = join(dir, 'bad.json');
    writeFileSync(
      input,
      JSON.stringify([{ id: 'x', entity: { kind: 'enterprise' }, records: [{ type: 'penalty' }] }]),
    );
    const bad = capture();
    expect(await main(['repair', 'check', '--input', input, '--json'], bad.io)).toBe(2);
    expect(bad.err.join('\n')).toMatch(/信用档案文件 .* 无效/);
    const date = capture();
    expect(await main(['repair', 'check', '--input', input, '--as-of', '2026-02-30'], date.io)).toBe(2);
    expect(date.err.join('\n')).toMatch(/--as-of 应为有效日期/);
  });

  it('the table form lists only the records with a repair to apply for', async () => {
    const input = join(dir, 'files.json');
    writeFileSync(input, JSON.stringify(FILES));
    const c = capture();
    expect(await main(['repair', 'check', '--input', input, '--as-of', '2026-01-15'], c.io)).toBe(0);
    expect(c.out).toHaveLength(3);
    expect(c.out[1]).toBe('91410422MA00000001\t1\t提前停止公示行政处罚信息\t2026-02-28\t否\t');
    expect(c.out[2]).toMatch(/^91410422MA00000001\t3\t提前停止公示行政处罚信息\t不适用\t否\t处罚种类不适用/);
  });
});
