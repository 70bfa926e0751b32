/**
 * The column form of the candidates is only a faster way in: objects and columns must give the same
 * strata, digest, selection and teams, the same refusals, and the selected candidates' rows must point
 * back at them in the input.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  type CandidateColumns,
  commitmentText,
  drawPlanDetailed,
  fromCandidateColumns,
  prepareDraw,
  type SamplingCandidate,
  SamplingInputError,
  type SamplingTask,
  toCandidateColumns,
} from './index.ts';

const KINDS = ['enterprise', 'cooperative', 'individual', 'other'] as const;
const CLASSES = ['A', 'B', 'C', null] as const;
const SEED = '3c'.repeat(32);

const task: SamplingTask = {
  number: '测试市监抽〔2026〕1号',
  name: '列式候选',
  startDate: '2026-12-01',
  endDate: '2026-12-31',
  items: [{ code: 'A07', qualification: null }],
  teamSize: 2,
  classOrder: ['A', 'B', 'C'],
  ratios: {
    enterprise: { A: 500, B: 1000, C: 3000, unclassified: 2000 },
    individual: { A: 500, B: 500, C: 5000, unclassified: 1000 },
  },
  conflicts: [],
  exclusions: [{ entity: '91-000-0000-0007', reason: '在办案件' }],
};
const inspectors = Array.from({ length: 6 }, (_, i) => ({
  id: `E${i}`,
  name: `检查员${i}`,
  active: true,
  certificateExpiry: '2028-01-01',
  qualifications: [],
  expert: false,
}));

// Codes of several lengths, some needing normalisation (lower case, dashes, full width), some cancelled.
const candidates: SamplingCandidate[] = Array.from({ length: 900 }, (_, i) => {
  const code = `91${String((i * 7919) % 10007).padStart(5, '0')}${String(i).padStart(i % 5 === 0 ? 3 : 6, '0')}`;
  return {
    id:
      i % 11 === 0
        ? `${code.slice(0, 4)}-${code.slice(4)}`.toLowerCase()
        : i % 13 === 0
          ? `９${code.slice(1)}`
          : code,
    kind: KINDS[i % 4]!,
    class: CLASSES[(i * 3) % 4]!,
    status: i % 17 === 0 ? 'cancelled' : 'active',
  };
});
candidates.push({ id: '9100000000007', kind: 'enterprise', class: 'A', status: 'active' });

const classIndex = new Map(task.classOrder.map((c, i) => [c, i]));
const columnsOf = (list: readonly SamplingCandidate[]): CandidateColumns =>
  toCandidateColumns(list, classIndex).columns;

describe('candidates as columns', () => {
  it('give the same commitment and plan as the same candidates as objects', () => {
    const columns = columnsOf(candidates);
    expect(fromCandidateColumns(columns, task.classOrder)).toEqual(candidates);
    const asObjects = drawPlanDetailed({ task, candidates, inspectors }, SEED);
    const asColumns = drawPlanDetailed({ task, candidates: columns, inspectors }, SEED, {
      hash: () => createHash('sha256'),
    });
    expect(commitmentText(asColumns.prepared)).toBe(commitmentText(asObjects.prepared));
    expect(asColumns.digest).toBe(asObjects.digest);
    expect(asColumns.selected).toEqual(asObjects.selected);
    expect(asColumns.teams).toEqual(asObjects.teams);
    expect(asColumns.selected.length).toBeGreaterThan(50);
    expect(asColumns.prepared.removed).toEqual({ notActive: 53, excluded: 1 });
  });

  it('marked as plain ids (as the database read marks them), give the same plan without re-checking', () => {
    const plain = candidates.filter((c) => /^[0-9A-Z]+$/.test(c.id));
    expect(plain.length).toBeLessThan(candidates.length);
    const unmarked = drawPlanDetailed({ task, candidates: columnsOf(plain), inspectors }, SEED);
    const marked = drawPlanDetailed(
      { task, candidates: { ...columnsOf(plain), plainIds: true }, inspectors },
      SEED,
    );
    expect(commitmentText(marked.prepared)).toBe(commitmentText(unmarked.prepared));
    expect(marked.selected).toEqual(unmarked.selected);
  });

  it('give each selected candidate its row in the input', () => {
    const out = drawPlanDetailed({ task, candidates: columnsOf(candidates), inspectors }, SEED);
    expect(out.selectedRows).toHaveLength(out.selected.length);
    out.selected.forEach((s, i) => {
      const row = candidates[out.selectedRows[i]!]!;
      expect(
        prepareDraw({ task, inspectors, candidates: [{ ...row, status: 'active' }] }).strata[0]?.ids,
      ).toEqual([s.id]);
      expect([row.kind, row.class]).toEqual([s.kind, s.class]);
    });
    expect(new Set(out.selectedRows).size).toBe(out.selected.length);
  });

  it('refuse bad rows with the same messages as objects', () => {
    const bad: SamplingCandidate[] = [
      ...candidates.slice(0, 3),
      { id: 'X1', kind: 'nonsense' as never, class: null, status: 'active' },
      { id: 'X2', kind: 'enterprise', class: 'Z', status: 'active' },
      { id: 'X3', kind: 'enterprise', class: null, status: 'asleep' as never },
      { id: '', kind: 'enterprise', class: null, status: 'active' },
      ...Array.from({ length: 4 }, () => ({
        id: '',
        kind: 'other' as const,
        class: null,
        status: 'active' as const,
      })),
      candidates[1]!,
    ];
    const problems = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        if (e instanceof SamplingInputError) return e.problems;
      }
      return [];
    };
    const fromObjects = problems(() => prepareDraw({ task, inspectors, candidates: bad }));
    expect(fromObjects).toEqual([
      '第 4 个候选主体的类型“nonsense”无效',
      '第 5 个候选主体的等级“Z”不在等级顺序中',
      '第 6 个候选主体的状态“asleep”无效',
      '第 7 个候选主体没有标识',
      '第 8 个候选主体没有标识',
      '另有 3 个候选主体有误',
      `候选主体标识重复：${candidates[1]!.id}`,
    ]);
    // Columns built elsewhere (the database) with an index out of range are refused too.
    const columns = columnsOf(candidates.slice(0, 3));
    const outOfRange: CandidateColumns = { ...columns, classes: Uint8Array.of(0, 7, 1) };
    expect(problems(() => prepareDraw({ task, inspectors, candidates: outOfRange }))).toEqual([
      '第 2 个候选主体的类型、等级或状态无效，或没有标识',
    ]);
  });
});
