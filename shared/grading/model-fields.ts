/**
 * A model file's fields in the words of the model form, so a rejected import says “第 3 个指标缺少
 * 必填项‘显示名称’” rather than a validator's “expected string, received undefined”.
 */

/** Each key of the model format (types.ts) in words. */
const FIELD_WORDS: Readonly<Record<string, string>> = {
  format: '文件格式',
  id: '编号',
  version: '版本号',
  effectiveFrom: '施行日期',
  name: '模型名称',
  description: '说明',
  source: '依据',
  scale: '分值范围',
  base: '基础分',
  entityKinds: '适用主体类型',
  dimensions: '维度',
  dimension: '所属维度',
  indicators: '指标',
  bands: '等级',
  overrides: '强制规则',
  scoreOnly: '仅分值模式',
  effect: '影响期设置',
  label: '显示名称',
  kind: '类别（扣分或加分）',
  sources: '计分来源',
  mode: '计分方式',
  minCount: '最少次数',
  points: '分值',
  cap: '最多计分',
  unless: '不与之同时计分的指标',
  grade: '等级',
  min: '下限',
  minInclusive: '是否含下限',
  max: '上限',
  maxInclusive: '是否含上限',
  action: '规则动作',
  reason: '原因',
  when: '触发条件',
  record: '记录条件',
  establishedWithinMonths: '成立不满的月数',
  noDeductions: '无扣分记录',
  publicCreditGrade: '公共信用评价等级',
  type: '记录类型',
  state: '记录状态',
  within: '时间范围',
  months: '月数',
  derived: '派生事实',
  years: '年数',
  anyOf: '备选条件',
  scheme: '评价方案',
  penaltyKindsAny: '处罚种类',
  fineAtLeast: '罚款金额下限',
  resultsAny: '检查结果',
  substantiated: '是否属实',
  onTime: '是否按时',
  qualified: '是否合格',
  fulfilled: '履行情况',
  fieldsAny: '变更事项',
  levelsAny: '表彰级别',
  reasonsAny: '列入原因',
  lowFineOrganisation: '单位较低数额罚款标准',
  lowFineIndividual: '个体工商户较低数额罚款标准',
  lightPenaltyMonths: '较轻处罚公示月数',
  penaltyMonths: '处罚公示月数',
  seriousViolationListMonths: '严重违法失信名单期限（月）',
};

/** The word for one item of a list field (“第 3 个指标”). */
const ITEM_WORDS: Readonly<Record<string, string>> = {
  indicators: '指标',
  bands: '等级',
  overrides: '强制规则',
  dimensions: '维度',
  sources: '计分来源',
  anyOf: '备选条件',
};

const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: '文字',
  number: '数字',
  int: '整数',
  boolean: '是或否（true 或 false）',
  array: '列表（[…]）',
  object: '一组设置（{…}）',
};

export function fieldWord(key: string): string {
  return FIELD_WORDS[key] ?? key;
}

/** `indicators[2].sources[0]` → ['indicators', 2, 'sources', 0]. */
function segmentsOf(path: string): Array<string | number> {
  const out: Array<string | number> = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (m[2] !== undefined) out.push(Number(m[2]));
    else if (m[1] !== undefined) out.push(m[1]);
  }
  return out;
}

/** Where a path points, in words: `indicators[2].points` → 第 3 个指标的“分值”; the root → 模型文件. */
export function placeOf(path: ReadonlyArray<PropertyKey> | string): string {
  const segs = typeof path === 'string' ? segmentsOf(path) : path;
  const parts: string[] = [];
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i];
    const next = segs[i + 1];
    if (typeof s === 'string' && typeof next === 'number') {
      parts.push(`第 ${next + 1} 个${ITEM_WORDS[s] ?? fieldWord(s)}`);
      i++;
    } else if (typeof s === 'number') {
      parts.push(`第 ${s + 1} 项`);
    } else if (typeof s === 'string') {
      parts.push(`“${fieldWord(s)}”`);
    }
  }
  return parts.length > 0 ? parts.join('的') : '模型文件';
}

/** The parts of a validator's issue this module reads (a zod issue has them). */
export interface ShapeIssue {
  code: string;
  path?: ReadonlyArray<PropertyKey>;
  input?: unknown;
  expected?: string;
  keys?: readonly string[];
}

/**
 * A shape problem in words, or undefined to keep the validator's own message: a missing field names
 * the field, a wrong kind of value says what is expected, an unknown key may be a misspelling.
 */
export function shapeMessage(iss: ShapeIssue): string | undefined {
  const path = iss.path ?? [];
  const last = path[path.length - 1];
  if (iss.code === 'invalid_type' && iss.input === undefined && typeof last === 'string') {
    const owner = path.slice(0, -1);
    const where = owner.length > 0 ? `${placeOf(owner)}` : '模型文件';
    return `${where}缺少必填项“${fieldWord(last)}”`;
  }
  if (iss.code === 'invalid_type' && iss.expected) {
    return `应填写${TYPE_WORDS[iss.expected] ?? iss.expected}`;
  }
  if (iss.code === 'unrecognized_keys' && iss.keys) {
    return `有无法识别的项 ${iss.keys.map((k) => `“${k}”`).join('、')}（可能拼写有误）`;
  }
  return undefined;
}
