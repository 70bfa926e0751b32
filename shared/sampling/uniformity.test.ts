/**
 * Statistical checks over many seeds: within a stratum every candidate is selected equally often, every
 * candidate is equally likely at each position of the plan, and each eligible inspector equally likely to
 * lead. Pearson's chi-square against the uniform distribution, at p = 0.001. The seeds are fixed
 * (SHA-256 of a counter), so the test is deterministic; a biased `below` or Fisher–Yates (e.g. the
 * `Math.round(Math.random() * (n − 1))` anti-pattern of domain-facts §2.2) fails it by a wide margin.
 */
import { describe, expect, it } from 'vitest';
import { type DrawInput, drawPlan, type SamplingInspector, sha256 } from './index.ts';

const SEEDS = 4000;
const seed = (i: number) => sha256(Uint8Array.of(i & 255, (i >> 8) & 255, 0x5a));

/** Upper 0.1 % points of chi-square for the degrees of freedom used here. */
const CHI2_999: Record<number, number> = { 5: 20.515, 11: 31.264, 19: 43.82, 29: 59.703 };

function chiSquare(counts: readonly number[]): number {
  const total = counts.reduce((a, b) => a + b, 0);
  const expected = total / counts.length;
  return counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
}

const inspectors = (n: number): SamplingInspector[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `E${String(i).padStart(2, '0')}`,
    name: `${i}`,
    active: true,
    certificateExpiry: '2030-01-01',
    qualifications: [],
    expert: false,
  }));

/** enterprise/A: 20 candidates, 25 % → k = 5; individual/unclassified: 12 candidates, 1 bp → k = 1. */
const INPUT: DrawInput = {
  task: {
    number: 'chi2',
    name: '均匀性',
    startDate: '2026-12-01',
    endDate: '2026-12-31',
    items: [],
    teamSize: 2,
    classOrder: ['A'],
    ratios: { enterprise: { A: 2500 }, individual: { unclassified: 1 } },
    conflicts: [],
    exclusions: [],
  },
  candidates: [
    ...Array.from({ length: 20 }, (_, i) => ({
      id: `91${String(i).padStart(4, '0')}`,
      kind: 'enterprise' as const,
      class: 'A',
      status: 'active' as const,
    })),
    ...Array.from({ length: 12 }, (_, i) => ({
      id: `92${String(i).padStart(4, '0')}`,
      kind: 'individual' as const,
      class: null,
      status: 'active' as const,
    })),
  ],
  inspectors: inspectors(30),
};

describe('uniformity over many seeds (chi-square, p = 0.001)', () => {
  const plans = Array.from({ length: SEEDS }, (_, i) => drawPlan(INPUT, seed(i)));
  const ids = (prefix: string, n: number) =>
    Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(4, '0')}`);

  it('selects each candidate of a stratum equally often', () => {
    const a = ids('91', 20);
    const counts = a.map((id) => plans.filter((p) => p.selected.some((s) => s.id === id)).length);
    expect(counts.reduce((x, y) => x + y, 0)).toBe(SEEDS * 5);
    expect(chiSquare(counts)).toBeLessThan(CHI2_999[19]!);
    // The second stratum continues the same stream and is uniform too.
    const b = ids('92', 12);
    const countsB = b.map((id) => plans.filter((p) => p.selected.some((s) => s.id === id)).length);
    expect(chiSquare(countsB)).toBeLessThan(CHI2_999[11]!);
  });

  it('puts each candidate first and last in the stratum selection equally often', () => {
    const a = ids('91', 20);
    for (const position of [0, 4]) {
      const counts = a.map((id) => plans.filter((p) => p.selected[position]!.id === id).length);
      expect(chiSquare(counts)).toBeLessThan(CHI2_999[19]!);
    }
  });

  it('picks each eligible inspector as lead of an entity equally often', () => {
    const e = inspectors(30).map((i) => i.id);
    const counts = e.map((id) => plans.filter((p) => p.teams[0]!.lead === id).length);
    expect(chiSquare(counts)).toBeLessThan(CHI2_999[29]!);
  });

  it('detects a biased draw (the check has power)', () => {
    // Rounding a float into 0…n−1 gives the ends half weight: exactly the bias the test must catch.
    const counts = new Array(20).fill(0);
    for (let i = 0; i < SEEDS * 5; i++) {
      const u = sha256(Uint8Array.of(i & 255, (i >> 8) & 255, i >> 16))[0]! / 256;
      counts[Math.round(u * 19)]++;
    }
    expect(chiSquare(counts)).toBeGreaterThan(CHI2_999[19]!);
  });
});
