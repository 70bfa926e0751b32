import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parsePlanDocument, verifyPlan } from '../shared/sampling/index.ts';
import { tempDir } from '../test/helpers/tmp.ts';
import { openAs } from './credentials.ts';
import { capture } from './capture.testkit.ts';
import { main } from './main.ts';

const PASSWORD = { CREDITDESK_PASSWORD: 'county-secret-1' };

const TASK = {
  number: '测试县市监抽〔2026〕1号',
  name: '公示信息抽查',
  startDate: '2026-11-02',
  endDate: '2026-11-20',
  items: [{ code: 'A07', qualification: null }],
  teamSize: 2,
  classOrder: ['A', 'B', 'C', 'D'],
  ratios: {
    enterprise: { A: 300, B: 500, C: 1000, D: 3000, unclassified: 500 },
    cooperative: { A: 300, B: 500, C: 1000, D: 3000, unclassified: 500 },
    individual: { A: 100, B: 200, C: 500, D: 1000, unclassified: 200 },
  },
  conflicts: [],
  exclusions: [],
};

describe('creditdesk sample --db', () => {
  let cleanup: () => void;
  afterEach(() => cleanup?.());

  it('stores the task and its plan from the database pool and prints the pure command’s shape plus ids', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const db = join(t.dir, 'county.db');
    expect(
      await main(['demo', '--db', db, '--entities', '300', '--seed', 'cli-sample'], capture(PASSWORD).io),
    ).toBe(0);
    // The inspector pool: the demonstration pool the UI offers on an empty pool.
    const backend = await openAs(capture(PASSWORD).io, db);
    const seeded = await backend.call('sampling.demo.seed', {});
    expect(seeded.inspectors).toBe(12);
    const excludedCode = (await backend.call('entities.search', { limit: 1 })).rows[0]!.code;
    backend.close();

    const taskFile = join(t.dir, 'task.json');
    writeFileSync(
      taskFile,
      JSON.stringify({ ...TASK, exclusions: [{ entity: excludedCode, reason: '正在立案调查' }] }),
    );
    const c = capture(PASSWORD);
    expect(await main(['sample', '--db', db, '--task', taskFile], c.io)).toBe(0);
    const out = JSON.parse(c.out[0]!);
    expect(Object.keys(out)).toEqual(
      expect.arrayContaining([
        'planId',
        'taskId',
        'digest',
        'seed',
        'strata',
        'selected',
        'teams',
        'unstaffed',
      ]),
    );
    expect(out.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(out.seed).toMatch(/^[0-9a-f]{64}$/);
    expect(out.selected.length).toBeGreaterThan(0);
    expect(out.selected.map((s: { id: string }) => s.id)).not.toContain(excludedCode);
    expect(out.teams.length + out.unstaffed.length).toBe(out.selected.length);
    for (const team of out.teams) expect(team.inspectors).toHaveLength(2);

    // The stored plan is the one printed, and it verifies.
    const again = await openAs(capture(PASSWORD).io, db);
    const row = again.db().prepare('SELECT plan_file FROM inspection_plans WHERE id = ?').get(out.planId) as {
      plan_file: string;
    };
    const plan = parsePlanDocument(JSON.parse(row.plan_file));
    expect(plan.seed).toBe(out.seed);
    expect(verifyPlan(plan).match).toBe(true);
    const detail = await again.call('sampling.tasks.get', { taskId: out.taskId });
    expect(detail.summary.status).toBe('drawn');
    expect(detail.plan?.entries).toHaveLength(out.selected.length);
    again.close();

    // The same task number cannot be drawn twice by accident.
    const dup = capture(PASSWORD);
    expect(await main(['sample', '--db', db, '--task', taskFile], dup.io)).toBe(2);
    expect(dup.err.join('')).toMatch(/已存在/);
  });

  it('rejects a non-monotone ratio profile with a Chinese message and stores nothing', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const db = join(t.dir, 'county.db');
    await main(['demo', '--db', db, '--entities', '50', '--seed', 'x'], capture(PASSWORD).io);
    const taskFile = join(t.dir, 'task.json');
    writeFileSync(
      taskFile,
      JSON.stringify({
        ...TASK,
        ratios: { enterprise: { A: 900, B: 100, C: 100, D: 100, unclassified: 1 } },
      }),
    );
    const c = capture(PASSWORD);
    expect(await main(['sample', '--db', db, '--task', taskFile], c.io)).toBe(2);
    expect(c.err.join('')).toMatch(/不降/);
    writeFileSync(taskFile, JSON.stringify(TASK));
    const noRun = capture(PASSWORD);
    expect(await main(['sample', '--db', db, '--task', taskFile, '--grading-run', '99'], noRun.io)).toBe(2);
    expect(noRun.err.join('')).toMatch(/评价批次不存在/);
    const backend = await openAs(capture(PASSWORD).io, db);
    expect((await backend.call('sampling.tasks.list', {})).tasks).toEqual([]);
    backend.close();
  });
});
