import { describe, expect, it } from 'vitest';
import {
  applyMapping,
  chooseSheet,
  detectHeader,
  headerSignature,
  isHintRow,
  isRepeatedHeader,
  mapColumns,
  mappingToRemember,
  matchHeader,
  normalizeRow,
} from './index.ts';
import type { Cell } from './types.ts';

/** The Zhejiang 双随机 candidate list header, verbatim (enterprises_zj_sccheck/check01.xlsx). */
const ZJ_HEADER = ['企业名称', '注册号/统一社会信用代码', 'RegOrgName', '管辖单位'];

/** The 专项库 import template (zj_gov_templates_nolicense/spLibrary_专项检查对象导入模板.xlsx), verbatim. */
const SP_LIBRARY: Cell[][] = [
  [
    '注意:请将信息填写完整,否则可能导致上传失败。专业资质资格与配备专家组长涉及多项的，请用英文逗号隔开，如：‘保化检查员,药品检查员’，没有则填写‘无’。',
  ],
  [
    '专项库名称',
    '对应专项库监管标签',
    '统一社会信用代码/注册号',
    '企业名称',
    '许可证名称',
    '许可证编号',
    '许可批准日期',
    '有效期至',
    '许可发证机关',
    '专业监管',
    '专业资质资格',
    '配备专家（组长）',
  ],
  [
    '从27个专项库名称中进行单选',
    null,
    null,
    null,
    '填写对应此专项库的许可证名称',
    null,
    null,
    '年月日，若长期有效输入9999-09-09',
    null,
    '请填写“是”或“否”',
    '若无直接填写无，若有则从“保化检查员，药品检查员，医疗器械检查员，特种设备安全监察员”中复选',
    '若不配备则填写无，若要配备则从“保化组长,药品GSP,药品GMP,医疗器械GSP,医疗器械GMP”中复选',
  ],
  [
    '食品经营专项库',
    '食品经营',
    '91330100716105852F',
    '杭州某某食品有限公司',
    '食品经营许可证',
    'JY13301000000001',
    '2021/6/29',
    '9999-09-09',
    '杭州市市场监督管理局',
    '是',
    '无',
    '无',
  ],
];

describe('header matching', () => {
  it('maps the SPEC §7 synonyms', () => {
    for (const h of ['统一社会信用代码/注册号', '统一社会信用代码', '社会信用代码', '信用代码', '注册号']) {
      expect(matchHeader('entities', h)[0]?.field, h).toBe('id');
    }
    for (const h of ['企业名称', '名称', '主体名称', '市场主体名称'])
      expect(matchHeader('entities', h)[0]?.field, h).toBe('name');
    for (const h of ['法定代表人', '负责人', '经营者', '法定代表人(负责人)', '法定代表人（负责人）']) {
      expect(matchHeader('entities', h)[0]?.field, h).toBe('legalRep');
    }
    expect(matchHeader('entities', 'RegOrgName')[0]?.field).toBe('registrationAuthority');
    expect(matchHeader('entities', '登记机关')[0]?.field).toBe('registrationAuthority');
    for (const h of ['住所', '经营场所', '地址', '经营地址'])
      expect(matchHeader('entities', h)[0]?.field, h).toBe('address');
  });
  it('ignores required markers, line breaks, full-width forms and bracketed notes', () => {
    expect(matchHeader('entities', '*企业名称')[0]).toEqual({ field: 'name', score: 1 });
    expect(matchHeader('entities', '统一社会\n信用代码＊')[0]?.field).toBe('id');
    expect(matchHeader('entities', '注册资本（万元）')[0]?.field).toBe('capital');
    expect(matchHeader('entities', '企业名称(必填)')[0]).toEqual({ field: 'name', score: 0.95 });
    expect(matchHeader('penalties', '行政处罚决定书文号')[0]?.field).toBe('decisionNo');
  });
  it('gives 统一社会信用代码 to id and a separate 注册号 column to regNo', () => {
    const cols = mapColumns('entities', ['注册号', '企业名称', '统一社会信用代码']);
    expect(cols.map((c) => c.field)).toEqual(['regNo', 'name', 'id']);
    expect(mapColumns('entities', ['注册号', '企业名称']).map((c) => c.field)).toEqual(['id', 'name']);
  });
  it('never takes an instruction sentence for a column name', () => {
    expect(matchHeader('entities', String(SP_LIBRARY[0]![0]))).toEqual([]);
  });
});

