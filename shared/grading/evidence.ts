/** Short Chinese descriptions of the records that produced points, for the breakdown. */
import type { EntityKind } from '../domain/entity.ts';
import { ABNORMAL_REASONS, CHANGE_FIELDS, type CreditRecord, PENALTY_KINDS } from '../domain/records.ts';
import { INSPECTION_RESULT_CODES, resultLabel } from '../inspection-results/index.ts';
import { schemeName } from './scheme-names.ts';
import type { Evidence, GradingRecord } from './types.ts';

/** The Chinese description of a record (the reference form of its evidence summary, after the date). */
export function describe(r: CreditRecord, kind: EntityKind): string {
  switch (r.type) {
    case 'penalty': {
      const kinds = r.penaltyKinds.map((k) => (k === '罚款' && r.fine != null ? `罚款 ${r.fine} 元` : k));
      const no = r.decisionNo ? `（${r.decisionNo}）` : '';
      const repaired = r.repairedOn ? `，${r.repairedOn} 信用修复` : '';
      return `行政处罚：${kinds.join('、')}${no}${repaired}`;
    }
    case 'abnormal_list': {
      const verb = kind === 'individual' ? '标记为经营异常状态' : '列入经营异常名录';
      const out = kind === 'individual' ? '恢复正常记载状态' : '移出';
      return `${verb}（${r.reason}）${r.removedOn ? `，${r.removedOn} ${out}` : ''}`;
    }
    case 'serious_violation_list':
      return `列入严重违法失信名单${r.reason ? `（${r.reason}）` : ''}${r.removedOn ? `，${r.removedOn} 移出` : ''}`;
    case 'joint_punishment':
      return `列入失信联合惩戒对象名单${r.field ? `（${r.field}）` : ''}${r.removedOn ? `，${r.removedOn} 移出` : ''}`;
    case 'inspection':
      return `抽查检查结果：${r.results.map(resultLabel).join('、')}`;
    case 'complaint':
      return `投诉举报${r.channel ? `（${r.channel}）` : ''}：${r.substantiated ? '属实' : '不属实'}`;
    case 'annual_report':
      return `${r.year} 年度报告：${r.onTime ? '按时公示' : '逾期公示'}`;
    case 'quality_check':
      return `产品质量抽检${r.product ? `（${r.product}）` : ''}：${r.qualified ? '合格' : '不合格'}`;
    case 'commitment':
      return `信用承诺${r.content ? `（${r.content}）` : ''}：${r.fulfilled === null ? '履行中' : r.fulfilled ? '已履行' : '未履行'}`;
    case 'commendation':
      return `表彰奖励${r.title ? `：${r.title}` : ''}${r.level ? `（${r.level}）` : ''}`;
    case 'public_credit_score':
      return `公共信用综合评价（${schemeName(r.scheme)}）：${r.score} 分${r.grade ? `，${r.grade}` : ''}`;
    case 'change':
      return `变更${r.field}`;
  }
}

/** `${date} 抽查检查结果：${label}` without the date, per result code; the codes' labels prefixed with 、. */
const INSPECTION_FIRST = new Map<string, string>();
const INSPECTION_NEXT = new Map<string, string>();
for (const code of INSPECTION_RESULT_CODES) {
  INSPECTION_FIRST.set(code, ` 抽查检查结果：${resultLabel(code)}`);
  INSPECTION_NEXT.set(code, `、${resultLabel(code)}`);
}

// The text after the date for the common records, built once: most summaries are then the date joined
// to one shared string (one allocation).
const PENALTY_ONE = new Map<string, string>(PENALTY_KINDS.map((k) => [k, ` 行政处罚：${k}`]));
const ABNORMAL_ENTERPRISE = new Map<string, string>(
  ABNORMAL_REASONS.map((r) => [r, ` 列入经营异常名录（${r}）`]),
);
const ABNORMAL_INDIVIDUAL = new Map<string, string>(
  ABNORMAL_REASONS.map((r) => [r, ` 标记为经营异常状态（${r}）`]),
);
const COMMENDATION_LEVEL = new Map<string, string>(
  ['国家级', '省级', '市级', '县级'].map((l) => [l, ` 表彰奖励（${l}）`]),
);
const CHANGE_FIELD = new Map<string, string>(CHANGE_FIELDS.map((f) => [f, ` 变更${f}`]));
/** ` ${year} 年度报告：按时公示` / `逾期公示` for report years 1900–2199, filled on first use. */
const ANNUAL: Array<string | undefined> = new Array(600);

/**
 * `${r.date} ${describe(r, kind)}`, built directly (the date first, constant pieces precomputed, no
 * intermediate arrays): this runs for every record that produced points in every stored grading run.
 * The summary is exactly the one `describe` gives — checked by evidence.test.ts; a record this path
 * does not expect (a result code without a label, a non-string penalty kind) takes `describe` itself.
 */
