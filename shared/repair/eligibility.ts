/**
 * Credit-repair eligibility (信用修复), record by record, from a credit file and an as-of date. Pure: the
 * same file and date always give the same answer, and nothing here reads a clock.
 *
 * The rules (docs/objections-and-repair.md has them with their sources):
 * - 行政处罚 (45号令 Arts. 2, 13, 14; 信用修复管理办法 Art. 6): publicity starts on `publishedOn`, else on the
 *   decision date. Warning-only penalties are never published. 通报批评 or a 较低数额罚款 (alone or with a
 *   warning) is published for 3 months and simply ends. Others are published for 3 years (or until the
 *   recorded `publicityEnd`, e.g. a longer restriction) and may stop early from 6 months after the start —
 *   12 months in the food, drug and special-equipment fields — never for the kinds of Art. 14(3), and only
 *   while the four conditions of Art. 14 hold. Two of them the database can see (no later penalty for the
 *   same violation type; not on the abnormal or serious-violation list); the other two are a checklist.
 * - 经营异常名录 (enterprise 列入 / individual 标记): repairable at once when a removal reason applies; three
 *   years unresolved leads to the serious-violation list (a warning here).
 * - 严重违法失信名单 (44号令): early removal from one year after listing if the measures have ended; removed
 *   by itself after three years.
 */
import type { EntityKind } from '../domain/entity.ts';
import {
  LIGHT_PENALTY_KINDS,
  normalizePenaltyKinds,
  PENALTY_KINDS_EXCLUDED_FROM_REPAIR,
  type PenaltyKind,
} from '../domain/penalty-kinds.ts';
import { addMonths } from '../dates/iso-date.ts';
import type { CreditFile, GradingRecord } from '../grading/types.ts';

export const REPAIR_ACTIONS = [
  'stop_publicity',
  'remove_abnormal',
  'restore_individual',
  'remove_serious',
] as const;
export type RepairAction = (typeof REPAIR_ACTIONS)[number];

/** What stands in the way, in the words of the command line's JSON (a public contract). */
export const REPAIR_BLOCKS = [
  'excluded_kind',
  'repeat_penalty',
  'on_abnormal_list',
  'on_serious_list',
  'later_heavy_penalty',
] as const;
export type RepairBlock = (typeof REPAIR_BLOCKS)[number];

export const REPAIR_ACTION_LABELS: Record<RepairAction, string> = {
  stop_publicity: '提前停止公示行政处罚信息',
  remove_abnormal: '移出经营异常名录',
  restore_individual: '恢复个体工商户正常记载状态',
  remove_serious: '提前移出严重违法失信名单',
};

export const REPAIR_BLOCK_LABELS: Record<RepairBlock, string> = {
  excluded_kind: '处罚种类不适用提前停止公示',
  repeat_penalty: '此后又因同一类违法行为受到行政处罚',
  on_abnormal_list: '仍在经营异常名录（经营异常状态）中',
  on_serious_list: '仍在严重违法失信名单中',
  later_heavy_penalty: '列入后又受到较重行政处罚',
};

export interface RecordEligibility {
  /** The record's position in the credit file's `records`. */
  index: number;
  type: GradingRecord['type'];
  /** The repair that applies to this record, or null when it needs none. */
  action: RepairAction | null;
  /** When the publicity (or the listing's own term) ends by itself, when it has one. */
  publicityEndsOn: string | null;
  /** The first day a repair may be applied for; null when never (or not needed). */
  eligibleOn: string | null;
  /** An application can be granted on the as-of date as far as the database can tell. */
  eligibleNow: boolean;
  blockedBy: RepairBlock[];
  /** Why, in Chinese, for the officer and the applicant. */
  reasons: string[];
  /** Conditions the database cannot see; the applicant shows them with evidence. */
  checklist: string[];
}

export interface CreditFileEligibility {
  id: string;
  records: RecordEligibility[];
}

export interface EligibilityOptions {
  /** 较低数额罚款 (yuan, exclusive) for organisations; the province sets it (SPEC §4). Default 100,000. */
  lowFineOrganisation?: number;
  /** The same for individual businesses. Default 10,000. */
  lowFineIndividual?: number;
}

