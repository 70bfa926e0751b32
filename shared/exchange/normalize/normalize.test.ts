import { describe, expect, it } from 'vitest';
import { parseAmount } from './amount.ts';
import { parseYesNo } from './boolean.ts';
import { excelSerialToIso, parseDate } from './dates.ts';
import { fieldSpec } from '../vocabulary.ts';
import { parseEnum, parseList } from './enum.ts';
import { looksLikeScientificCode, normalizeIdentifier } from './identifier.ts';
import { splitMulti } from './multi.ts';
import { parseInteger, parseNumber } from './number.ts';
import { idNumberCheckChar, normalizeIdNumber, normalizePhone } from './person.ts';
import { cellText, cleanText, foldAll, normalizeCodeText, normalizeText } from './text.ts';

describe('text', () => {
  it('folds full-width letters and digits but keeps Chinese brackets in names', () => {
    expect(cleanText('  全美世界（浙江）药业有限公司　')).toBe('全美世界（浙江）药业有限公司');
    expect(cleanText('ＡＢＣ１２３公司')).toBe('ABC123公司');
    expect(cleanText('杭州\n潘天寿\t 设计')).toBe('杭州 潘天寿 设计');
    expect(foldAll('２０２４－０１－０２')).toBe('2024-01-02');
  });
  it('writes numbers without exponent or float noise', () => {
    expect(cellText(330000000036006)).toBe('330000000036006');
    expect(cellText(2087.0249999999996)).toBe('2087.025');
    expect(cellText(true)).toBe('是');
    expect(cellText(null)).toBe('');
  });
  it('treats placeholders as empty', () => {
    expect(normalizeText('N/A').value).toBeNull();
    expect(normalizeText(' — ').value).toBeNull();
    expect(normalizeText('无').value).toBe('无');
    expect(normalizeCodeText(' 杭市监罚〔2024〕 12 号 ').value).toBe('杭市监罚〔2024〕12号');
  });
});

describe('dates', () => {
  it('reads every written form of SPEC §7', () => {
    for (const s of [
      '2021-06-29',
      '2021/6/29',
      '2021.6.29',
      '2021年6月29日',
      '20210629',
      '２０２１－０６－２９',
      '2021-06-29 10:11:12',
      '2021/6/29 1:01',
      '2021-06-29T00:00:00Z',
    ]) {
      expect(parseDate(s).value, s).toEqual({ date: '2021-06-29', longTerm: false });
    }
    expect(parseDate(20210629).value?.date).toBe('2021-06-29');
  });
  it('converts Excel serials in both date systems', () => {
    expect(excelSerialToIso(44927)).toBe('2023-01-01');
    expect(excelSerialToIso(43831.0423726852)).toBe('2020-01-01');
    expect(excelSerialToIso(1)).toBe('1900-01-01');
    expect(excelSerialToIso(59)).toBe('1900-02-28');
    expect(excelSerialToIso(60)).toBeNull(); // Lotus's 1900-02-29
    expect(excelSerialToIso(61)).toBe('1900-03-01');
    // The 1904 system is 1462 days behind (sheetjs/1904__1904.xlsx: 11 → 1904-01-12).
    expect(excelSerialToIso(11, true)).toBe('1904-01-12');
    expect(excelSerialToIso(44927 - 1462, true)).toBe('2023-01-01');
    expect(parseDate(44927 - 1462, { date1904: true }).value?.date).toBe('2023-01-01');
    // Excel shows 23:59:59.9999 as the next day when rounding to the second.
    expect(excelSerialToIso(44927.99999999)).toBe('2023-01-02');
    expect(excelSerialToIso(44927.9999)).toBe('2023-01-01');
  });
  it('reads 9999-09-09 and 长期 as no end date', () => {
    for (const s of ['9999-09-09', '9999/9/9', '9999年9月9日', '99990909', '长期', '长期有效']) {
      expect(parseDate(s).value, s).toEqual({ date: null, longTerm: true });
    }
  });
  it('rejects impossible and partial dates with a Chinese message', () => {
    expect(parseDate('2021-02-30').error).toMatch(/不是真实存在的日期/);
    expect(parseDate('2021年6月').error).toMatch(/缺少“日”/);
    expect(parseDate('明天').error).toMatch(/无法识别的日期/);
    expect(parseDate(2021).error).toMatch(/只有年份/);
    expect(parseDate('2021年').error).toMatch(/只有年份/);
    expect(parseDate('1850-01-01').error).toMatch(/年份/);
    expect(parseDate(true).error).toBeDefined();
    expect(parseDate('').value).toBeNull();
    expect(parseDate(null)).toEqual({ value: null });
  });
  it('takes a 5-digit text as a serial with a warning', () => {
    const r = parseDate('44927');
    expect(r.value?.date).toBe('2023-01-01');
    expect(r.warning).toMatch(/日期序号/);
  });
});

