/**
 * Validation of a model file: the shape (zod, strict — an unknown or misspelt key is an error, not
 * silently ignored) and then the meaning (unique ids, known grades, bands that tile the scale, fields
 * that fit the record type). Every problem comes back as a Chinese message with its JSON path.
 */
import { z } from 'zod';
import { ENTITY_KINDS } from '../domain/entity.ts';
import { penaltyKindsOf } from '../domain/penalty-kinds.ts';
import { CHANGE_FIELDS, PENALTY_KINDS, RECORD_TYPES, type RecordType } from '../domain/records.ts';
import { INSPECTION_RESULT_CODES } from '../inspection-results/index.ts';
import { placeOf, shapeMessage } from './model-fields.ts';
import {
  type GradingModel,
  MODEL_FORMAT,
  type ModelIssue,
  type ParseModelResult,
  type RecordPredicate,
} from './types.ts';

const isoDate = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, '日期格式应为 YYYY-MM-DD');
const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, '标识只能由小写字母、数字、- 和 _ 组成（不超过 64 个字符）');
const label = z.string().min(1, '不能为空');
/** Points and bounds: finite, at most two decimals (scores are two-decimal, SPEC §5.1). */
const amount = z
  .number()
  .finite()
  .refine((n) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6, '最多两位小数');
const magnitude = amount.refine((n) => n >= 0, '应为非负数（扣分项与加分项均填写绝对值）');
const months = z.number().int('应为整数').min(1, '至少 1 个月').max(1200, '不超过 1200 个月');
const entityKinds = z.array(z.enum(ENTITY_KINDS)).min(1, '至少列出一种主体类型');

const recordConditions = {
  // A synonym (e.g. 没收 in a model written before the full list) means its kind.
  penaltyKindsAny: z
    .array(
      z.string().refine((k) => penaltyKindsOf(k) !== null, {
        message: `不是已知的处罚种类，可填：${PENALTY_KINDS.join('、')}`,
      }),
    )
    .min(1)
    .optional(),
  fineAtLeast: magnitude.optional(),
  resultsAny: z.array(z.string().min(1)).min(1).optional(),
  substantiated: z.boolean().optional(),
  onTime: z.boolean().optional(),
  qualified: z.boolean().optional(),
  fulfilled: z.boolean().nullable().optional(),
  fieldsAny: z.array(z.enum(CHANGE_FIELDS)).min(1).optional(),
  levelsAny: z.array(z.string().min(1)).min(1).optional(),
  reasonsAny: z.array(z.string().min(1)).min(1).optional(),
  scheme: z.string().min(1).optional(),
};

const recordPredicate = z.strictObject({
  type: z.enum(RECORD_TYPES),
  state: z.enum(['inEffect', 'removed', 'any']).optional(),
  within: z.strictObject({ months }).optional(),
  ...recordConditions,
  anyOf: z.array(z.strictObject(recordConditions)).min(1).optional(),
});

const derivedSource = z.strictObject({
  derived: z.enum(['annualReportsMissing', 'yearsEstablished']),
  years: z.number().int('应为整数').min(1).max(20),
});

const source = z.union([derivedSource, recordPredicate], {
  error: '应为记录条件（含 type）或派生事实（含 derived）',
});

const indicator = z.strictObject({
  id,
  label,
  dimension: z.string().optional(),
  kind: z.enum(['deduction', 'bonus']),
  sources: z.array(source).min(1, '至少一个来源'),
  mode: z.enum(['perRecord', 'once']),
  minCount: z.number().int().min(1).optional(),
  points: magnitude,
  cap: magnitude.optional(),
  entityKinds: entityKinds.optional(),
  unless: z.array(id).min(1).optional(),
});

const band = z.strictObject({
  grade: z.string().min(1).max(8),
  label,
  min: amount,
  minInclusive: z.boolean(),
  max: amount,
  maxInclusive: z.boolean(),
});

const override = z.strictObject({
  id,
  action: z.enum(['force', 'cap']),
  grade: z.string().min(1),
  reason: label,
  when: z.strictObject({
    record: recordPredicate.optional(),
    establishedWithinMonths: months.optional(),
    noDeductions: z.literal(true).optional(),
    publicCreditGrade: z.record(z.string().min(1), z.array(z.string().min(1)).min(1)).optional(),
  }),
});

const modelSchema = z.strictObject({
  format: z.literal(MODEL_FORMAT, { error: `format 应为 "${MODEL_FORMAT}"` }),
  id,
  version: z.string().regex(/^\d+(\.\d+){0,2}$/, '版本号应为 1、1.2 或 1.2.3 的形式'),
  effectiveFrom: isoDate,
  name: label,
  description: z.string().optional(),
  source: z.string().optional(),
  scale: z.strictObject({ min: amount, max: amount }),
  base: amount,
  entityKinds: entityKinds.optional(),
  dimensions: z.array(z.strictObject({ id, label, max: magnitude.optional() })).optional(),
  indicators: z.array(indicator),
  bands: z.array(band).min(1, '至少一个等级'),
  overrides: z.array(override).optional(),
  scoreOnly: z.strictObject({ scheme: z.string().min(1) }).optional(),
  effect: z
    .strictObject({
      lowFineOrganisation: magnitude.optional(),
      lowFineIndividual: magnitude.optional(),
      lightPenaltyMonths: months.optional(),
      penaltyMonths: months.optional(),
      seriousViolationListMonths: months.optional(),
    })
    .optional(),
});