/** Fields with a 12-month minimum before early stop (信用修复管理办法 Art. 6). */
const LONG_MINIMUM_FIELDS = ['食品', '药品', '特种设备'];

const PENALTY_CHECKLIST = [
  '已履行行政处罚决定规定的义务（如已缴清罚款）',
  '已主动消除危害后果和不良社会影响',
  '提交信用修复申请书和守信承诺书',
];

const ABNORMAL_REMOVAL_REASONS = [
  '已补报未报年份的年度报告并公示',
  '已履行即时信息公示义务',
  '已更正公示的虚假信息',
  '已办理住所（经营场所）变更登记，或可以重新取得联系',
];

const SERIOUS_CHECKLIST = [
  '依法实施的相关管理措施期限已届满',
  '已履行行政处罚、行政裁决规定的义务',
  '已完成整改、消除危害后果和不良社会影响',
  '提交信用修复申请书和守信承诺书',
];

type Penalty = Extract<GradingRecord, { type: 'penalty' }>;
type Listing = Extract<GradingRecord, { type: 'abnormal_list' | 'serious_violation_list' }>;

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/** A penalty's canonical kinds; synonyms resolved as grading resolves them. */
function kindsOf(p: Penalty): PenaltyKind[] {
  return normalizePenaltyKinds(p.penaltyKinds).kinds;
}

/** 仅受通报批评或者较低数额罚款 (a warning beside them changes nothing). */
function isLight(p: { fine?: number | null }, kinds: PenaltyKind[], lowFine: number): boolean {
  if (!kinds.every((k) => LIGHT_PENALTY_KINDS.has(k))) return false;
  return !(kinds.includes('罚款') && p.fine != null && p.fine >= lowFine);
}

export interface PublicityTerms {
  /** Only a warning: never published. */
  warningOnly: boolean;
  /** Only 通报批评 or a 较低数额罚款: 3 months, then it ends by itself. */
  light: boolean;
  /** The publicity term in months before a recorded publicityEnd: 3 or 36. */
  months: number;
  /** Kinds that forbid an early stop (45号令 Art. 14(3)). */
  excluded: PenaltyKind[];
  /** Months of publicity before an early stop may be applied for: 6, or 12 in food, drug, special equipment. */
  minimumMonths: number;
}

/** The publicity rules that apply to one penalty (45号令 Arts. 2, 13, 14; 信用修复管理办法 Art. 6). */
export function publicityTerms(
  p: { penaltyKinds: readonly string[]; fine?: number | null; field?: string | null },
  entityKind: EntityKind,
  opts: EligibilityOptions = {},
): PublicityTerms {
  const kinds = normalizePenaltyKinds(p.penaltyKinds).kinds;
  const lowFine =
    entityKind === 'individual' ? (opts.lowFineIndividual ?? 10_000) : (opts.lowFineOrganisation ?? 100_000);
  const light = isLight(p, kinds, lowFine);
  return {
    warningOnly: kinds.every((k) => k === '警告'),
    light,
    months: light ? 3 : 36,
    excluded: kinds.filter((k) => PENALTY_KINDS_EXCLUDED_FROM_REPAIR.has(k)),
    minimumMonths: LONG_MINIMUM_FIELDS.includes(text(p.field)) ? 12 : 6,
  };
}

function listingOnDay(r: Listing, day: string): boolean {
  if (r.date > day) return false;
  if (r.removedOn != null && r.removedOn <= day) return false;
  return r.type !== 'serious_violation_list' || day < addMonths(r.date, 36);
}

