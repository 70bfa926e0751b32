import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../test/helpers/tmp.ts';
import { capture } from './capture.testkit.ts';
import { main } from './main.ts';

const PASSWORD = { CREDITDESK_PASSWORD: 'county-secret-1' };

describe('creditdesk grade --db', () => {
  let cleanup: () => void;
  afterEach(() => cleanup?.());

  it('grades the database, stores a run, prints a Chinese summary or a JSON object', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const db = join(t.dir, 'county.db');
    expect(await main(['demo', '--db', db, '--entities', '200', '--seed', 'g1'], capture(PASSWORD).io)).toBe(
      0,
    );

    const json = capture(PASSWORD);
    expect(
      await main(['grade', '--db', db, '--model', 'samr-risk', '--as-of', '2026-10-31', '--json'], json.io),
    ).toBe(0);
    const r = JSON.parse(json.out[0]!);
    expect(r).toMatchObject({ runId: 1, model: { id: 'samr-risk' }, asOf: '2026-10-31' });
    expect(Object.keys(r.counts)).toEqual(['A', 'B', 'C', 'D']);
    const counted = Object.values(r.counts as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(counted).toBe(r.graded);
    expect(r.graded + r.skipped).toBe(200);
    expect(r.graded).toBeGreaterThan(150); // most demo entities are active

    const text = capture(PASSWORD);
    expect(
      await main(['grade', '--db', db, '--model', 'henan-pds-public-100', '--as-of', '2026-10-31'], text.io),
    ).toBe(0);
    expect(text.out).toHaveLength(1);
    expect(text.out[0]).toMatch(
      /^已保存第 2 次评价：.+评价基准日 2026-10-31，共评价 [\d,]+ 户（优 [\d,]+ 户，良/,
    );

    const unknown = capture(PASSWORD);
    expect(await main(['grade', '--db', db, '--model', 'no-such-model'], unknown.io)).toBe(2);
    expect(unknown.err.join('')).toMatch(/未找到评价模型/);

    const usage = capture(PASSWORD);
    expect(await main(['grade', '--db', db, '--as-of', '2026-13'], usage.io)).toBe(2);
    expect(usage.err.join('')).toMatch(/用法/);

    const wrong = capture({ CREDITDESK_PASSWORD: 'not the password' });
    expect(await main(['grade', '--db', db, '--model', 'samr-risk'], wrong.io)).toBe(2);
    expect(wrong.err.join('')).toMatch(/密码错误/);
  }, 60_000);
});
