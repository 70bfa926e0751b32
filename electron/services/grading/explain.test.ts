/**
 * Explanations read without the specification: every indicator of every built-in model says what it
 * counted and over which window, with the count and the points, and no internal names leak through
 * (model or indicator ids, scheme ids, "SPEC", "§").
 */
import { describe, expect, it } from 'vitest';
import { evidenceSummary } from '../../../shared/grading/evidence.ts';
import { builtinModels } from '../../../shared/grading/builtins.ts';
import { countUnit, indicatorHeadline, indicatorWindow } from '../../../shared/grading/indicator-phrase.ts';
import type { GradingModel, Indicator } from '../../../shared/grading/types.ts';
import { describeModel } from './describe-model.ts';
import { changeReasons, explanationLines, explanationSummary } from './explain.ts';
import type { StoredBreakdown, StoredLine } from './result-codec.ts';

/** Words that name what a source counts; a label must use one of them. */
const COUNTED_WORDS: Record<string, string[]> = {
  penalty: ['处罚', '罚款'],
  abnormal_list: ['经营异常'],
  serious_violation_list: ['严重违法失信'],
  joint_punishment: ['联合惩戒'],
  inspection: ['抽查检查'],
  complaint: ['投诉举报'],
  annual_report: ['年度报告'],
  quality_check: ['抽检'],
  commitment: ['信用承诺'],
  commendation: ['表彰奖励'],
  change: ['变更'],
  public_credit_score: ['公共信用'],
  annualReportsMissing: ['年度报告'],
  yearsEstablished: ['经营年限'],
};

/** The ways a window may be said, per source. */
function windowWords(src: Indicator['sources'][number]): string[] {
  if ('derived' in src) return src.derived === 'annualReportsMissing' ? [`近 ${src.years} 年`] : ['自成立起'];
  if (src.within) {
    const m = src.within.months;
    return m % 12 === 0 ? [`近 ${m} 个月`, `近 ${m / 12} 年`] : [`近 ${m} 个月`];
  }
  if (src.type === 'penalty') return ['公示期内'];
  if (src.type === 'abnormal_list' && src.state !== 'removed') return ['当前'];
  if (src.type === 'serious_violation_list' || src.type === 'joint_punishment') return ['在列期间'];
  return ['累计'];
}

function allIds(models: readonly GradingModel[]): string[] {
  const ids = new Set<string>();
  for (const m of models) {
    ids.add(m.id);
    for (const i of m.indicators) ids.add(i.id);
    for (const o of m.overrides ?? []) ids.add(o.id);
    for (const d of m.dimensions ?? []) ids.add(d.id);
    if (m.scoreOnly) ids.add(m.scoreOnly.scheme);
  }
  return [...ids];
}

const MODELS = builtinModels();
const IDS = allIds(MODELS);
/** Internal names: an id made of ASCII words joined by hyphens, a spec citation, a seed-file name. */
function expectReadable(text: string): void {
  expect(text).not.toMatch(/SPEC|§|种子文件|本项目/);
  expect(text).not.toMatch(/[a-z]+-[a-z0-9]+/);
  for (const id of IDS) if (id.length > 4) expect(text).not.toContain(id);
}

const lineOf = (ind: Indicator, count: number): StoredLine => ({
  indicator: ind.id,
  label: ind.label,
  points: (ind.kind === 'deduction' ? -1 : 1) * Math.min(ind.points * count, ind.cap ?? Infinity),
  count,
  evidence: [],
});

const byId = (m: GradingModel) => (id: string) => m.indicators.find((i) => i.id === id);

