/** parseModel: a model file's problems come back as Chinese messages with their JSON paths. */
import { describe, expect, it } from 'vitest';
import { compileModel, getBuiltinModel, type GradingModel, parseModel, parseModelText } from './index.ts';

/** A deep copy of samr-risk to break on purpose. */
function samr(): GradingModel {
  return structuredClone(getBuiltinModel('samr-risk')!) as GradingModel;
}

function errorsOf(json: unknown): string[] {
  const r = parseModel(json);
  if (r.ok) throw new Error('expected the model to be rejected');
  expect(r.errors).toEqual(r.issues.map((i) => `${i.path}：${i.message}`));
  return r.errors;
}

describe('parseModel', () => {
  it('accepts every built-in model and returns it unchanged', () => {
    const m = samr();
    const r = parseModel(m);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.model).toEqual(m);
  });

  it('reports JSON syntax errors and a wrong format marker', () => {
    const r = parseModelText('{"id": ');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatch(/^（根）：不是有效的 JSON/);
    expect(errorsOf({ ...samr(), format: 'other/2' })).toEqual(['format：format 应为 "creditdesk-model/1"']);
  });

  it('rejects unknown keys (a misspelt field is never silently ignored)', () => {
    const m = samr() as unknown as Record<string, unknown>;
    (m.indicators as Array<Record<string, unknown>>)[0]!.pionts = 60;
    const errors = errorsOf(m);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^indicators\[0\]：/);
    expect(errors[0]).toContain('pionts');
  });

  it('rejects wrong types and values with their paths, in Chinese', () => {
    const m = samr() as unknown as { indicators: Array<Record<string, unknown>>; effectiveFrom: string };
    m.indicators[2]!.points = '150';
    m.indicators[3]!.cap = -90;
    m.effectiveFrom = '2026/01/01';
    const errors = errorsOf(m);
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^indicators\[2\]\.points：.*(数字|number)/),
        expect.stringMatching(/^indicators\[3\]\.cap：应为非负数/),
        'effectiveFrom：日期格式应为 YYYY-MM-DD',
      ]),
    );
    expect(errors.join('\n')).toMatch(/[\u4e00-\u9fff]/);
  });

  it('rejects points with more than two decimals', () => {
    const m = samr();
    m.indicators[0]!.points = 60.001;
    expect(errorsOf(m)).toEqual(['indicators[0].points：最多两位小数']);
  });

  it('checks that the bands tile the scale: gap, overlap, double-inclusive and empty bounds', () => {
    const gap = samr();
    gap.bands[1]!.max = 940;
    expect(errorsOf(gap)).toEqual(['bands[1].max：等级 B 与 A 之间有空档（940 到 950）']);

    const overlap = samr();
    overlap.bands[2]!.max = 860;
    expect(errorsOf(overlap)).toEqual(['bands[2].max：等级 C 与 B 的区间重叠（850 到 860）']);

    const both = samr();
    both.bands[1]!.maxInclusive = true;
    expect(errorsOf(both)).toEqual(['bands[1].max：分数 950 同时属于等级 A 和 B']);

    const neither = samr();
    neither.bands[0]!.minInclusive = false;
    expect(errorsOf(neither)).toEqual(['bands[1].max：分数 950 不属于任何等级']);

    const top = samr();
    top.bands[0]!.max = 990;
    expect(errorsOf(top)).toEqual(['bands[0].max：最高等级的上限应为分值上限 1000（含）']);

    const bottom = samr();
    bottom.bands[3]!.min = 100;
    expect(errorsOf(bottom)).toEqual(['bands[3].min：最低等级的下限应为分值下限 0（含）']);
  });

  it('checks ids, grades and references', () => {
    const m = samr();
    m.indicators[1]!.id = m.indicators[0]!.id;
    m.overrides![0]!.grade = 'Z';
    m.indicators[0]!.dimension = 'nowhere';
    const errors = errorsOf(m);
    expect(errors).toEqual(
      expect.arrayContaining([
        'indicators[1].id：指标标识 penalty 重复',
        'overrides[0].grade：等级 Z 不在本模型的等级中（A、B、C、D）',
        'indicators[0].dimension：未定义的维度 nowhere',
      ]),
    );
  });

  it('checks that a condition fits its record type and state', () => {
    const m = samr();
    m.indicators[8]!.sources = [{ type: 'complaint', qualified: false, state: 'inEffect' }];
    const errors = errorsOf(m);
    expect(errors).toEqual([
      'indicators[8].sources[0].qualified：条件 qualified 只适用于 quality_check 记录，此处记录类型为 complaint',
      'indicators[8].sources[0].state：“在影响期内”（inEffect）只适用于行政处罚和三类名单记录',
    ]);
  });

  it('rejects inspection result codes outside SPEC §6.6', () => {
    const m = samr();
    m.indicators[4]!.sources = [{ type: 'inspection', resultsAny: ['A', 'Z9'] }];
    const errors = errorsOf(m);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^indicators\[4\]\.sources\[0\]\.resultsAny\[1\]：未知的抽查检查结果代码 Z9/);
  });

  it('checks a dimension cannot lose more than its share', () => {
    const m = structuredClone(getBuiltinModel('heilongjiang-public-1000')!) as GradingModel;
    m.indicators[0]!.points = 40; // basic: 40 + 30 > 60
    expect(errorsOf(m)).toEqual([
      'dimensions：维度 basic 的扣分合计可达 70，超过该维度满分 60（请为逐条计分的指标设置封顶）',
    ]);
  });

  it('compileModel refuses an invalid model with the same messages', () => {
    const m = samr();
    m.bands[1]!.max = 940;
    expect(() => compileModel(m)).toThrow(/bands\[1\]\.max：等级 B 与 A 之间有空档/);
  });

  it('contains nothing executable: a string where a predicate goes is just an error', () => {
    const m = samr() as unknown as { indicators: Array<Record<string, unknown>> };
    m.indicators[0]!.sources = ['record => record.fine > 0'];
    const errors = errorsOf(m);
    expect(errors[0]).toMatch(/^indicators\[0\]\.sources\[0\]：/);
  });
});
