import { describe, expect, it } from 'vitest';
import { normalizeResult, normalizeResults, proposedFollowUps, resultText } from './index.ts';

describe('inspection result vocabulary', () => {
  it('normalises codes, labels and the synonyms of SPEC §6.6', () => {
    expect(normalizeResult('不予配合情节严重')).toBe('8');
    expect(normalizeResult('发现问题已责令改正')).toBe('E');
    expect(normalizeResult('正常')).toBe('1');
    expect(normalizeResult('e')).toBe('E');
    expect(normalizeResult('通过登记的住所(经营场所)无法联系')).toBe('6');
    expect(normalizeResult('公示信息隐瞒真实情况、弄虚作假')).toBe('C');
    expect(normalizeResult('随便写写')).toBeNull();
  });

  it('adds the parent A for its children, orders by the vocabulary and rejects 1 with others', () => {
    expect(normalizeResults(['6', 'B', '6'])).toEqual(['A', 'B', '6']);
    expect(normalizeResults(['不予配合情节严重，E'])).toEqual(['E', '8']);
    expect(() => normalizeResults(['1', 'E'])).toThrow(/未发现问题/);
    expect(() => normalizeResults(['X9'])).toThrow(/无法识别/);
    expect(() => normalizeResults([])).toThrow();
  });

  it('proposes follow-ups for 无法联系 and 不配合', () => {
    expect(proposedFollowUps(['A', '6']).map((f) => f.kind)).toEqual(['abnormal_list']);
    expect(proposedFollowUps(['8']).map((f) => f.kind)).toEqual(['publish_non_cooperation']);
    expect(proposedFollowUps(['1'])).toEqual([]);
  });

  it('writes the notice text without the redundant parent', () => {
    expect(resultText(['A', 'B'])).toBe('未按规定公示应当公示的信息');
    expect(resultText(['A'])).toBe('发现问题待后续处理');
    expect(resultText(['E', '8'])).toBe('发现问题经责令已改正；不配合检查情节严重');
  });
});
