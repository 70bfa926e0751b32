import { describe, expect, it } from 'vitest';
import { NOTICE_COLUMNS, noticeRow } from './publication-notice.ts';

describe('publication notice', () => {
  it('has the GSXT columns first, then 备注, code and name', () => {
    expect(NOTICE_COLUMNS.map((c) => c.header)).toEqual([
      '序号',
      '检查实施机关',
      '类型',
      '日期',
      '结果',
      '备注',
      '统一社会信用代码/注册号',
      '市场主体名称',
    ]);
    expect(NOTICE_COLUMNS.filter((c) => c.text).map((c) => c.header)).toEqual([
      '日期',
      '统一社会信用代码/注册号',
    ]);
  });

  it('writes one row per entry: 类型 抽查, the results as GSXT shows them, no follow-up as empty', () => {
    const entry = {
      authority: '测试县市场监督管理局',
      date: '2026-03-15',
      results: ['A', '6'],
      followUp: null,
      code: '91330100MA2XXXXXX1',
      name: '测试有限公司',
    };
    expect(noticeRow(3, entry)).toEqual([
      3,
      '测试县市场监督管理局',
      '抽查',
      '2026-03-15',
      '通过登记的住所（经营场所）无法联系',
      '',
      '91330100MA2XXXXXX1',
      '测试有限公司',
    ]);
    expect(noticeRow(1, { ...entry, results: ['E', '8'], followUp: '公示其不予配合情节' })[4]).toBe(
      '发现问题经责令已改正；不配合检查情节严重',
    );
  });
});
