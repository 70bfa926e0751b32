/** The checks of the reference-data forms and the wizard's 手工排除 box (issue 10 items 5–7). */
import { describe, expect, it } from 'vitest';
import { defaultGradingRun } from './default-grading-run.ts';
import { checkEntityCode } from './entity-code-check.ts';
import { parseExclusionLines, rejectUnknownExclusions } from './exclusion-lines.ts';
import { checkInspectorForm, inspectorCheckMessages } from './inspector-check.ts';

const GOOD = '91330100716105852F';
/** The code from the issue: 18 characters of the right shape, but its check character fails. */
const BAD_CHECK = '914104226167423280';
const known = new Map([[GOOD, { code: GOOD, name: '杭州示范贸易有限公司' }]]);
const find = (c: string) => known.get(c) ?? null;

describe('inspector form check', () => {
  it('reports every problem at once, per field, with the importer’s own messages', () => {
    const c = checkInspectorForm({
      employeeNo: ' ',
      name: '',
      gender: '未知',
      idNumber: '12345',
      phone: '9.13E+17',
      certNo: '',
      certExpiry: '2027-06-30',
    });
    expect(Object.keys(c.errors).sort()).toEqual(
      ['certNo', 'employeeNo', 'gender', 'idNumber', 'name', 'phone'].sort(),
    );
    expect(c.errors.idNumber).toContain('不是 18 位居民身份证号');
    expect(c.errors.phone).toContain('Excel');
    expect(inspectorCheckMessages(c)).toHaveLength(6);
    expect(inspectorCheckMessages(c)[0]).toBe('请填写单位工号');
  });

  it('warns (does not refuse) on an ID check digit and an odd phone, and normalises both', () => {
    const c = checkInspectorForm({
      employeeNo: 'GH001',
      name: '张三',
      gender: '男',
      idNumber: '110105194912310021',
      phone: '电话待补充',
    });
    expect(c.errors).toEqual({});
    expect(c.warnings.idNumber).toContain('校验位应为 X');
    expect(c.warnings.phone).toContain('不像电话号码');
    const ok = checkInspectorForm({
      employeeNo: 'GH001',
      name: '张三',
      idNumber: '１１０１０５１９４９１２３１００２ｘ',
      phone: '138 0013 8000',
    });
    expect(ok).toMatchObject({
      errors: {},
      warnings: {},
      idNumber: '11010519491231002X',
      phone: '13800138000',
    });
  });

  it('leaves masked values (as the list shows them) alone', () => {
    const c = checkInspectorForm({
      employeeNo: 'A',
      name: 'B',
      idNumber: '**************002X',
      phone: '*******8000',
    });
    expect(c).toMatchObject({ errors: {}, idNumber: '**************002X', phone: '*******8000' });
  });
});

describe('entity code check (回避, 手工排除)', () => {
  it('accepts a known code and names the entity', () => {
    expect(checkEntityCode(' 9133 0100 7161 0585 2f ', find)).toMatchObject({
      ok: true,
      code: GOOD,
      entity: { name: '杭州示范贸易有限公司' },
    });
  });
  it('refuses an unknown code with a bad check character, naming both problems', () => {
    const r = checkEntityCode(BAD_CHECK, find);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toContain(`主体库中没有代码为 ${BAD_CHECK} 的主体`);
    expect(!r.ok && r.message).toBe(
      `主体库中没有代码为 ${BAD_CHECK} 的主体（校验位应为 R，实际为 0，代码可能录入有误），请核对代码，或按名称搜索选择主体`,
    );
  });
  it('refuses a malformed code with the identifier check’s reason', () => {
    const r = checkEntityCode('91330100ABC', find);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(/^主体代码「91330100ABC」无效：.*长度为 11 位/);
  });
});

describe('manual exclusions box', () => {
  it('lists each rejected line with its reason and keeps the good ones', () => {
    const box = [
      `${GOOD} 正在立案调查`,
      '',
      '91330100ABC 写错了',
      `${BAD_CHECK} 已迁出`,
      `${GOOD.toLowerCase()}，重复一行`,
      '91330100716105852F',
    ].join('\n');
    const parsed = parseExclusionLines(box);
    expect(parsed.taken.map((t) => [t.line, t.entity, t.reason])).toEqual([
      [1, GOOD, '正在立案调查'],
      [4, BAD_CHECK, '已迁出'],
    ]);
    expect(parsed.rejected.map((r) => r.line)).toEqual([3, 5, 6]);
    expect(parsed.rejected[1]!.problem).toBe('与第 1 行是同一主体，重复');
    expect(parsed.rejected[2]!.problem).toContain('没有写排除理由');
    const checked = rejectUnknownExclusions(parsed, known);
    expect(checked.taken.map((t) => t.line)).toEqual([1]);
    expect(checked.rejected.map((r) => r.line)).toEqual([3, 4, 5, 6]);
    expect(checked.rejected[1]!.problem).toContain(`主体库中没有代码为 ${BAD_CHECK} 的主体`);
  });
});

describe('default grading run', () => {
  const runs = [
    { id: 1, modelId: 'samr-risk', asOf: '2026-09-30' },
    { id: 2, modelId: 'zhejiang-industry-1000', asOf: '2026-11-30' },
    { id: 3, modelId: 'samr-risk', asOf: '2026-10-31' },
  ];
  it('is the newest run of the county model', () => {
    expect(defaultGradingRun(runs)?.id).toBe(3);
  });
  it('is null when the county model has never been run', () => {
    expect(defaultGradingRun(runs.filter((r) => r.modelId !== 'samr-risk'))).toBeNull();
  });
});
