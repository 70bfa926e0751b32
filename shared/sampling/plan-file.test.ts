/** Plan documents: built from a draw, verified from their embedded candidates or a given list, tampering found. */
import { describe, expect, it } from 'vitest';
import {
  buildPlanDocument,
  type DrawInput,
  drawPlanDetailed,
  type PlanDocument,
  parsePlanDocument,
  sha256,
  toHex,
  verifyPlan,
} from './index.ts';

const input: DrawInput = {
  task: {
    number: '测〔2026〕2号',
    name: '登记事项检查',
    startDate: '2026-12-01',
    endDate: '2026-12-20',
    items: [{ code: 'A08', qualification: null }],
    teamSize: 2,
    classOrder: ['A', 'B', 'C', 'D'],
    ratios: { enterprise: { A: 1000, B: 2000, C: 5000, D: 10000, unclassified: 3000 } },
    conflicts: [{ inspector: 'E02', entity: '9100003' }],
    exclusions: [{ entity: '9100004', reason: '本年度已检查' }],
  },
  candidates: Array.from({ length: 80 }, (_, i) => ({
    id: `91000${String(i).padStart(2, '0')}`,
    kind: 'enterprise' as const,
    class: (['A', 'B', 'C', 'D', null] as const)[i % 5]!,
    status: i === 9 ? ('revoked' as const) : ('active' as const),
  })),
  inspectors: Array.from({ length: 6 }, (_, i) => ({
    id: `E0${i}`,
    name: `检查员${i}`,
    active: true,
    certificateExpiry: '2027-06-30',
    qualifications: [],
    expert: false,
  })),
};
const SEED = toHex(sha256(Uint8Array.of(1, 2, 3)));

function plan(): PlanDocument {
  const outcome = drawPlanDetailed(input, SEED);
  // Through JSON and back, as a file would go.
  return parsePlanDocument(
    JSON.parse(
      JSON.stringify(
        buildPlanDocument(input, outcome, { drawnAt: '2026-11-21T08:00:00Z', drawnBy: 'admin' }),
      ),
    ),
  );
}

describe('plan documents', () => {
  it('embed the committed candidates and verify from them alone', () => {
    const p = plan();
    expect(p.candidates!.reduce((n, s) => n + s.ids.length, 0)).toBe(78); // 80 − revoked − excluded
    const v = verifyPlan(p);
    expect(v).toMatchObject({ match: true, source: 'embedded', differences: [] });
  });

  it('verify against the full candidate list in any order', () => {
    const v = verifyPlan(plan(), [...input.candidates].reverse());
    expect(v.match).toBe(true);
    expect(v.source).toBe('candidates');
  });

  it('find a different candidate list', () => {
    const other = input.candidates.map((c, i) => (i === 12 ? { ...c, class: 'D' } : c));
    const v = verifyPlan(plan(), other);
    expect(v.match).toBe(false);
    expect(v.differences[0]).toMatch(/承诺摘要不一致/);
    expect(v.differences.join()).toMatch(/所附候选名单与所给候选名单不一致/);
  });

  it('find an edited selection, team, lead, seed or embedded list', () => {
    const swapped = plan();
    swapped.selected[0] = { ...swapped.selected[0]!, id: '9100099' };
    expect(verifyPlan(swapped).differences.join()).toMatch(/抽中主体第 1 项不一致/);

    const team = plan();
    team.teams[1]!.inspectors = [...team.teams[1]!.inspectors].reverse();
    team.teams[1]!.lead = team.teams[1]!.inspectors[0]!;
    expect(verifyPlan(team).differences.join()).toMatch(/检查组第 2 项不一致/);

    const lead = plan();
    lead.teams[0]!.lead = lead.teams[0]!.inspectors[1]!;
    expect(verifyPlan(lead).differences.join()).toMatch(/主检/);

    const seed = plan();
    seed.seed = toHex(sha256(Uint8Array.of(9)));
    expect(verifyPlan(seed).match).toBe(false);

    const list = plan();
    list.candidates![0]!.ids.pop();
    expect(verifyPlan(list).differences[0]).toMatch(/承诺摘要不一致/);
  });

  it('need a candidate list when none is embedded', () => {
    const outcome = drawPlanDetailed(input, SEED);
    const p = buildPlanDocument(input, outcome, { omitCandidates: true });
    expect(p.candidates).toBeNull();
    expect(() => verifyPlan(p)).toThrow(/--candidates/);
    expect(verifyPlan(p, input.candidates).match).toBe(true);
  });

  it('refuse a file that is not a plan', () => {
    expect(() => parsePlanDocument({ format: 'x' })).toThrow(/不是有效的抽查计划文件/);
  });
});