function penaltyEligibility(
  p: Penalty,
  index: number,
  file: CreditFile,
  asOf: string,
  lowFine: number,
): RecordEligibility {
  const out: RecordEligibility = {
    index,
    type: 'penalty',
    action: null,
    publicityEndsOn: null,
    eligibleOn: null,
    eligibleNow: false,
    blockedBy: [],
    reasons: [],
    checklist: [],
  };
  const kinds = kindsOf(p);
  if (kinds.every((k) => k === '警告')) {
    out.reasons.push('仅受警告的行政处罚不予公示，无需信用修复');
    return out;
  }
  const start = p.publishedOn ?? p.date;
  if (isLight(p, kinds, lowFine)) {
    out.publicityEndsOn = p.publicityEnd ?? addMonths(start, 3);
    out.reasons.push(
      `仅受通报批评或较低数额罚款，公示期满 3 个月（${out.publicityEndsOn}）自动停止公示，无需信用修复`,
    );
    return out;
  }
  out.publicityEndsOn = p.publicityEnd ?? addMonths(start, 36);
  if (p.repairedOn != null && p.repairedOn <= asOf) {
    out.reasons.push(`已于 ${p.repairedOn} 信用修复，停止公示`);
    return out;
  }
  if (out.publicityEndsOn <= asOf) {
    out.reasons.push(`公示期已于 ${out.publicityEndsOn} 届满，已停止公示`);
    return out;
  }
  out.action = 'stop_publicity';
  const excluded = kinds.filter((k) => PENALTY_KINDS_EXCLUDED_FROM_REPAIR.has(k));
  if (excluded.length > 0) {
    out.blockedBy.push('excluded_kind');
    out.reasons.push(
      `受到${excluded.join('、')}的行政处罚不得提前停止公示，公示期至 ${out.publicityEndsOn} 届满`,
    );
    return out;
  }
  const field = text(p.field);
  const minimum = LONG_MINIMUM_FIELDS.includes(field) ? 12 : 6;
  out.eligibleOn = addMonths(start, minimum);
  out.reasons.push(
    minimum === 12
      ? `${field}领域的行政处罚信息公示满 1 年（${out.eligibleOn}）后可申请提前停止公示`
      : `行政处罚信息公示满 6 个月（${out.eligibleOn}）后可申请提前停止公示`,
  );
  const violation = text(p.violationType);
  if (
    violation !== '' &&
    file.records.some(
      (r) =>
        r !== p &&
        r.type === 'penalty' &&
        r.date > p.date &&
        r.date <= asOf &&
        text(r.violationType) === violation,
    )
  ) {
    out.blockedBy.push('repeat_penalty');
    out.reasons.push(`此后又因同一类违法行为（${violation}）受到行政处罚`);
  }
  const listed = (type: Listing['type']) =>
    file.records.some((r) => r.type === type && listingOnDay(r as Listing, asOf));
  if (listed('abnormal_list')) {
    out.blockedBy.push('on_abnormal_list');
    out.reasons.push(`${asOf} 仍在经营异常名录（经营异常状态）中，须先移出`);
  }
  if (listed('serious_violation_list')) {
    out.blockedBy.push('on_serious_list');
    out.reasons.push(`${asOf} 仍在严重违法失信名单中，须先移出`);
  }
  out.checklist = [...PENALTY_CHECKLIST];
  out.eligibleNow = out.eligibleOn <= asOf && out.blockedBy.length === 0;
  return out;
}

/** Removal reasons the database itself can see after the listing date. */
function visibleRemovalReasons(r: Listing, file: CreditFile, asOf: string): string[] {
  const found: string[] = [];
  for (const o of file.records) {
    if (o.date < r.date || o.date > asOf) continue;
    if (o.type === 'annual_report') found.push(`已于 ${o.date} 报送 ${o.year} 年度报告`);
    if (o.type === 'change' && o.field === '住所') found.push(`已于 ${o.date} 办理住所变更登记`);
  }
  return found;
}

