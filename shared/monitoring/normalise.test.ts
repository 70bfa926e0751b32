import { describe, expect, it } from 'vitest';
import { normaliseAddress, normalisePersonName } from './normalise.ts';

describe('normaliseAddress', () => {
  it('reads full-width digits, letters and spaces as half-width', () => {
    expect(normaliseAddress('幸福路１２号')).toBe('幸福路12号');
    expect(normaliseAddress('商务大厦Ａ座３０１室')).toBe('商务大厦A座301室');
    expect(normaliseAddress('幸福路　12号')).toBe('幸福路12号');
    expect(normaliseAddress('幸福路12号（东侧）')).toBe('幸福路12号(东侧)');
  });

  it('removes every whitespace, inside and around', () => {
    expect(normaliseAddress('  幸福路 12 号\t3 幢\n ')).toBe('幸福路12号3幢');
    expect(normaliseAddress('幸福路\u00A012号')).toBe('幸福路12号');
    expect(normaliseAddress('幸福路\u200B12号')).toBe('幸福路12号');
  });

  it('upper-cases letters', () => {
    expect(normaliseAddress('幸福路12号b座')).toBe('幸福路12号B座');
    expect(normaliseAddress('幸福路12号ｂ座')).toBe('幸福路12号B座');
  });

  it('never merges different house numbers', () => {
    const pairs: [string, string][] = [
      ['幸福路1号', '幸福路11号'],
      ['幸福路１号', '幸福路1１号'],
      ['幸福路1号', '幸福路1-1号'],
      ['幸福路10号', '幸福路1 0 1号'],
      ['幸福路12号A座', '幸福路12号B座'],
      ['幸福路12号', '幸福路12号之一'],
    ];
    for (const [a, b] of pairs) expect(normaliseAddress(a), `${a} / ${b}`).not.toBe(normaliseAddress(b));
  });

  it('is idempotent', () => {
    for (const s of ['幸福路 １２ 号ｂ座', 'ａｂｃ　１', '中山路88号XX商务秘书公司']) {
      const once = normaliseAddress(s);
      expect(normaliseAddress(once)).toBe(once);
    }
  });

  it('gives null for nothing', () => {
    expect(normaliseAddress(null)).toBeNull();
    expect(normaliseAddress(undefined)).toBeNull();
    expect(normaliseAddress('')).toBeNull();
    expect(normaliseAddress(' \u3000\t')).toBeNull();
  });
});

describe('normalisePersonName', () => {
  it('removes spaces and reads full-width letters as half-width, upper-cased', () => {
    expect(normalisePersonName('张 三')).toBe('张三');
    expect(normalisePersonName('王　五 ')).toBe('王五');
    expect(normalisePersonName('ｊｏｈｎ smith')).toBe('JOHNSMITH');
  });

  it('writes the dots of a transliterated name as one character', () => {
    const key = normalisePersonName('买买提·艾力');
    for (const s of ['买买提・艾力', '买买提•艾力', '买买提‧艾力', '买买提 · 艾力', '买买提･艾力']) {
      expect(normalisePersonName(s), s).toBe(key);
    }
  });

  it('keeps different names apart', () => {
    expect(normalisePersonName('张三')).not.toBe(normalisePersonName('张三丰'));
    expect(normalisePersonName('李四1')).not.toBe(normalisePersonName('李四'));
  });

  it('gives null for nothing', () => {
    expect(normalisePersonName(null)).toBeNull();
    expect(normalisePersonName('　')).toBeNull();
  });
});