describe('detectHeader', () => {
  it('finds the header of the Zhejiang candidate lists in row 1', () => {
    const rows: Cell[][] = [
      ZJ_HEADER,
      ['杭州潘天寿环境艺术设计有限公司', '913301007161035748', '杭州市市场监督管理局', '朝晖工商所'],
    ];
    const d = detectHeader(rows, 'entities');
    expect(d.found).toBe(true);
    expect(d.headerRow).toBe(0);
    expect(d.dataStart).toBe(1);
    expect(d.columns.map((c) => c.field)).toEqual(['name', 'id', 'registrationAuthority', 'jurisdiction']);
    expect(d.missingRequired).toEqual([]);
    expect(d.confidence).toBe(1);
  });
  it('skips the instruction row above and the hint row below the 专项库 template header', () => {
    const d = detectHeader(SP_LIBRARY, 'entities');
    expect(d.headerRow).toBe(1);
    expect(d.dataStart).toBe(3);
    expect(d.skipped.map((s) => [s.row, s.reason])).toEqual([
      [0, 'instruction'],
      [2, 'example'],
    ]);
    expect(d.skipped[1]!.message).toMatch(/第 3 行是示例或填写提示/);
    const byField = Object.fromEntries(d.columns.filter((c) => c.field).map((c) => [c.field, c.header]));
    expect(byField).toMatchObject({
      id: '统一社会信用代码/注册号',
      name: '企业名称',
      licenseValidUntil: '有效期至',
      tags: '对应专项库监管标签',
    });
  });
  it('skips a title row and an example row (“案例（请删除）”)', () => {
    const rows: Cell[][] = [
      ['2026年第一批行政处罚信息'],
      [],
      ['序号', '*统一社会信用代码', '企业名称', '决定书文号', '处罚种类', '罚没金额（元）', '处罚决定日期'],
      [
        '案例（请删除）',
        '91330100716105852F',
        '示例有限公司',
        '杭市监罚〔2024〕1号',
        '罚款',
        5000,
        '2024-01-02',
      ],
      [1, '91330100716105852F', '某某有限公司', '杭市监罚〔2024〕2号', '警告、罚款', '1,000', 45292],
    ];
    const d = detectHeader(rows, 'penalties');
    expect(d.headerRow).toBe(2);
    expect(d.dataStart).toBe(4);
    expect(d.skipped.map((s) => s.reason)).toEqual(['title', 'example']);
    const n = normalizeRow('penalties', rows[4]!, d.columns, 4);
    expect(n.row).toBe(5);
    expect(n.issues).toEqual([]);
    expect(n.values).toMatchObject({
      decisionNo: '杭市监罚〔2024〕2号',
      penaltyKinds: ['警告', '罚款'],
      fine: { value: 1000, unit: '元' },
      date: '2024-01-01',
    });
  });
  it('tells example markers from names that merely start with the same word', () => {
    expect(isHintRow(['示例', '91330100716105852F', '某某有限公司'])).toBe(true);
    expect(isHintRow(['案例（请删除）', '91330100716105852F'])).toBe(true);
    expect(isHintRow(['样例：', null])).toBe(true);
    expect(isHintRow([null, '年月日，若长期有效输入9999-09-09'])).toBe(true);
    expect(isHintRow(['91330100716105852F', '示例电子有限公司', '2021-06-29'])).toBe(false);
  });
  it('prefers a visible sheet to a hidden one with the same header', () => {
    const sheets = [
      { rows: [ZJ_HEADER] as Cell[][], hidden: true },
      { rows: [ZJ_HEADER] as Cell[][], hidden: false },
    ];
    expect(chooseSheet(sheets, 'entities')?.index).toBe(1);
  });
  it('says in Chinese when no header is found', () => {
    const d = detectHeader(
      [
        ['产品', '数量'],
        ['苹果', 3],
      ],
      'entities',
    );
    expect(d.found).toBe(false);
    expect(d.message).toMatch(/未找到表头/);
  });
  it('reports missing required columns', () => {
    const d = detectHeader([['企业名称', '管辖单位', '住所']], 'entities');
    expect(d.found).toBe(true);
    expect(d.missingRequired).toEqual(['统一社会信用代码/注册号']);
    expect(d.confidence).toBeLessThanOrEqual(0.5);
    expect(d.message).toMatch(/缺少必填列/);
  });
  it('picks the sheet whose header fits the kind', () => {
    const sheets = [
      { rows: [['说明'], ['本工作簿包含两张表']] as Cell[][] },
      { rows: [ZJ_HEADER] as Cell[][] },
    ];
    expect(chooseSheet(sheets, 'entities')?.index).toBe(1);
    expect(chooseSheet([{ rows: [] }], 'entities')).toBeNull();
  });
});

describe('mappings the user corrects', () => {
  it('applies a correction and remembers it by header signature', () => {
    const rows: Cell[][] = [['单位', '代码', '片区负责人']];
    const d = detectHeader(rows, 'entities', { headerRow: 0 });
    const fixed = applyMapping('entities', d, ['name', 'id', 'legalRep']);
    expect(fixed.columns.map((c) => c.field)).toEqual(['name', 'id', 'legalRep']);
    expect(fixed.columns.every((c) => c.byUser)).toBe(true);
    expect(fixed.missingRequired).toEqual([]);
    expect(fixed.confidence).toBe(1);
    const remembered = mappingToRemember(fixed);
    // The same header in another file (different title row, different data) has the same signature.
    const again = detectHeader(
      [['标题'], ['单位', '代码', '片区负责人'], ['甲公司', '91330100716105852F', '张三']],
      'entities',
      { headerRow: 1 },
    );
    expect(again.signature).toBe(fixed.signature);
    expect(applyMapping('entities', again, remembered).columns.map((c) => c.field)).toEqual([
      'name',
      'id',
      'legalRep',
    ]);
  });
  it('gives each field to one column only and ignores unknown fields', () => {
    const d = detectHeader([['企业名称', '统一社会信用代码', '地址']], 'entities');
    const fixed = applyMapping('entities', d, [undefined, 'name', 'nonsense']);
    expect(fixed.columns.map((c) => c.field)).toEqual([null, 'name', null]);
  });
  it('signatures ignore markers and width but not column order', () => {
    expect(headerSignature(['*企业名称', '统一社会信用代码'])).toBe(
      headerSignature(['企业名称 ', '统一社会信用代码', '']),
    );
    expect(headerSignature(['企业名称', '统一社会信用代码'])).not.toBe(
      headerSignature(['统一社会信用代码', '企业名称']),
    );
    expect(headerSignature(['a'])).toMatch(/^h1:[0-9a-f]{16}$/);
  });
  it('recognises a repeated header inside the data', () => {
    const d = detectHeader([ZJ_HEADER], 'entities');
    expect(isRepeatedHeader(ZJ_HEADER, d)).toBe(true);
    expect(isRepeatedHeader(['甲', '91330100716105852F', '乙', '丙'], d)).toBe(false);
  });
});