function abnormalEligibility(
  r: Extract<GradingRecord, { type: 'abnormal_list' }>,
  index: number,
  file: CreditFile,
  kind: EntityKind,
  asOf: string,
): RecordEligibility {
  const individual = kind === 'individual';
  const out: RecordEligibility = {
    index,
    type: 'abnormal_list',
    action: null,
    publicityEndsOn: null,
    eligibleOn: null,
    eligibleNow: false,
    blockedBy: [],
    reasons: [],
    checklist: [],
  };
  if (r.removedOn != null && r.removedOn <= asOf) {
    out.reasons.push(
      individual ? `已于 ${r.removedOn} 恢复正常记载状态` : `已于 ${r.removedOn} 移出经营异常名录`,
    );
    return out;
  }
  if (r.date > asOf) return out;
  out.action = individual ? 'restore_individual' : 'remove_abnormal';
  out.eligibleOn = r.date;
  out.eligibleNow = true;
  out.reasons.push(
    individual
      ? '具备下列情形之一的，可随时申请恢复正常记载状态'
      : '具备下列情形之一的，可随时申请移出经营异常名录',
  );
  out.reasons.push(...visibleRemovalReasons(r, file, asOf));
  const threeYears = addMonths(r.date, 36);
  if (threeYears <= asOf) {
    out.reasons.push(
      `注意：列入已满 3 年（${threeYears}）仍未移出，应列入严重违法失信名单（届满移出经营异常名录）`,
    );
  }
  out.checklist = [...ABNORMAL_REMOVAL_REASONS, '提交信用修复申请书和守信承诺书'];
  return out;
}

function seriousEligibility(
  r: Extract<GradingRecord, { type: 'serious_violation_list' }>,
  index: number,
  file: CreditFile,
  asOf: string,
  lowFine: number,
): RecordEligibility {
  const lapsesOn = addMonths(r.date, 36);
  const out: RecordEligibility = {
    index,
    type: 'serious_violation_list',
    action: null,
    publicityEndsOn: lapsesOn,
    eligibleOn: null,
    eligibleNow: false,
    blockedBy: [],
    reasons: [],
    checklist: [],
  };
  if (r.removedOn != null && r.removedOn <= asOf) {
    out.reasons.push(`已于 ${r.removedOn} 移出严重违法失信名单`);
    return out;
  }
  if (lapsesOn <= asOf) {
    out.reasons.push(`列入满 3 年，已于 ${lapsesOn} 自动移出严重违法失信名单`);
    return out;
  }
  if (r.date > asOf) return out;
  out.action = 'remove_serious';
  out.eligibleOn = addMonths(r.date, 12);
  out.reasons.push(`列入满 1 年（${out.eligibleOn}）后可申请提前移出，满 3 年（${lapsesOn}）自动移出`);
  const heavy = file.records.some(
    (o) =>
      o.type === 'penalty' &&
      o.date > r.date &&
      o.date <= asOf &&
      !kindsOf(o).every((k) => k === '警告') &&
      !isLight(o, kindsOf(o), lowFine),
  );
  if (heavy) {
    out.blockedBy.push('later_heavy_penalty');
    out.reasons.push('列入后又受到较重行政处罚');
  }
  out.checklist = [...SERIOUS_CHECKLIST];
  out.eligibleNow = out.eligibleOn <= asOf && out.blockedBy.length === 0;
  return out;
}

function nothingToRepair(r: GradingRecord, index: number): RecordEligibility {
  return {
    index,
    type: r.type,
    action: null,
    publicityEndsOn: null,
    eligibleOn: null,
    eligibleNow: false,
    blockedBy: [],
    reasons: [],
    checklist: [],
  };
}

/** Every record of the file, in input order, with what repair (if any) applies on `asOf`. */
export function repairEligibility(
  file: CreditFile,
  asOf: string,
  opts: EligibilityOptions = {},
): CreditFileEligibility {
  const kind = file.entity.kind;
  const lowFine =
    kind === 'individual' ? (opts.lowFineIndividual ?? 10_000) : (opts.lowFineOrganisation ?? 100_000);
  const records = file.records.map((r, i) => {
    // A record dated after as-of does not exist yet on that day.
    if (r.date > asOf) return nothingToRepair(r, i);
    switch (r.type) {
      case 'penalty':
        return penaltyEligibility(r, i, file, asOf, lowFine);
      case 'abnormal_list':
        return abnormalEligibility(r, i, file, kind, asOf);
      case 'serious_violation_list':
        return seriousEligibility(r, i, file, asOf, lowFine);
      default:
        return nothingToRepair(r, i);
    }
  });
  return { id: file.id, records };
}
