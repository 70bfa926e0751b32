/**
 * Properties of the draw that the "done" asks for: deterministic for a seed in any input order,
 * different for different seeds, counts as the profile says, exclusions and conflicts never drawn,
 * unstaffed entities listed, loads capped, bad input refused.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type DrawInput,
  DrawStream,
  drawPlan,
  type SamplingCandidate,
  SamplingInputError,
  type SamplingInspector,
  type SamplingTask,
  sha256,
  toHex,
} from './index.ts';

const seedOf = (n: number) => toHex(sha256(Uint8Array.of(n & 255, n >> 8, 7)));

const KINDS = ['enterprise', 'cooperative', 'individual', 'other'] as const;
const CLASSES = ['A', 'B', 'C', 'D', null] as const;

function county(n: number, inspectorCount = 12): DrawInput {
  const candidates: SamplingCandidate[] = Array.from({ length: n }, (_, i) => ({
    id: `91${String((i * 7919) % 100000).padStart(6, '0')}${String(i).padStart(5, '0')}`,
    kind: KINDS[i % 4]!,
    class: CLASSES[(i * 3) % 5]!,
    status: i % 17 === 0 ? 'cancelled' : 'active',
  }));
  const inspectors: SamplingInspector[] = Array.from({ length: inspectorCount }, (_, i) => ({
    id: `E${String(i + 1).padStart(3, '0')}`,
    name: `检查员${i + 1}`,
    active: i !== 3,
    certificateExpiry: i === 4 ? '2026-01-01' : '2028-06-30',
    qualifications: i % 2 === 0 ? ['特种设备安全监察员'] : [],
    expert: i === 5,
  }));
  const profile = { A: 300, B: 500, C: 1000, D: 3000, unclassified: 500 };
  const task: SamplingTask = {
    number: '测试市监抽〔2026〕9号',
    name: '公示信息抽查',
    startDate: '2026-12-01',
    endDate: '2026-12-31',
    items: [{ code: 'A07', qualification: null }],
    teamSize: 2,
    classOrder: ['A', 'B', 'C', 'D'],
    ratios: { enterprise: profile, cooperative: profile, individual: { ...profile, A: 100 }, other: profile },
    // Small pools (n < 6) simply have fewer conflicts and exclusions.
    conflicts: [
      { inspector: 'E001', entity: candidates[1]?.id },
      { inspector: 'E002', entity: candidates[1]?.id },
      { inspector: 'E003', entity: candidates[2]?.id },
    ].flatMap((c) => (c.entity ? [{ inspector: c.inspector, entity: c.entity }] : [])),
    exclusions: candidates[5] ? [{ entity: candidates[5].id, reason: '已在其他计划中' }] : [],
  };
  return { task, candidates, inspectors };
}

function shuffle<T>(a: readonly T[], seed: number): T[] {
  const out = [...a];
  let x = seed || 1;
  for (let i = out.length - 1; i > 0; i--) {
    x = (x * 1103515245 + 12345) % 2147483648;
    const j = x % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('determinism', () => {
  const input = county(600);

  it('gives the same plan for the same seed in any input order', () => {
    const reference = drawPlan(input, seedOf(1));
    for (let p = 1; p <= 5; p++) {
      const permuted: DrawInput = {
        task: {
          ...input.task,
          conflicts: shuffle(input.task.conflicts, p),
          exclusions: shuffle(input.task.exclusions, p),
          items: shuffle([...input.task.items, { code: 'A08', qualification: null }], p),
        },
        candidates: shuffle(input.candidates, p * 31),
        inspectors: shuffle(input.inspectors, p * 17),
      };
      const withA08 = drawPlan(
        {
          ...input,
          task: { ...input.task, items: [...input.task.items, { code: 'A08', qualification: null }] },
        },
        seedOf(1),
      );
      expect(drawPlan(permuted, seedOf(1))).toEqual(withA08);
    }
    expect(drawPlan(input, seedOf(1))).toEqual(reference);
  });

  it('gives the same plan with an injected SHA-256 (node:crypto) as with the pure one', () => {
    expect(drawPlan(input, seedOf(2), { hash: () => createHash('sha256') })).toEqual(
      drawPlan(input, seedOf(2)),
    );
  });

  it('accepts the seed in either case and as bytes', () => {
    const seed = seedOf(2);
    const bytes = Uint8Array.from(seed.match(/../g)!.map((h) => Number.parseInt(h, 16)));
    expect(drawPlan(input, seed.toUpperCase())).toEqual(drawPlan(input, bytes));
  });

  it('commits to the inputs: any change of candidates, task or inspectors changes the digest', () => {
    const base = drawPlan(input, seedOf(3)).digest;
    const dropOne = { ...input, candidates: input.candidates.filter((_, i) => i !== 1) };
    const moreA = {
      ...input,
      task: { ...input.task, ratios: { ...input.task.ratios, enterprise: { A: 400 } } },
    };
    const renamedItem = { ...input, task: { ...input.task, items: [{ code: 'A08', qualification: null }] } };
    const lessInspectors = { ...input, inspectors: input.inspectors.slice(1) };
    const reclassified = {
      ...input,
      candidates: input.candidates.map((c, i) => (i === 7 ? { ...c, class: 'D' } : c)),
    };
    const digests = [dropOne, moreA, renamedItem, lessInspectors, reclassified].map(
      (i) => drawPlan(i, seedOf(3)).digest,
    );
    expect(new Set([base, ...digests]).size).toBe(6);
    // …but not on what the draw ignores: names, reasons.
    const renamed = { ...input, inspectors: input.inspectors.map((i) => ({ ...i, name: '改名' })) };
    expect(drawPlan(renamed, seedOf(3)).digest).toBe(base);
  });

  it('gives different plans for different seeds', () => {
    const plans = Array.from({ length: 20 }, (_, s) =>
      JSON.stringify(drawPlan(input, seedOf(100 + s)).selected),
    );
    expect(new Set(plans).size).toBe(20);
  });

  it('normalises identifiers (full-width, dashes, lower case) before sorting and committing', () => {
    const small = county(40);
    const messy = {
      ...small,
      candidates: small.candidates.map((c, i) =>
        i % 3 === 0 ? { ...c, id: `${c.id.slice(0, 8)}-${c.id.slice(8)}`.replace('9', '９') } : c,
      ),
    };
    expect(drawPlan(messy, seedOf(4))).toEqual(drawPlan(small, seedOf(4)));
  });
});

describe('counts, exclusions, conflicts and teams', () => {
  it('follows the profile in every stratum and never draws a removed candidate', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), fc.nat(1000), (n, s) => {
        const input = county(n);
        const plan = drawPlan(input, seedOf(s));
        const excluded = new Set(input.task.exclusions.map((e) => e.entity));
        const live = input.candidates.filter((c) => c.status === 'active' && !excluded.has(c.id));
        for (const st of plan.strata) {
          const members = live.filter((c) => c.kind === st.kind && c.class === st.class);
          expect(st.N).toBe(members.length);
          const bp = input.task.ratios[st.kind]?.[st.class ?? 'unclassified'] ?? 0;
          expect(st.bp).toBe(bp);
          expect(st.k).toBe(Math.min(st.N, Math.ceil((st.N * bp) / 10000)));
          const picked = plan.selected.filter((x) => x.kind === st.kind && x.class === st.class);
          expect(picked).toHaveLength(st.k);
          for (const x of picked) expect(members.some((m) => m.id === x.id)).toBe(true);
        }
        expect(plan.strata.reduce((t, st) => t + st.N, 0)).toBe(live.length);
        expect(new Set(plan.selected.map((x) => x.id)).size).toBe(plan.selected.length);
        for (const x of plan.selected) expect(excluded.has(x.id)).toBe(false);
        // Every selected entity is either staffed or listed unstaffed, in plan order.
        expect([...plan.teams.map((t) => t.entity), ...plan.unstaffed].sort()).toEqual(
          plan.selected.map((x) => x.id).sort(),
        );
      }),
      { numRuns: 60 },
    );
  });

  it('staffs teams only with eligible inspectors, never a conflicted pair, lead first', () => {
    const input = county(2000);
    input.task.items.push({ code: 'C03', qualification: '特种设备安全监察员' });
    const plan = drawPlan(input, seedOf(5));
    const eligible = new Set(['E001', 'E003', 'E007', 'E009', 'E011']); // even index, not E004 (inactive)/E005 (expired)/E006 (expert)
    expect(new Set(plan.eligibleInspectors)).toEqual(eligible);
    const conflicts = new Set(input.task.conflicts.map((c) => `${c.entity}|${c.inspector}`));
    expect(plan.teams.length).toBeGreaterThan(50);
    for (const t of plan.teams) {
      expect(t.inspectors).toHaveLength(2);
      expect(new Set(t.inspectors).size).toBe(2);
      expect(t.lead).toBe(t.inspectors[0]);
      for (const i of t.inspectors) {
        expect(eligible.has(i)).toBe(true);
        expect(conflicts.has(`${t.entity}|${i}`)).toBe(false);
      }
    }
  });

  // Without conflicts the cap only rises at the very end, when a single inspector is left under it (a
  // team needs two different people), so no load exceeds the initial cap by more than one.
  it('keeps loads within ceil(k × teamSize / |E_task|) + 1 when nothing forces more', () => {
    const input = county(3000);
    input.task.conflicts = [];
    const plan = drawPlan(input, seedOf(6));
    const k = plan.selected.length;
    const cap = Math.ceil((k * 2) / plan.eligibleInspectors.length);
    const load = new Map<string, number>();
    for (const t of plan.teams) for (const i of t.inspectors) load.set(i, (load.get(i) ?? 0) + 1);
    expect(Math.max(...load.values())).toBeLessThanOrEqual(cap + 1);
    expect([...load.values()].reduce((a, b) => a + b, 0)).toBe(k * 2);
  });

  it('raises the cap when conflicts leave too few inspectors under it', () => {
    // 3 inspectors, 3 entities, teams of 2 → cap = 2. Entity X conflicts with I1, so it needs I2 and I3.
    // Whatever the seed, the draw completes, and the cap rises only if the earlier teams used I2/I3 twice.
    const input: DrawInput = {
      task: {
        number: '1',
        name: 't',
        startDate: '2026-12-01',
        endDate: '2026-12-02',
        items: [],
        teamSize: 2,
        classOrder: [],
        ratios: { enterprise: { unclassified: 10000 } },
        conflicts: [{ inspector: 'I1', entity: '93' }],
        exclusions: [],
      },
      candidates: ['91', '92', '93'].map((id) => ({ id, kind: 'enterprise', class: null, status: 'active' })),
      inspectors: ['I1', 'I2', 'I3'].map((id) => ({
        id,
        name: id,
        active: true,
        certificateExpiry: '2027-01-01',
        qualifications: [],
        expert: false,
      })),
    };
    let raised = 0;
    for (let s = 0; s < 50; s++) {
      const plan = drawPlan(input, seedOf(s));
      expect(plan.unstaffed).toEqual([]);
      const t93 = plan.teams.find((t) => t.entity === '93')!;
      expect([...t93.inspectors].sort()).toEqual(['I2', 'I3']);
      const load = new Map<string, number>();
      for (const t of plan.teams) for (const i of t.inspectors) load.set(i, (load.get(i) ?? 0) + 1);
      if (Math.max(...load.values()) > 2) raised++;
    }
    expect(raised).toBeGreaterThan(0);
  });

  it('lists unstaffed entities instead of shrinking teams', () => {
    const input = county(300, 4); // E001–E004; E004 inactive → 3 eligible
    const plan = drawPlan(input, seedOf(7));
    expect(plan.eligibleInspectors).toEqual(['E001', 'E002', 'E003']);
    // candidates[1] conflicts with E001 and E002 → only E003 left → unstaffed if selected.
    const full = { A: 10000, B: 10000, C: 10000, D: 10000, unclassified: 10000 };
    const ratios = { enterprise: full, cooperative: full, individual: full, other: full };
    const all = drawPlan({ ...input, task: { ...input.task, ratios } }, seedOf(7));
    expect(all.selected).toHaveLength(all.strata.reduce((n, s) => n + s.N, 0));
    expect(all.unstaffed).toEqual([input.candidates[1]!.id]);
    expect(all.teams.some((t) => t.entity === input.candidates[1]!.id)).toBe(false);
    expect(all.warnings.join()).toMatch(/无法配齐/);

    const tooFew = drawPlan({ ...input, task: { ...input.task, teamSize: 4 } }, seedOf(7));
    expect(tooFew.teams).toEqual([]);
    expect(tooFew.unstaffed).toEqual(tooFew.selected.map((s) => s.id));
    expect(tooFew.warnings.join()).toMatch(/不足每组 4 名/);
  });

  it('warns when a 公示信息抽查 (A07) plan is below 3% of the pool', () => {
    const input = county(1000);
    const low = { ...input, task: { ...input.task, ratios: { enterprise: { A: 100 } } } };
    expect(drawPlan(low, seedOf(8)).warnings.join()).toMatch(/低于 3%/);
    expect(drawPlan(input, seedOf(8)).warnings.join()).not.toMatch(/低于 3%/);
  });
});

describe('k = min(N, ceil(N × bp / 10000)) in integers', () => {
  // N × bp / 10000 computed by hand: 1 × 1 = 0.0001 → 1; 3333 × 3 = 0.9999 → 1; 10000 × 3 = 3 exactly → 3;
  // 10001 × 3 = 3.0003 → 4; 7 × 0 → 0; 7 × 10000 → 7; 200 × 150 = 3 → 3; 201 × 150 = 3.015 → 4.
  const cases: [number, number, number][] = [
    [1, 1, 1],
    [3333, 3, 1],
    [10000, 3, 3],
    [10001, 3, 4],
    [7, 0, 0],
    [7, 10000, 7],
    [200, 150, 3],
    [201, 150, 4],
  ];
  it.each(cases)('N = %i, bp = %i → k = %i', (n, bp, k) => {
    const input: DrawInput = {
      task: { ...county(0).task, conflicts: [], exclusions: [], ratios: { other: { unclassified: bp } } },
      candidates: Array.from({ length: n }, (_, i) => ({
        id: `9${i}`,
        kind: 'other',
        class: null,
        status: 'active',
      })),
      inspectors: [],
    };
    const plan = drawPlan(input, seedOf(11));
    expect(plan.strata).toEqual([{ kind: 'other', class: null, N: n, k, bp }]);
    expect(plan.selected).toHaveLength(k);
    expect(plan.unstaffed).toHaveLength(k); // no inspectors at all: every selected entity is listed
  });
});

describe('below(n)', () => {
  class Scripted extends DrawStream {
    private readonly words: number[];
    constructor(words: number[]) {
      super(new Uint8Array(32), new Uint8Array(32));
      this.words = [...words];
    }
    override nextWord(): number {
      this.wordsUsed++;
      return this.words.shift()!;
    }
  }

  it('rejects words at or above the largest multiple of n', () => {
    // n = 3: limit = 4294967295, so 0xffffffff is rejected and the next word is used.
    const s = new Scripted([0xffffffff, 7]);
    expect(s.below(3)).toBe(1);
    expect(s.wordsUsed).toBe(2);
    // n = 10: 2^32 mod 10 = 6 → limit = 4294967290; 4294967289 is accepted (→ 9), 4294967290 is not.
    const t = new Scripted([4294967290, 4294967289]);
    expect(t.below(10)).toBe(9);
    expect(t.wordsUsed).toBe(2);
    // n = 1 consumes a word and returns 0.
    const u = new Scripted([123]);
    expect(u.below(1)).toBe(0);
    expect(u.wordsUsed).toBe(1);
  });
});

describe('refused inputs', () => {
  const input = county(50);
  const refuse = (i: DrawInput, seed = seedOf(9)) => {
    try {
      drawPlan(i, seed);
    } catch (e) {
      expect(e).toBeInstanceOf(SamplingInputError);
      return (e as SamplingInputError).message;
    }
    throw new Error('accepted');
  };

  it('explains what is wrong, in Chinese', () => {
    expect(refuse(input, 'abcd')).toMatch(/随机种子/);
    expect(refuse({ ...input, task: { ...input.task, teamSize: 1 } })).toMatch(/不得少于 2 名/);
    expect(refuse({ ...input, task: { ...input.task, ratios: { enterprise: { A: 500, B: 300 } } } })).toMatch(
      /单调不减/,
    );
    expect(refuse({ ...input, task: { ...input.task, ratios: { enterprise: { E: 500 } } } })).toMatch(
      /不在等级顺序/,
    );
    expect(refuse({ ...input, task: { ...input.task, ratios: { enterprise: { A: 10001 } } } })).toMatch(
      /0–10000/,
    );
    expect(
      refuse({ ...input, candidates: [...input.candidates, { ...input.candidates[3]!, kind: 'other' }] }),
    ).toMatch(/标识重复/);
    expect(refuse({ ...input, candidates: [{ ...input.candidates[0]!, class: 'Z' }] })).toMatch(
      /不在等级顺序/,
    );
    expect(refuse({ ...input, inspectors: [...input.inspectors, input.inspectors[0]!] })).toMatch(
      /工号“E001”重复/,
    );
  });
});