/** Which record-type-specific condition belongs to which record type. */
const CONDITION_TYPES: Record<keyof typeof recordConditions, RecordType> = {
  penaltyKindsAny: 'penalty',
  fineAtLeast: 'penalty',
  resultsAny: 'inspection',
  substantiated: 'complaint',
  onTime: 'annual_report',
  qualified: 'quality_check',
  fulfilled: 'commitment',
  fieldsAny: 'change',
  levelsAny: 'commendation',
  reasonsAny: 'abnormal_list',
  scheme: 'public_credit_score',
};
const LIST_TYPES: ReadonlySet<RecordType> = new Set([
  'abnormal_list',
  'serious_violation_list',
  'joint_punishment',
]);

function pathOf(segments: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else out += out ? `.${String(s)}` : String(s);
  }
  return out || '（根）';
}

function checkPredicate(p: RecordPredicate, at: string, issues: ModelIssue[]): void {
  const conditionSets: Array<[string, Record<string, unknown>]> = [
    [at, p as unknown as Record<string, unknown>],
  ];
  p.anyOf?.forEach((alt, i) => {
    conditionSets.push([`${at}.anyOf[${i}]`, alt as Record<string, unknown>]);
  });
  for (const [where, conditions] of conditionSets) {
    const codes = conditions.resultsAny as string[] | undefined;
    codes?.forEach((code, k) => {
      if (!INSPECTION_RESULT_CODES.includes(code)) {
        issues.push({
          path: `${where}.resultsAny[${k}]`,
          message: `未知的抽查检查结果代码 ${code}（可用：${INSPECTION_RESULT_CODES.join('、')}）`,
        });
      }
    });
    for (const key of Object.keys(CONDITION_TYPES) as Array<keyof typeof CONDITION_TYPES>) {
      if (conditions[key] !== undefined && CONDITION_TYPES[key] !== p.type) {
        issues.push({
          path: `${where}.${key}`,
          message: `条件 ${key} 只适用于 ${CONDITION_TYPES[key]} 记录，此处记录类型为 ${p.type}`,
        });
      }
    }
  }
  if (p.state === 'inEffect' && p.type !== 'penalty' && !LIST_TYPES.has(p.type)) {
    issues.push({ path: `${at}.state`, message: '“在影响期内”（inEffect）只适用于行政处罚和三类名单记录' });
  }
  if (p.state === 'removed' && !LIST_TYPES.has(p.type)) {
    issues.push({ path: `${at}.state`, message: '“已移出”（removed）只适用于三类名单记录' });
  }
}