describe('amounts', () => {
  it('reads registry strings with units and currencies', () => {
    expect(parseAmount('51.8000(万元人民币)', { defaultUnit: '万元' }).value).toEqual({
      amount: 51.8,
      unit: '万元',
      currency: '人民币',
      value: 518000,
    });
    expect(parseAmount('1,428万元').value).toEqual({
      amount: 1428,
      unit: '万元',
      currency: '人民币',
      value: 14280000,
    });
    expect(parseAmount('13(万美元)').value).toEqual({
      amount: 13,
      unit: '万元',
      currency: '美元',
      value: 130000,
    });
    expect(parseAmount('￥1,000.00').value).toEqual({
      amount: 1000,
      unit: '元',
      currency: '人民币',
      value: 1000,
    });
    expect(parseAmount('5000元').value?.value).toBe(5000);
    expect(parseAmount('人民币100万元').value?.value).toBe(1000000);
    expect(parseAmount('2亿元').value?.value).toBe(200000000);
    expect(parseAmount('１２３４').value?.value).toBe(1234);
  });
  it('uses the field default unit for bare numbers', () => {
    expect(parseAmount(50, { defaultUnit: '万元' }).value).toEqual({
      amount: 50,
      unit: '万元',
      currency: '人民币',
      value: 500000,
    });
    expect(parseAmount('50').value).toEqual({ amount: 50, unit: '元', currency: '人民币', value: 50 });
  });
  it('treats N/A as empty and garbage as an error', () => {
    expect(parseAmount('N/A')).toEqual({ value: null });
    expect(parseAmount('五十万').error).toMatch(/无法识别的金额/);
    expect(parseAmount('50万元左右').error).toMatch(/左右/);
  });
});

