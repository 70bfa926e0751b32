import { describe, expect, it } from 'vitest';
import { detectHeader, entityKindFromCode, normalizeRow } from './index.ts';
import type { Cell } from './types.ts';

const HEADER: Cell[] = [
  '统一社会信用代码',
  '企业名称',
  '主体类型',
  '成立日期',
  '注册资本',
  '登记状态',
  '监管标签',
  '有效期至',
];
const det = detectHeader([HEADER], 'entities');

describe('normalizeRow', () => {
  it('normalises a good entity row', () => {
    const n = normalizeRow(
      'entities',
      [
        '９１３３０１００７１６１０５８５２Ｆ',
        ' 示例有限公司 ',
        '有限责任公司',
        42005,
        '51.8000(万元人民币)',
        '存续',
        '食品、药品',
        '9999-09-09',
      ],
      det.columns,
      7,
    );
    expect(n.row).toBe(8);
    expect(n.issues).toEqual([]);
    expect(n.hasErrors).toBe(false);
    expect(n.values).toMatchObject({
      id: { code: '91330100716105852F', kind: 'uscc', valid: true },
      name: '示例有限公司',
      kind: 'enterprise',
      establishedOn: '2015-01-01',
      capital: { amount: 51.8, unit: '万元', value: 518000 },
      status: 'active',
      tags: ['食品', '药品'],
      licenseValidUntil: null,
    });
    expect(n.longTerm).toEqual(['licenseValidUntil']);
  });
  it('reports each bad cell with row, column letter and a Chinese message', () => {
    const n = normalizeRow(
      'entities',
      ['9.13301E+17', '', '公司', '2021-02-30', '很多', '营业中'],
      det.columns,
      2,
    );
    expect(n.hasErrors).toBe(true);
    const byColumn = Object.fromEntries(n.issues.map((i) => [i.column, i]));
    expect(byColumn.A).toMatchObject({ row: 3, field: 'id', severity: 'error' });
    expect(byColumn.A!.message).toMatch(/^「统一社会信用代码」.*科学计数法/);
    expect(byColumn.B).toMatchObject({
      field: 'name',
      severity: 'error',
      message: '「企业名称」为必填项，不能为空',
    });
    expect(byColumn.D!.message).toMatch(/不是真实存在的日期/);
    expect(byColumn.E!.message).toMatch(/无法识别的金额/);
    expect(byColumn.F!.message).toMatch(/不是有效的登记状态/);
  });
  it('separates warnings from errors', () => {
    const n = normalizeRow('entities', ['91330100716105852A', '甲公司'], det.columns, 1);
    expect(n.hasErrors).toBe(false);
    expect(n.issues.map((i) => i.severity)).toEqual(['warning']);
  });
  it('infers the entity kind from the code prefix when the column is empty', () => {
    const d = detectHeader([['统一社会信用代码', '名称']], 'entities');
    expect(normalizeRow('entities', ['92330100MA27YU8W7X', '张三小吃店'], d.columns, 1).values.kind).toBe(
      'individual',
    );
    expect(entityKindFromCode('93330100MA27YU8W7X')).toBe('cooperative');
    expect(entityKindFromCode('330000000036006')).toBeNull();
  });
  it('marks blank rows instead of reporting them', () => {
    const n = normalizeRow('entities', [null, ' ', ''], det.columns, 9);
    expect(n.blank).toBe(true);
    expect(n.issues).toEqual([]);
  });
  it('requires 列入日期 or 移出日期 for abnormal-list rows', () => {
    const d = detectHeader(
      [['统一社会信用代码', '企业名称', '列入日期', '列入原因', '移出日期', '移出原因']],
      'abnormal_list',
    );
    expect(d.missingRequired).toEqual([]);
    const removal = normalizeRow(
      'abnormal_list',
      ['91330100716105852F', '甲', null, null, '2024年9月1日', '补报年报'],
      d.columns,
      1,
    );
    expect(removal.issues).toEqual([]);
    expect(removal.values.removedOn).toBe('2024-09-01');
    const neither = normalizeRow(
      'abnormal_list',
      ['91330100716105852F', '甲', null, '未按时年报'],
      d.columns,
      2,
    );
    expect(neither.issues[0]).toMatchObject({ column: null, severity: 'error' });
    expect(neither.issues[0]!.message).toMatch(/至少要填写一项/);
    expect(
      detectHeader([['统一社会信用代码', '企业名称', '列入原因']], 'abnormal_list').missingRequired,
    ).toEqual(['列入日期或移出日期']);
  });
  it('reads the other kinds with their own vocabularies', () => {
    const c = detectHeader([['统一社会信用代码', '登记日期', '来源渠道', '是否属实']], 'complaints');
    expect(
      normalizeRow('complaints', ['91330100716105852F', '2026.9.1', '12315', '是'], c.columns, 1).values,
    ).toMatchObject({ date: '2026-09-01', channel: '12315', substantiated: true });
    const a = detectHeader([['统一社会信用代码', '年报年度', '报送日期', '是否按时报送']], 'annual_reports');
    expect(
      normalizeRow('annual_reports', ['91330100716105852F', '2025', '20260630', '否'], a.columns, 1).values,
    ).toMatchObject({ year: 2025, date: '2026-06-30', onTime: false });
    const h = detectHeader([['日期', '类型', '节日名称']], 'holidays');
    expect(normalizeRow('holidays', ['2026-10-10', '调休上班', '国庆节'], h.columns, 1).values).toMatchObject(
      { date: '2026-10-10', kind: 'workday' },
    );
    const s = detectHeader(
      [['统一社会信用代码', '综合评价得分', '评价等级', '评价日期']],
      'public_credit_scores',
    );
    expect(
      normalizeRow('public_credit_scores', ['91330100716105852F', '86.5', 'A', '2026-10-31'], s.columns, 1)
        .values,
    ).toMatchObject({ score: 86.5, grade: 'A' });
    const i = detectHeader([['姓名', '身份证号', '执法证号', '所属单位', '专业领域']], 'inspectors');
    expect(
      normalizeRow(
        'inspectors',
        ['李四', '11010519491231002X', '33010001', '城东所', '食品，特种设备'],
        i.columns,
        1,
      ).values,
    ).toMatchObject({ idNumber: '11010519491231002X', fields: ['食品', '特种设备'] });
  });
});
