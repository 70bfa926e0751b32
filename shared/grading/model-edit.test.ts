import { describe, expect, it } from 'vitest';
import { getBuiltinModel } from './builtins.ts';
import { applyModelEdit, describeEdit, editableValues, fieldKey, nextVersion } from './model-edit.ts';
import type { GradingModel } from './types.ts';

function samr(): GradingModel {
  const m = getBuiltinModel('samr-risk');
  if (!m) throw new Error('samr-risk is built in');
  return m;
}

describe('the model form', () => {
  it('starts from the model’s own values and gives back the same model unchanged', () => {
    const m = samr();
    const edit = editableValues(m);
    expect(edit.thresholds).toEqual([950, 850, 700]);
    expect(edit.indicators.find((i) => i.id === 'penalty')).toEqual({ id: 'penalty', points: 60, cap: 240 });
    const r = applyModelEdit(m, edit, '1.0.1');
    expect(r.ok && { ...r.model, version: m.version }).toEqual(m);
    expect(r.ok && describeEdit(m, r.model)).toEqual([]);
  });

  it('moves a threshold on both sides of it and changes points and caps', () => {
    const m = samr();
    const edit = editableValues(m);
    edit.thresholds[1] = 870;
    edit.indicators = edit.indicators.map((i) =>
      i.id === 'penalty'
        ? { ...i, points: 80, cap: 320 }
        : i.id === 'commitment-violated'
          ? { ...i, cap: 100 }
          : i,
    );
    const r = applyModelEdit(m, edit, '1.0.1');
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.model.version).toBe('1.0.1');
    expect(r.model.bands.map((b) => [b.grade, b.min, b.max])).toEqual([
      ['A', 950, 1000],
      ['B', 870, 950],
      ['C', 700, 870],
      ['D', 0, 700],
    ]);
    expect(r.model.indicators.find((i) => i.id === 'penalty')).toMatchObject({ points: 80, cap: 320 });
    expect(describeEdit(m, r.model)).toEqual([
      '等级 B（信用风险一般）的下限：850 → 870',
      '指标“公示期内的行政处罚”的每次分值：60 → 80',
      '指标“公示期内的行政处罚”的封顶：240 → 320',
      '指标“累计违背信用承诺”的封顶：不封顶 → 100',
    ]);
    // Clearing a cap removes it.
    edit.indicators = edit.indicators.map((i) => (i.id === 'penalty' ? { ...i, cap: null } : i));
    const uncapped = applyModelEdit(m, edit, '1.0.1');
    expect(uncapped.ok && 'cap' in (uncapped.model.indicators[0] ?? {})).toBe(false);
  });

  it('names every problem in the form’s words, on the field that has it', () => {
    const m = samr();
    const edit = editableValues(m);
    edit.thresholds = [950, 960, null];
    edit.indicators = edit.indicators.map((i) =>
      i.id === 'penalty'
        ? { ...i, points: 60, cap: 30 }
        : i.id === 'complaint'
          ? { ...i, points: -10 }
          : i.id === 'commendation'
            ? { ...i, points: null }
            : i,
    );
    const r = applyModelEdit(m, { ...edit, effectiveFrom: '2026-13-01' }, '1.0.1');
    if (r.ok) throw new Error('should fail');
    const byField = Object.fromEntries(r.issues.map((i) => [i.field, `${i.label}：${i.message}`]));
    expect(byField[fieldKey.threshold(2)]).toBe('等级 C（信用风险较高）的下限：请填写');
    expect(byField[fieldKey.points('commendation')]).toBe('指标“近 36 个月内获得表彰奖励”的每次分值：请填写');
    // With every value filled in, the model's own checks speak.
    edit.thresholds = [950, 960, 700];
    edit.indicators = edit.indicators.map((i) => (i.id === 'commendation' ? { ...i, points: 20 } : i));
    const r2 = applyModelEdit(m, { ...edit, effectiveFrom: '2026-13-01' }, '1.0.1');
    if (r2.ok) throw new Error('should fail');
    const msgs = Object.fromEntries(r2.issues.map((i) => [i.field, `${i.label}：${i.message}`]));
    expect(msgs[fieldKey.threshold(1)]).toBe('等级 B（信用风险一般）的下限：应低于等级 A 的下限（950 分）');
    expect(msgs[fieldKey.cap('penalty')]).toBe('指标“公示期内的行政处罚”的封顶：封顶 30 小于单次分值 60');
    expect(msgs[fieldKey.points('complaint')]).toMatch(
      /^指标“近 12 个月内投诉举报属实”的每次分值：应为非负数/,
    );
    expect(msgs[fieldKey.effectiveFrom]).toBe('施行日期：日期格式应为 YYYY-MM-DD');
    for (const i of r2.issues) expect(`${i.label}${i.message}`).not.toMatch(/bands|indicators|\[\d+\]/);
  });

  it('refuses a threshold outside the scale and a form that does not fit the model', () => {
    const m = samr();
    const edit = editableValues(m);
    const r = applyModelEdit(m, { ...edit, thresholds: [1200, 850, 700] }, '1.0.1');
    expect(!r.ok && r.issues).toEqual([
      { field: 'threshold.0', label: '等级 A（信用风险低）的下限', message: '应在 0 到 1000 分之间' },
    ]);
    const same = applyModelEdit(m, { ...edit, thresholds: [950, 950, 0] }, '1.0.1');
    expect(!same.ok && same.issues.map((i) => `${i.label}：${i.message}`)).toEqual([
      '等级 B（信用风险一般）的下限：应低于等级 A 的下限（950 分）',
      '等级 C（信用风险较高）的下限：应高于分值下限 0 分，否则等级 D 没有分数段',
    ]);
    const short = applyModelEdit(m, { ...edit, thresholds: [950], indicators: [] }, '1.0.1');
    expect(!short.ok && short.issues.every((i) => i.field === fieldKey.model)).toBe(true);
  });

  it('numbers the new version after the highest stored one', () => {
    expect(nextVersion(['1.0.0'])).toBe('1.0.1');
    expect(nextVersion(['1.0.0', '1.0.9', '1.0.10'])).toBe('1.0.11');
    expect(nextVersion(['2'])).toBe('3');
  });
});
