/** A rejected model file says, in the model form's words, which field is missing or wrong. */
import { describe, expect, it } from 'vitest';
import { getBuiltinModel } from './builtins.ts';
import { placeOf } from './model-fields.ts';
import { parseModel, readableIssue } from './schema.ts';

const samr = () => structuredClone(getBuiltinModel('samr-risk')) as unknown as Record<string, unknown>;

function readable(json: unknown): string[] {
  const r = parseModel(json);
  if (r.ok) throw new Error('expected the model to be rejected');
  return r.issues.map(readableIssue);
}

describe('model file problems in words', () => {
  it('names a missing top-level field', () => {
    const m = samr();
    delete m.name;
    const lines = readable(m);
    expect(lines).toEqual(['模型文件缺少必填项“模型名称”']);
    expect(lines.join('')).not.toMatch(/期望|undefined|string/);
  });

  it('names a missing field of the n-th indicator', () => {
    const m = samr();
    const indicators = m.indicators as Array<Record<string, unknown>>;
    delete (indicators[2] as Record<string, unknown>).label;
    expect(readable(m)).toEqual(['第 3 个指标缺少必填项“显示名称”']);
  });

  it('says where a wrong value is and what it should be', () => {
    const m = samr();
    const indicators = m.indicators as Array<Record<string, unknown>>;
    (indicators[0] as Record<string, unknown>).points = '六十';
    expect(readable(m)).toEqual(['第 1 个指标的“分值”：应填写数字']);
  });

  it('points at a misspelt key', () => {
    const m = samr();
    m.nmae = '拼错';
    expect(readable(m)).toEqual(['模型文件：有无法识别的项 “nmae”（可能拼写有误）']);
  });

  it('reads nested paths', () => {
    expect(placeOf('indicators[4].sources[0].within.months')).toBe(
      '第 5 个指标的第 1 个计分来源的“时间范围”的“月数”',
    );
    expect(placeOf('bands[1].max')).toBe('第 2 个等级的“上限”');
  });
});