describe('yes/no, numbers, lists, enums', () => {
  it('reads 是/否 and friends', () => {
    expect(parseYesNo('是').value).toBe(true);
    expect(parseYesNo(' 否 ').value).toBe(false);
    expect(parseYesNo('Y').value).toBe(true);
    expect(parseYesNo('√').value).toBe(true);
    expect(parseYesNo(0).value).toBe(false);
    expect(parseYesNo(true).value).toBe(true);
    expect(parseYesNo('也许').error).toMatch(/是.*否/);
    expect(parseYesNo(null).value).toBeNull();
  });
  it('reads numbers with separators and percentages', () => {
    expect(parseNumber('1,234.5').value).toBe(1234.5);
    expect(parseNumber('８６．５').value).toBe(86.5);
    expect(parseNumber('50%').value).toBe(0.5);
    expect(parseNumber('abc').error).toBeDefined();
    expect(parseInteger('2025年度').value).toBe(2025);
    expect(parseInteger('2025.5').error).toMatch(/整数/);
  });
  it('splits multi-values on every separator of SPEC §7', () => {
    expect(splitMulti('罚款、没收，警告,通报批评;限制从业；罚款')).toEqual([
      '罚款',
      '没收',
      '警告',
      '通报批评',
      '限制从业',
    ]);
    expect(splitMulti('保化检查员,药品检查员')).toEqual(['保化检查员', '药品检查员']);
    expect(splitMulti('A\nE')).toEqual(['A', 'E']);
    expect(splitMulti(null)).toEqual([]);
  });
  it('maps closed vocabularies through aliases', () => {
    const spec = { label: '处罚种类', values: ['罚款', '没收', '警告'], aliases: { 没收违法所得: '没收' } };
    expect(parseList('罚款、没收违法所得', spec).value).toEqual(['罚款', '没收']);
    expect(parseList('罚款、拘留', spec).error).toMatch(/「拘留」不是有效的处罚种类/);
    expect(parseEnum('ｅnterprise', { label: '类型', values: ['enterprise'] }).value).toBe('enterprise');
  });
  it('reads the 处罚种类 column: synonyms, a phrase meaning two kinds, and an unknown kind kept as 其他', () => {
    const spec = fieldSpec('penalties', 'penaltyKinds')!;
    expect(parseList('罚款、没收', spec)).toEqual({ value: ['罚款', '没收违法所得'] });
    expect(parseList('没收违法所得和非法财物；责令停业', spec).value).toEqual([
      '没收违法所得',
      '没收非法财物',
      '责令停产停业',
    ]);
    expect(parseList('暂扣许可证件,责令关闭,行政拘留,吊销执照', spec).value).toEqual([
      '暂扣许可证件',
      '责令关闭',
      '行政拘留',
      '吊销营业执照',
    ]);
    const odd = parseList('罚款、打板子', spec);
    expect(odd.value).toEqual(['罚款', '其他']);
    expect(odd.error).toBeUndefined();
    expect(odd.warning).toMatch(/「打板子」不是已知的处罚种类，已按“其他”记录/);
    expect(parseEnum('别的', { label: '类型', values: ['enterprise'] }).error).toMatch(/可填：enterprise/);
  });
});

describe('identifiers in cells', () => {
  it('accepts text codes and reports the kind', () => {
    expect(normalizeIdentifier(' 91330100716105852f ').value).toMatchObject({
      code: '91330100716105852F',
      kind: 'uscc',
    });
    expect(normalizeIdentifier('330000000036006').value).toMatchObject({ kind: 'regno15' });
  });
  it('rejects codes mangled by Excel, as text or as numbers', () => {
    expect(normalizeIdentifier('9.13301E+17').error).toMatch(/科学计数法/);
    expect(normalizeIdentifier(913301007161035800).error).toMatch(/15 位有效数字/);
    expect(looksLikeScientificCode('9.13E+17')).toBe(true);
    expect(looksLikeScientificCode(913301007161035800)).toBe(true);
    expect(looksLikeScientificCode('91330100MA27YU8W73')).toBe(false);
  });
  it('keeps a 15-digit number exactly but warns about the cell format', () => {
    const r = normalizeIdentifier(330000000036006);
    expect(r.value?.code).toBe('330000000036006');
    expect(r.warning).toMatch(/文本/);
  });
  it('passes the foundation warnings through (pilot-era check character)', () => {
    const r = normalizeIdentifier('91330100716105852A');
    expect(r.value).not.toBeNull();
    expect(r.warning).toMatch(/校验位/);
  });
});

describe('personal identifiers', () => {
  it('checks 身份证号 check digits', () => {
    expect(idNumberCheckChar('11010519491231002')).toBe('X');
    expect(normalizeIdNumber('11010519491231002x').value).toBe('11010519491231002X');
    expect(normalizeIdNumber('110105194912310021').warning).toMatch(/校验位应为 X/);
    expect(normalizeIdNumber(1.1010519491231e17).error).toMatch(/Excel/);
    expect(normalizeIdNumber('12345').error).toMatch(/18 位/);
  });
  it('keeps phone numbers whole', () => {
    expect(normalizePhone(13800138000).value).toBe('13800138000');
    expect(normalizePhone('0571-88888888，13800138000').value).toBe('0571-88888888,13800138000');
    expect(normalizePhone('1.38E+10').error).toMatch(/Excel/);
  });
});