/** Meaning checks that a shape cannot express. */
function checkMeaning(m: GradingModel): ModelIssue[] {
  const issues: ModelIssue[] = [];
  const add = (path: string, message: string) => issues.push({ path, message });

  if (!(m.scale.min < m.scale.max)) add('scale', '分值范围的下限应小于上限');
  if (m.base < m.scale.min || m.base > m.scale.max)
    add('base', `基础分 ${m.base} 不在分值范围 [${m.scale.min}, ${m.scale.max}] 内`);

  const dims = new Map((m.dimensions ?? []).map((d) => [d.id, d]));
  if (dims.size !== (m.dimensions ?? []).length) add('dimensions', '维度标识重复');

  const seen = new Set<string>();
  const dimDeductionCaps = new Map<string, number>();
  m.indicators.forEach((ind, i) => {
    const at = `indicators[${i}]`;
    if (seen.has(ind.id)) add(`${at}.id`, `指标标识 ${ind.id} 重复`);
    if (
      ind.id === 'base' ||
      ind.id === 'clamp' ||
      ind.id === 'public_credit_score' ||
      ind.id === 'not-loaded'
    )
      add(`${at}.id`, `指标标识 ${ind.id} 为保留字`);
    seen.add(ind.id);
    if (ind.dimension !== undefined && !dims.has(ind.dimension))
      add(`${at}.dimension`, `未定义的维度 ${ind.dimension}`);
    if (ind.minCount !== undefined && ind.mode !== 'once')
      add(`${at}.minCount`, 'minCount 只用于 mode 为 once 的指标');
    if (ind.cap !== undefined && ind.cap < ind.points)
      add(`${at}.cap`, `封顶 ${ind.cap} 小于单次分值 ${ind.points}`);
    for (const [k, other] of (ind.unless ?? []).entries()) {
      if (!seen.has(other) || other === ind.id)
        add(`${at}.unless[${k}]`, `unless 只能引用排在本指标之前的指标（${other}）`);
    }
    ind.sources.forEach((s, j) => {
      if ('type' in s) checkPredicate(s, `${at}.sources[${j}]`, issues);
    });
    if (ind.dimension !== undefined && ind.kind === 'deduction') {
      const most = ind.mode === 'once' ? ind.points : (ind.cap ?? Number.POSITIVE_INFINITY);
      dimDeductionCaps.set(ind.dimension, (dimDeductionCaps.get(ind.dimension) ?? 0) + most);
    }
  });
  for (const [dimId, total] of dimDeductionCaps) {
    const max = dims.get(dimId)?.max;
    if (max !== undefined && total > max) {
      add(
        'dimensions',
        `维度 ${dimId} 的扣分合计可达 ${Number.isFinite(total) ? total : '无上限'}，超过该维度满分 ${max}（请为逐条计分的指标设置封顶）`,
      );
    }
  }

  // Bands, best first, must tile [scale.min, scale.max] with no gap or overlap.
  const grades = new Set<string>();
  m.bands.forEach((b, i) => {
    const at = `bands[${i}]`;
    if (grades.has(b.grade)) add(`${at}.grade`, `等级 ${b.grade} 重复`);
    grades.add(b.grade);
    if (b.min > b.max || (b.min === b.max && !(b.minInclusive && b.maxInclusive)))
      add(at, `等级 ${b.grade} 的区间为空`);
  });
  const first = m.bands[0];
  const last = m.bands[m.bands.length - 1];
  if (first && (first.max !== m.scale.max || !first.maxInclusive)) {
    add('bands[0].max', `最高等级的上限应为分值上限 ${m.scale.max}（含）`);
  }
  if (last && (last.min !== m.scale.min || !last.minInclusive)) {
    add(`bands[${m.bands.length - 1}].min`, `最低等级的下限应为分值下限 ${m.scale.min}（含）`);
  }
  for (let i = 0; i + 1 < m.bands.length; i++) {
    const upper = m.bands[i];
    const lower = m.bands[i + 1];
    if (!upper || !lower) continue;
    const at = `bands[${i + 1}].max`;
    if (lower.max < upper.min)
      add(at, `等级 ${lower.grade} 与 ${upper.grade} 之间有空档（${lower.max} 到 ${upper.min}）`);
    else if (lower.max > upper.min)
      add(at, `等级 ${lower.grade} 与 ${upper.grade} 的区间重叠（${upper.min} 到 ${lower.max}）`);
    else if (lower.maxInclusive && upper.minInclusive)
      add(at, `分数 ${upper.min} 同时属于等级 ${upper.grade} 和 ${lower.grade}`);
    else if (!lower.maxInclusive && !upper.minInclusive) add(at, `分数 ${upper.min} 不属于任何等级`);
  }

  const overrideIds = new Set<string>();
  (m.overrides ?? []).forEach((o, i) => {
    const at = `overrides[${i}]`;
    if (overrideIds.has(o.id)) add(`${at}.id`, `调整规则标识 ${o.id} 重复`);
    overrideIds.add(o.id);
    if (!grades.has(o.grade))
      add(`${at}.grade`, `等级 ${o.grade} 不在本模型的等级中（${[...grades].join('、')}）`);
    const w = o.when;
    if (
      w.record === undefined &&
      w.establishedWithinMonths === undefined &&
      w.publicCreditGrade === undefined
    ) {
      add(`${at}.when`, '至少需要一个触发条件（record、establishedWithinMonths 或 publicCreditGrade）');
    }
    if (w.record) checkPredicate(w.record, `${at}.when.record`, issues);
  });
  return issues;
}

const zhCN = z.locales.zhCN();

/** Validate a parsed JSON value as a model. Never throws, never executes anything from the model. */
export function parseModel(json: unknown): ParseModelResult {
  const shaped = modelSchema.safeParse(json, {
    error: (iss) => shapeMessage(iss) ?? zhCN.localeError(iss),
  });
  let issues: ModelIssue[];
  if (!shaped.success) {
    issues = shaped.error.issues.map((i) => ({ path: pathOf(i.path), message: i.message }));
    // Report the meaning problems too when the rest of the file is readable enough to check, so one
    // round of fixes is usually enough. A file too broken for that gets the shape errors alone.
    try {
      const reported = new Set(issues.map((i) => i.path));
      for (const extra of checkMeaning(json as GradingModel))
        if (!reported.has(extra.path)) issues.push(extra);
    } catch {
      // the shape errors say enough
    }
  } else {
    const model = shaped.data as GradingModel;
    issues = checkMeaning(model);
    if (issues.length === 0) return { ok: true, model };
  }
  return { ok: false, issues, errors: issues.map((i) => `${i.path}：${i.message}`) };
}

/** Parse model text (a file's content): JSON syntax errors are reported like the others. */
export function parseModelText(text: string): ParseModelResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const message = `不是有效的 JSON：${e instanceof Error ? e.message : String(e)}`;
    return { ok: false, issues: [{ path: '（根）', message }], errors: [`（根）：${message}`] };
  }
  return parseModel(json);
}

/**
 * One problem as an officer reads it: where in the model (“第 3 个指标的‘分值’”) and what is wrong.
 * A missing field's message already says where it is missing.
 */
export function readableIssue(issue: ModelIssue): string {
  if (issue.message.includes('缺少必填项')) return issue.message;
  return `${placeOf(issue.path === '（根）' ? '' : issue.path)}：${issue.message}`;
}
