/** `creditdesk sample` (pure draw) and `sample verify`, run in-process with captured output. */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from 'xlsx';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PLAN_SHEET } from '../electron/services/sampling/plan-xlsx.ts';
import { tempDir } from '../test/helpers/tmp.ts';
import type { CliIO } from './io.ts';
import { main } from './main.ts';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { out: (l) => out.push(l), err: (l) => err.push(l), env: {} };
  return { io, out, err };
}

const SEED = 'a1'.repeat(32);
const KINDS = ['enterprise', 'cooperative', 'individual', 'other'] as const;
const CLASSES = ['A', 'B', 'C', 'D', null] as const;
const STATUSES = [
  'active',
  'active',
  'active',
  'active',
  'active',
  'cancelled',
  'revoked',
  'moved',
  'withdrawn',
];

const candidates = Array.from({ length: 900 }, (_, i) => ({
  id: `91${String(410422000 + i * 37).padStart(9, '0')}MA${String(i).padStart(5, '0')}`,
  name: `主体${i}`, // extra fields are fine
  kind: KINDS[i % 4],
  class: CLASSES[(i * 7) % 5],
  status: STATUSES[i % 9],
}));
const inspectors = Array.from({ length: 15 }, (_, i) => ({
  id: `E${String(i + 1).padStart(3, '0')}`,
  name: `检查员${i + 1}`,
  active: i !== 0,
  certificateExpiry: i === 1 ? '2026-06-30' : '2027-12-31',
  qualifications: i % 3 === 0 ? ['特种设备安全监察员'] : [],
  expert: i === 2,
}));
const profile = { A: 300, B: 500, C: 1000, D: 3000, unclassified: 500 };
const task = {
  number: '测试县市监抽〔2026〕5号',
  name: '公示信息抽查',
  startDate: '2026-12-01',
  endDate: '2026-12-31',
  items: [{ code: 'A07', qualification: null }],
  teamSize: 2,
  classOrder: ['A', 'B', 'C', 'D'],
  ratios: {
    enterprise: profile,
    cooperative: profile,
    individual: { ...profile, A: 100, B: 200 },
    other: profile,
  },
  conflicts: [
    { inspector: 'E004', entity: candidates[3]!.id },
    { inspector: 'E005', entity: candidates[3]!.id },
  ],
  exclusions: [{ entity: candidates[4]!.id, reason: '已列入另一计划' }],
};

let dir: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  writeFileSync(join(dir, 'task.json'), JSON.stringify(task));
  writeFileSync(join(dir, 'c.json'), JSON.stringify(candidates));
  writeFileSync(join(dir, 'i.json'), JSON.stringify(inspectors));
});
afterEach(() => cleanup());

const files = () => [
  '--task',
  join(dir, 'task.json'),
  '--candidates',
  join(dir, 'c.json'),
  '--inspectors',
  join(dir, 'i.json'),
];

async function draw(extra: string[] = ['--seed', SEED]) {
  const c = capture();
  const code = await main(['sample', ...files(), ...extra, '--json'], c.io);
  return { code, plan: code === 0 ? JSON.parse(c.out.join('\n')) : null, ...c };
}