export function evidenceSummary(r: CreditRecord, kind: EntityKind): string {
  const date = r.date;
  switch (r.type) {
    case 'penalty': {
      const kinds = r.penaltyKinds;
      if (kinds.length === 1 && !r.decisionNo && !r.repairedOn && (r.fine == null || kinds[0] !== '罚款')) {
        const one = PENALTY_ONE.get(kinds[0] as string);
        if (one !== undefined) return date + one;
      }
      let s = `${date} 行政处罚：`;
      for (let i = 0; i < kinds.length; i++) {
        const k = kinds[i];
        if (typeof k !== 'string') return `${date} ${describe(r, kind)}`;
        if (i > 0) s += '、';
        s += k === '罚款' && r.fine != null ? `罚款 ${r.fine} 元` : k;
      }
      if (r.decisionNo) s += `（${r.decisionNo}）`;
      if (r.repairedOn) s += `，${r.repairedOn} 信用修复`;
      return s;
    }
    case 'inspection': {
      const results = r.results;
      let s = INSPECTION_FIRST.get(results[0] as string);
      if (s === undefined) return `${date} ${describe(r, kind)}`;
      s = date + s;
      for (let i = 1; i < results.length; i++) {
        const next = INSPECTION_NEXT.get(results[i] as string);
        if (next === undefined) return `${date} ${describe(r, kind)}`;
        s += next;
      }
      return s;
    }
    case 'abnormal_list':
      if (!r.removedOn) {
        const text = (kind === 'individual' ? ABNORMAL_INDIVIDUAL : ABNORMAL_ENTERPRISE).get(r.reason);
        if (text !== undefined) return date + text;
      }
      if (kind === 'individual') {
        return r.removedOn
          ? `${date} 标记为经营异常状态（${r.reason}），${r.removedOn} 恢复正常记载状态`
          : `${date} 标记为经营异常状态（${r.reason}）`;
      }
      return r.removedOn
        ? `${date} 列入经营异常名录（${r.reason}），${r.removedOn} 移出`
        : `${date} 列入经营异常名录（${r.reason}）`;
    case 'complaint':
      if (r.channel) return `${date} 投诉举报（${r.channel}）：${r.substantiated ? '属实' : '不属实'}`;
      return date + (r.substantiated ? ' 投诉举报：属实' : ' 投诉举报：不属实');
    case 'annual_report': {
      const year = r.year;
      const onTime = r.onTime;
      if (Number.isInteger(year) && year >= 1900 && year < 2200 && typeof onTime === 'boolean') {
        const k = (year - 1900) * 2 + (onTime ? 1 : 0);
        let text = ANNUAL[k];
        if (text === undefined) {
          text = ` ${year}${onTime ? ' 年度报告：按时公示' : ' 年度报告：逾期公示'}`;
          ANNUAL[k] = text;
        }
        return date + text;
      }
      return `${date} ${r.year}${r.onTime ? ' 年度报告：按时公示' : ' 年度报告：逾期公示'}`;
    }
    case 'quality_check':
      if (r.product) return `${date} 产品质量抽检（${r.product}）：${r.qualified ? '合格' : '不合格'}`;
      return date + (r.qualified ? ' 产品质量抽检：合格' : ' 产品质量抽检：不合格');
    case 'commitment': {
      if (r.content) {
        const state = r.fulfilled === null ? '：履行中' : r.fulfilled ? '：已履行' : '：未履行';
        return `${date} 信用承诺（${r.content}）${state}`;
      }
      return (
        date +
        (r.fulfilled === null ? ' 信用承诺：履行中' : r.fulfilled ? ' 信用承诺：已履行' : ' 信用承诺：未履行')
      );
    }
    case 'commendation':
      if (!r.title) {
        if (!r.level) return `${date} 表彰奖励`;
        const text = COMMENDATION_LEVEL.get(r.level);
        if (text !== undefined) return date + text;
      }
      return `${date} ${describe(r, kind)}`;
    case 'change': {
      const text = CHANGE_FIELD.get(r.field);
      return text !== undefined ? date + text : `${date} ${describe(r, kind)}`;
    }
    default:
      return `${date} ${describe(r, kind)}`;
  }
}

export function recordEvidence(r: GradingRecord, index: number, kind: EntityKind): Evidence {
  // Always the same five fields, so every evidence object has one shape.
  return { index, id: r.id ?? null, type: r.type, date: r.date, summary: evidenceSummary(r, kind) };
}

export function derivedEvidence(date: string, summary: string): Evidence {
  return { index: -1, id: null, type: 'derived', date, summary };
}

function before(a: Evidence, b: Evidence): boolean {
  return a.date < b.date || (a.date === b.date && a.summary < b.summary);
}

/**
 * Evidence in a stable order (date, then text), so the result does not depend on record order. An
 * insertion sort: the lists are short (a handful of records), where it beats `Array.prototype.sort`.
 */
export function sortEvidence(list: Evidence[]): Evidence[] {
  for (let i = 1; i < list.length; i++) {
    const x = list[i] as Evidence;
    let j = i - 1;
    while (j >= 0 && before(x, list[j] as Evidence)) {
      list[j + 1] = list[j] as Evidence;
      j--;
    }
    list[j + 1] = x;
  }
  return list;
}
