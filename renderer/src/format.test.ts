import { describe, expect, it } from 'vitest';
import type { StoredRecord } from '../../shared/api/contract.ts';
import {
  addressLabel,
  capitalLabel,
  formatCapital,
  formatCount,
  formatMoney,
  recordDateLabel,
  sortRecordsNewestFirst,
  sourceLabel,
  summarizeRecord,
} from './format.ts';

const record = (over: Partial<StoredRecord>): StoredRecord => ({
  id: 1,
  type: 'penalty',
  date: '2026-03-05',
  source: null,
  batchId: null,
  data: {},
  ...over,
});

describe('numbers', () => {
  it('groups thousands the Chinese way', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(0)).toBe('0');
  });

  it('shows money in yuan with at most two decimals', () => {
    expect(formatMoney(5000)).toBe('¥5,000');
    expect(formatMoney(1234.567)).toBe('¥1,234.57');
  });

  it('shows capital with its unit and currency, and nothing when the amount is unknown', () => {
    expect(formatCapital({ capitalAmount: 50, capitalUnit: '万元', capitalCurrency: '人民币' })).toBe(
      '50 万元 人民币',
    );
    expect(formatCapital({ capitalAmount: 3, capitalUnit: '万元', capitalCurrency: '' })).toBe('3 万元');
    expect(formatCapital({ capitalAmount: null, capitalUnit: '万元', capitalCurrency: null })).toBeNull();
  });
});

describe('labels by kind', () => {
  it('names the address and the capital as the registers do', () => {
    expect(addressLabel('individual')).toBe('经营场所');
    expect(addressLabel('enterprise')).toBe('住所');
    expect(capitalLabel('individual')).toBe('资金数额');
    expect(capitalLabel('cooperative')).toBe('出资总额');
    expect(capitalLabel('enterprise')).toBe('注册资本');
  });

  it('says what a record date means, per record type and kind', () => {
    expect(recordDateLabel('penalty', 'enterprise')).toBe('处罚决定日期');
    expect(recordDateLabel('abnormal_list', 'individual')).toBe('标记日期');
    expect(recordDateLabel('abnormal_list', 'enterprise')).toBe('列入日期');
  });

  it('translates well-known sources and keeps any other as given', () => {
    expect(sourceLabel('manual')).toBe('手工录入');
    expect(sourceLabel('2026年第一批.xlsx')).toBe('2026年第一批.xlsx');
  });
});

describe('summarizeRecord', () => {
  it('lists a penalty in reading order with the fine as money, and marks it repaired', () => {
    const s = summarizeRecord(
      record({ data: { decisionNo: '某市监罚〔2026〕1号', fine: 2000, repairedOn: '2026-06-01' } }),
      'enterprise',
    );
    expect(s.fields).toEqual([
      ['决定书文号', '某市监罚〔2026〕1号'],
      ['罚款', '¥2,000'],
      ['修复日期', '2026-06-01'],
    ]);
    expect(s.state).toEqual({ text: '已信用修复', color: 'teal' });
    expect(s.color).toBe('red');
  });

  it('words the abnormal list for an individual business differently and warns while it stands', () => {
    const s = summarizeRecord(record({ type: 'abnormal_list', data: { reason: '未年报' } }), 'individual');
    expect(s.fields).toEqual([['标记原因', '未年报']]);
    expect(s.state).toEqual({ text: '仍处于经营异常状态', color: 'orange' });
    expect(s.color).toBe('orange');
  });

  it('names inspection results by code, clean results green and problems orange', () => {
    const clean = summarizeRecord(record({ type: 'inspection', data: { results: ['1'] } }), 'enterprise');
    expect(clean.fields).toEqual([['检查结果', '1 未发现问题']]);
    expect(clean.color).toBe('teal');
    const problem = summarizeRecord(
      record({ type: 'inspection', data: { results: ['A', 'ZZ'] } }),
      'enterprise',
    );
    expect(problem.fields).toEqual([['检查结果', 'A 发现问题待后续处理；ZZ']]);
    expect(problem.color).toBe('orange');
  });

  it('lists fields it does not know as key and value, and skips empty ones', () => {
    const s = summarizeRecord(
      record({ type: 'complaint', data: { substantiated: true, extra: ['甲', '乙'], blank: '', type: 'x' } }),
      'enterprise',
    );
    expect(s.fields).toEqual([
      ['是否属实', '是'],
      ['extra', '甲、乙'],
    ]);
    expect(s.state).toBeUndefined();
  });
});

describe('sortRecordsNewestFirst', () => {
  it('puts the newest date first and, on the same day, the later id first, without touching the input', () => {
    const input = [
      record({ id: 1, date: '2026-01-01' }),
      record({ id: 2, date: '2026-03-01' }),
      record({ id: 3, date: '2026-01-01' }),
    ];
    expect(sortRecordsNewestFirst(input).map((r) => r.id)).toEqual([2, 3, 1]);
    expect(input.map((r) => r.id)).toEqual([1, 2, 3]);
  });
});