describe('creditdesk sample (pure)', () => {
  it('prints the plan in the contract shape', async () => {
    const { code, plan } = await draw();
    expect(code).toBe(0);
    expect(Object.keys(plan)).toEqual(
      expect.arrayContaining(['digest', 'seed', 'strata', 'selected', 'teams', 'unstaffed']),
    );
    expect(plan.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(plan.seed).toBe(SEED);
    for (const s of plan.strata)
      expect(Object.keys(s)).toEqual(expect.arrayContaining(['kind', 'class', 'N', 'k']));
    expect(plan.selected.length).toBe(plan.strata.reduce((n: number, s: { k: number }) => n + s.k, 0));
    for (const s of plan.selected) expect(Object.keys(s).sort()).toEqual(['class', 'id', 'kind']);
    for (const t of plan.teams) {
      expect(t.inspectors).toHaveLength(2);
      expect(t.lead).toBe(t.inspectors[0]);
    }
    // Only active, not excluded candidates form the strata.
    const live = candidates.filter((c) => c.status === 'active' && c.id !== candidates[4]!.id);
    expect(plan.strata.reduce((n: number, s: { N: number }) => n + s.N, 0)).toBe(live.length);
    const ids = new Set(plan.selected.map((s: { id: string }) => s.id));
    for (const c of candidates.filter((c) => c.status !== 'active')) expect(ids.has(c.id)).toBe(false);
    expect(ids.has(candidates[4]!.id)).toBe(false);
    // E001 inactive, E002 expired, E003 expert: never drawn.
    const used = new Set(plan.teams.flatMap((t: { inspectors: string[] }) => t.inspectors));
    for (const id of ['E001', 'E002', 'E003']) expect(used.has(id)).toBe(false);
  });

  it('gives the same plan for the same seed whatever the order of the files, another for another seed', async () => {
    const first = await draw();
    writeFileSync(join(dir, 'c.json'), JSON.stringify([...candidates].reverse()));
    writeFileSync(join(dir, 'i.json'), JSON.stringify([...inspectors].reverse()));
    const again = await draw();
    expect(again.plan).toEqual(first.plan);
    const other = await draw(['--seed', 'b2'.repeat(32)]);
    expect(other.plan.digest).toBe(first.plan.digest);
    expect(other.plan.selected).not.toEqual(first.plan.selected);
  });

  it('takes a fresh random seed when none is given, and prints it', async () => {
    const a = await draw([]);
    const b = await draw([]);
    expect(a.plan.seed).toMatch(/^[0-9a-f]{64}$/);
    expect(a.plan.seed).not.toBe(b.plan.seed);
    // Re-running with the printed seed reproduces the plan.
    expect((await draw(['--seed', a.plan.seed])).plan).toEqual(a.plan);
  });

  it('lists entities it cannot staff and says so', async () => {
    // Require a qualification only E004, E007, E010, E013 hold; E004 conflicts with candidates[3].
    const qualified = {
      ...task,
      items: [...task.items, { code: 'C03', qualification: '特种设备安全监察员' }],
    };
    qualified.ratios = Object.fromEntries(
      KINDS.map((k) => [k, { A: 10000, B: 10000, C: 10000, D: 10000, unclassified: 10000 }]),
    ) as typeof task.ratios;
    qualified.teamSize = 4;
    writeFileSync(join(dir, 'task.json'), JSON.stringify(qualified));
    const { code, plan, err } = await draw();
    expect(code).toBe(0);
    expect(plan.unstaffed).toContain(candidates[3]!.id);
    expect(plan.teams.some((t: { entity: string }) => t.entity === candidates[3]!.id)).toBe(false);
    expect(plan.teams.length + plan.unstaffed.length).toBe(plan.selected.length);
    expect(err.join('\n')).toMatch(/无法配齐检查人员/);
  });

  it('refuses bad input with a Chinese message and exit code 2', async () => {
    writeFileSync(
      join(dir, 'task.json'),
      JSON.stringify({ ...task, ratios: { enterprise: { A: 900, B: 100 } } }),
    );
    const bad = await draw();
    expect(bad.code).toBe(2);
    expect(bad.err.join('\n')).toMatch(/单调不减/);
    const seed = await draw(['--seed', 'xyz']);
    expect(seed.code).toBe(2);
    expect(seed.err.join('\n')).toMatch(/64 位十六进制/);
    const c = capture();
    expect(await main(['sample', '--task', join(dir, 'task.json')], c.io)).toBe(2);
    expect(c.err.join('\n')).toMatch(/用法/);
  });

  it('runs as the package bin on Node 24', () => {
    const r = spawnSync(process.execPath, ['cli/bin.mjs', 'sample', ...files(), '--seed', SEED, '--json'], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).seed).toBe(SEED);
  });
});