describe('explanation lines of every built-in indicator', () => {
  for (const model of MODELS) {
    for (const ind of model.indicators) {
      it(`${model.name}：${ind.label}`, () => {
        // The built-in label itself says the window (the explanation adds nothing in front of it).
        expect(indicatorHeadline(ind)).toBe(ind.label);
        const count = Math.max(2, ind.minCount ?? 1);
        const b: StoredBreakdown = { scoreOnly: false, lines: [lineOf(ind, count)], overrides: [] };
        const [line] = explanationLines(b, null, null, (g) => g, byId(model));
        const text = line?.text ?? '';
        // What was counted.
        const kinds = ind.sources.map((s) => ('derived' in s ? s.derived : s.type));
        expect(kinds.some((k) => (COUNTED_WORDS[k] ?? []).some((w) => text.includes(w)))).toBe(true);
        // Over which window: every source's window is said.
        for (const s of ind.sources) expect(windowWords(s).some((w) => text.includes(w))).toBe(true);
        // How many, in the right counting word, and the points.
        const unit = countUnit(ind);
        expect(text).toContain(ind.mode === 'perRecord' ? ` ${count} ${unit}` : `（共 ${count} ${unit}）`);
        expect(text).toMatch(ind.kind === 'deduction' ? /，扣 [\d.]+ 分$/ : /，加 [\d.]+ 分$/);
        expectReadable(text);
      });
    }
  }

  it('reads like an officer writes it: 近 36 个月内…2 起…，扣 120 分', () => {
    const samr = MODELS.find((m) => m.indicators.some((i) => i.id === 'penalty')) as GradingModel;
    const penalty = byId(samr)('penalty') as Indicator;
    const b: StoredBreakdown = {
      scoreOnly: false,
      lines: [{ indicator: 'penalty', label: penalty.label, points: -120, count: 2, evidence: [] }],
      overrides: [],
    };
    expect(explanationLines(b, null, null, (g) => g, byId(samr))[0]?.text).toBe(
      '公示期内的行政处罚 2 起，扣 120 分',
    );
    expect(explanationSummary(b, (g) => g, byId(samr))).toBe('公示期内的行政处罚 2 起，扣 120 分');
  });

  it('puts the window in front of an imported label that does not say it', () => {
    const ind: Indicator = {
      id: 'complaints',
      label: '投诉举报属实',
      kind: 'deduction',
      sources: [{ type: 'complaint', substantiated: true, within: { months: 18 } }],
      mode: 'perRecord',
      points: 10,
    };
    expect(indicatorWindow(ind)).toBe('近 18 个月内');
    const b: StoredBreakdown = { scoreOnly: false, lines: [lineOf(ind, 3)], overrides: [] };
    expect(
      explanationLines(
        b,
        null,
        null,
        (g) => g,
        () => ind,
      )[0]?.text,
    ).toBe('近 18 个月内投诉举报属实 3 件，扣 30 分');
  });

  it('names the window in a comparison of two runs', () => {
    const samr = MODELS[0] as GradingModel;
    const complaint = byId(samr)('complaint') as Indicator;
    const none: StoredBreakdown = { scoreOnly: false, lines: [], overrides: [] };
    const some: StoredBreakdown = { scoreOnly: false, lines: [lineOf(complaint, 2)], overrides: [] };
    const [reason] = changeReasons(none, some, (g) => g, byId(samr));
    expect(reason).toMatch(/^近 12 个月内投诉举报属实：无 → 扣 \d+ 分（2 件）$/);
  });
});

describe('models and evidence in plain Chinese', () => {
  for (const model of MODELS) {
    it(`${model.name}: the model description cites no specification and no ids`, () => {
      const d = describeModel(model);
      const all = [
        d.scale,
        ...d.bands.map((b) => `${b.label} ${b.range}`),
        ...d.indicators,
        ...d.overrides,
        ...d.notes,
      ];
      for (const text of all) expectReadable(text);
    });
  }

  it('names a public credit score scheme by its model name, not its id', () => {
    const publicModel = MODELS.find((m) => m.scoreOnly) as GradingModel;
    const text = evidenceSummary(
      { type: 'public_credit_score', date: '2026-03-01', scheme: publicModel.id, score: 88, grade: 'A' },
      'enterprise',
    );
    expect(text).toContain(publicModel.name);
    expectReadable(text);
  });
});
