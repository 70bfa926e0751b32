/**
 * Issue 10 items 5 and 6 below the screen: the inspector template's columns, an import carrying
 * 单位工号 and 执法证有效期, the form's save refusing what the importer refuses, and 回避 relations
 * refused (from the form and from a file) when the code is malformed or names no entity.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { templateSheets } from '../../electron/services/exchange/export/template.ts';
import { commitImport } from '../../electron/services/exchange/import-service.ts';
import { detectHeader } from '../../shared/exchange/index.ts';
import { saveConflict } from '../../electron/services/sampling/conflict-check.ts';
import {
  listConflicts,
  listInspectors,
  saveInspector,
} from '../../electron/services/sampling/reference-store.ts';
import { type Fixture, openFixture, writeSheet } from './exchange-fixture.ts';

const AT = '2026-11-01T08:00:00.000Z';
const TODAY = '2026-11-01';
const BAD_CHECK = '914104226167423280';

const TEMPLATE_COLUMNS = [
  '单位工号',
  '*姓名',
  '性别',
  '身份证号',
  '手机号',
  '单位/科室',
  '岗位类别',
  '执法证号',
  '执法证有效期',
  '专业资格',
  '状态',
];

describe('inspector template and import', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await openFixture(20);
  });
  afterEach(() => f.close());

  const run = (kind: 'inspectors' | 'conflicts', name: string, rows: unknown[][]) =>
    commitImport(
      f.db,
      f.actor,
      { file: { path: writeSheet(join(f.dir, name), rows), fileName: name }, kind },
      AT,
    );
  const messages = (r: ReturnType<typeof run>) =>
    r.rows.flatMap((row) => row.issues.map((i) => `${i.severity}:${i.message}`));

  it('the template has the production columns, with 性别 and 状态 offered as Chinese words', () => {
    const t = templateSheets('inspectors');
    expect(t.sheets[0]!.columns.map((c) => c.header)).toEqual(TEMPLATE_COLUMNS);
    const params = t.sheets[1]!;
    const col = (label: string) =>
      [...params.rows].map((r) => r[params.columns.findIndex((c) => c.header === label)]);
    expect(col('性别').filter(Boolean)).toEqual(['男', '女']);
    expect(col('状态').filter(Boolean)).toEqual(['有效', '失效']);
  });

  it('a file laid out like the production template (domain-facts §3.2) maps every column the pool keeps', () => {
    const production = [
      ...[
        '单位工号',
        '姓名',
        '性别',
        '身份证号',
        '手机号',
        '学历',
        '学历专业',
        '岗位大类',
        '从事本岗起始日期',
      ],
      ...['岗位资质资格', '执法事项范围', '地区', '层级', '担任职务', '所在业务部门（机构）', '是否专家'],
      ...['工商执法证编号', '工商执法证有效期', '省执法证编号', '执法证有效期', '执法人员状态'],
    ];
    const mapped = detectHeader([production], 'inspectors')
      .columns.filter((c) => c.field !== null)
      .map((c) => `${c.header}=${c.field}`);
    expect(mapped).toEqual([
      '单位工号=employeeNo',
      '姓名=name',
      '性别=gender',
      '身份证号=idNumber',
      '手机号=phone',
      '岗位大类=postCategory',
      '岗位资质资格=fields',
      '所在业务部门（机构）=unit',
      // The first certificate and its own expiry; the provincial pair is left for the user to choose.
      '工商执法证编号=badgeNo',
      '工商执法证有效期=certExpiry',
      '执法人员状态=status',
    ]);
  });

  it('imports 单位工号 and 执法证有效期 as written; 9999-09-09 is 长期有效', () => {
    const r = run('inspectors', 'pool.xlsx', [
      TEMPLATE_COLUMNS.map((h) => h.replace('*', '')),
      [
        'GH001',
        '张三',
        '男',
        '11010519491231002X',
        '13800138000',
        '城关所',
        '工商行政管理类',
        'ZF-001',
        '2027-06-30',
        '药品检查员',
        '有效',
      ],
      ['GH002', '李四', '女', '', '13800138001', '城关所', '', 'ZF-002', '2025-12-31', '无', '有效'],
      ['GH003', '王五', '男', '', '', '东风所', '', 'ZF-003', '9999-09-09', '', '失效'],
    ]);
    expect(r.counts).toMatchObject({ rows: 3, inserted: 3, errors: 0 });
    const byNo = new Map(listInspectors(f.db, f.actor, TODAY).map((i) => [i.employeeNo, i]));
    expect(byNo.get('GH001')).toMatchObject({
      certNo: 'ZF-001',
      certExpiry: '2027-06-30',
      certValid: true,
      gender: '男',
      postCategory: '工商行政管理类',
      qualifications: ['药品检查员'],
      status: 'active',
    });
    expect(byNo.get('GH002')).toMatchObject({
      certExpiry: '2025-12-31',
      certValid: false,
      qualifications: [],
    });
    expect(byNo.get('GH003')).toMatchObject({ certExpiry: null, certValid: true, status: 'inactive' });
  });

  it('an older file without 单位工号 keys by 执法证号 and says so; a missing 有效期 is flagged', () => {
    const r = run('inspectors', 'old.xlsx', [
      ['姓名', '执法证号'],
      ['赵六', 'ZF-009'],
    ]);
    expect(r.counts).toMatchObject({ inserted: 1, errors: 0 });
    expect(messages(r)).toEqual([
      'warning:未填写单位工号，暂以执法证号 ZF-009 作为单位工号',
      'warning:未填写执法证有效期，按长期有效处理；请核对执法证',
    ]);
  });

  it('the form’s save refuses every bad field at once, with the importer’s messages', () => {
    let err: unknown;
    try {
      saveInspector(f.db, f.actor, { employeeNo: '', name: '', idNumber: '12345', phone: '9.13E+17' }, AT);
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'invalid_input' });
    const e = err as { message: string; fields: Record<string, string> };
    expect(Object.keys(e.fields).sort()).toEqual(['employeeNo', 'idNumber', 'name', 'phone']);
    expect(e.message).toContain('不是 18 位居民身份证号');
  });

  it('回避 from the form and from a file: known codes only, names listed beside them', () => {
    run('inspectors', 'pool.xlsx', [
      ['单位工号', '姓名', '执法证号', '执法证有效期'],
      ['GH001', '张三', 'ZF-001', '2027-06-30'],
    ]);
    const entity = f.db.prepare('SELECT uscc, name FROM entities WHERE uscc IS NOT NULL LIMIT 1').get() as {
      uscc: string;
      name: string;
    };
    expect(() =>
      saveConflict(f.db, f.actor, { employeeNo: 'GH001', entityCode: BAD_CHECK, reason: null }, AT),
    ).toThrow(/主体库中没有代码为 914104226167423280 的主体（校验位应为/);
    expect(() =>
      saveConflict(f.db, f.actor, { employeeNo: 'GH001', entityCode: '91330100', reason: null }, AT),
    ).toThrow(/主体代码「91330100」无效/);
    expect(() =>
      saveConflict(f.db, f.actor, { employeeNo: 'NOBODY', entityCode: entity.uscc, reason: null }, AT),
    ).toThrow(/检查人员库中没有单位工号为 NOBODY 的人员/);
    saveConflict(
      f.db,
      f.actor,
      { employeeNo: 'GH001', entityCode: entity.uscc.toLowerCase(), reason: '亲属' },
      AT,
    );
    expect(listConflicts(f.db, f.actor)).toEqual([
      {
        employeeNo: 'GH001',
        entityCode: entity.uscc,
        reason: '亲属',
        inspectorName: '张三',
        entityName: entity.name,
        version: 1,
      },
    ]);

    const r = run('conflicts', 'conflicts.xlsx', [
      ['执法人员姓名', '单位工号', '统一社会信用代码', '回避原因'],
      ['张三', 'GH001', BAD_CHECK, '同学'],
      ['张三', '', entity.uscc, '亲属'],
    ]);
    expect(r.counts).toMatchObject({ rows: 2, errors: 1, unchanged: 1 });
    expect(messages(r).filter((m) => m.startsWith('error:'))).toEqual([
      expect.stringMatching(/^error:主体库中没有代码为 914104226167423280 的主体/),
    ]);
    expect(listConflicts(f.db, f.actor)).toHaveLength(1);
  });
});