describe('creditdesk sample verify', () => {
  async function writePlan(name: string) {
    const path = join(dir, name);
    const c = capture();
    expect(await main(['sample', ...files(), '--seed', SEED, '--out', path, '--json'], c.io)).toBe(0);
    return path;
  }
  async function verify(...args: string[]) {
    const c = capture();
    const code = await main(['sample', 'verify', ...args], c.io);
    return { code, text: [...c.out, ...c.err].join('\n') };
  }

  it('matches a JSON plan on its own and against the candidate list', async () => {
    const path = await writePlan('plan.json');
    expect(await verify(path)).toMatchObject({ code: 0, text: expect.stringMatching(/^一致\/match/) });
    expect(await verify(path, '--candidates', join(dir, 'c.json'))).toMatchObject({ code: 0 });
  });

  it('reports a tampered JSON plan or another candidate list as a mismatch', async () => {
    const path = await writePlan('plan.json');
    const plan = JSON.parse(readFileSync(path, 'utf8'));
    const swapped = plan.candidates[0].ids.find(
      (id: string) => !plan.selected.some((s: { id: string }) => s.id === id),
    );
    plan.selected[0].id = swapped;
    writeFileSync(join(dir, 'tampered.json'), JSON.stringify(plan));
    const r = await verify(join(dir, 'tampered.json'));
    expect(r.code).toBe(1);
    expect(r.text).toMatch(/不一致\/mismatch/);
    expect(r.text).toMatch(/抽中主体第 1 项不一致/);

    const changed = candidates.map((c, i) => (i === 10 ? { ...c, status: 'active', class: 'D' } : c));
    writeFileSync(join(dir, 'c2.json'), JSON.stringify(changed));
    const other = await verify(path, '--candidates', join(dir, 'c2.json'));
    expect(other.code).toBe(1);
    expect(other.text).toMatch(/承诺摘要不一致/);
  });

  it('matches an XLSX plan and finds an edit of its visible sheet', async () => {
    const path = await writePlan('plan.xlsx');
    expect(await verify(path)).toMatchObject({ code: 0, text: expect.stringMatching(/^一致\/match/) });
    expect(await verify(path, '--candidates', join(dir, 'c.json'))).toMatchObject({ code: 0 });

    // Someone swaps the lead and the member of the first team in Excel.
    const wb = XLSX.read(readFileSync(path));
    const ws = wb.Sheets[PLAN_SHEET]!;
    const rows = XLSX.utils.sheet_to_json<string[]>(ws, { header: 1, raw: false });
    const first = rows.findIndex((r) => r[0] === '1');
    const members = String(rows[first]![6]).split('、');
    ws[XLSX.utils.encode_cell({ r: first, c: 4 })] = { t: 's', v: members[1]! };
    ws[XLSX.utils.encode_cell({ r: first, c: 6 })] = { t: 's', v: [...members].reverse().join('、') };
    writeFileSync(join(dir, 'edited.xlsx'), XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }));
    const r = await verify(join(dir, 'edited.xlsx'));
    expect(r.code).toBe(1);
    expect(r.text).toMatch(/检查组第 1 项不一致/);
  });

  it('names a changed name cell of an XLSX plan, in the text and in --json', async () => {
    const path = await writePlan('named.xlsx');
    const wb = XLSX.read(readFileSync(path));
    const ws = wb.Sheets[PLAN_SHEET]!;
    const rows = XLSX.utils.sheet_to_json<string[]>(ws, { header: 1, raw: false });
    const first = rows.findIndex((r) => r[0] === '1');
    const ref = XLSX.utils.encode_cell({ r: first, c: 5 });
    ws[ref] = { t: 's', v: '冒名顶替' };
    writeFileSync(join(dir, 'renamed.xlsx'), XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }));
    const r = await verify(join(dir, 'renamed.xlsx'));
    expect(r.code).toBe(1);
    expect(r.text).toContain(`抽查计划 ${ref}（主检姓名，第 1 户）：文件中为“冒名顶替”`);
    const json = await verify(join(dir, 'renamed.xlsx'), '--json');
    const out = JSON.parse(json.text);
    expect(Object.keys(out)).toEqual(['match', 'source', 'digest', 'differences', 'cells']);
    expect(out.match).toBe(false);
    expect(out.cells).toEqual([
      expect.objectContaining({ sheet: '抽查计划', cell: ref, what: '主检姓名，第 1 户', found: '冒名顶替' }),
    ]);
  });

  it('says what it needs when a file is not a plan', async () => {
    writeFileSync(join(dir, 'x.json'), '{"hello": 1}');
    const r = await verify(join(dir, 'x.json'));
    expect(r.code).toBe(2);
    expect(r.text).toMatch(/不是有效的抽查计划文件/);
  });
});
