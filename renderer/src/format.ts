/**
 * Chinese display of entity fields and credit records. Pure functions, no React.
 */
import type { StoredRecord } from '../../shared/api/contract.ts';
import type { Entity, EntityKind, EntityStatus } from '../../shared/domain/entity.ts';
import type { RecordType } from '../../shared/domain/records.ts';
import { schemeName } from '../../shared/grading/scheme-names.ts';
import { isResultCode, resultLabel } from '../../shared/inspection-results/index.ts';

export const DASH = '—';

/** Dates are YYYY-MM-DD on screen and 2026年3月5日 in documents, whatever the machine's locale. */
export { formatDateChinese } from '../../shared/dates/typed-date.ts';

export function formatCount(n: number): string {
  return n.toLocaleString('zh-CN');
}

export function formatMoney(n: number): string {
  return `¥${n.toLocaleString('zh-CN', { minimumFractionDigits: 0, maximumFractionDigits: 2 })}`;
}

export function formatCapital(
  e: Pick<Entity, 'capitalAmount' | 'capitalUnit' | 'capitalCurrency'>,
): string | null {
  if (e.capitalAmount === null) return null;
  const amount = e.capitalAmount.toLocaleString('zh-CN', { maximumFractionDigits: 6 });
  return [amount, e.capitalUnit, e.capitalCurrency].filter((x) => x !== null && x !== '').join(' ');
}

/** 住所 for companies and cooperatives, 经营场所 for individual businesses. */
export function addressLabel(kind: EntityKind): string {
  return kind === 'individual' ? '经营场所' : '住所';
}

/** 注册资本 / 出资总额 / 资金数额 depending on the kind. */
export function capitalLabel(kind: EntityKind): string {
  if (kind === 'individual') return '资金数额';
  if (kind === 'cooperative') return '出资总额';
  return '注册资本';
}

export const STATUS_COLORS: Record<EntityStatus, string> = {
  active: 'teal',
  revoked: 'red',
  cancelled: 'gray',
  moved: 'yellow',
  withdrawn: 'gray',
};

const CLEAN_INSPECTION_CODES = new Set(['1', 'F']);

/** What the record's own date means, per kind. */
export function recordDateLabel(type: RecordType, kind: EntityKind): string {
  switch (type) {
    case 'penalty':
      return '处罚决定日期';
    case 'abnormal_list':
      return kind === 'individual' ? '标记日期' : '列入日期';
    case 'serious_violation_list':
    case 'joint_punishment':
      return '列入日期';
    case 'inspection':
      return '检查日期';
    case 'complaint':
      return '受理日期';
    case 'annual_report':
      return '报送日期';
    case 'quality_check':
      return '抽检日期';
    case 'commitment':
      return '承诺日期';
    case 'commendation':
      return '表彰日期';
    case 'public_credit_score':
      return '评价日期';
    case 'change':
      return '变更日期';
  }
}

export interface RecordSummary {
  /** Label → value pairs, in reading order. */
  fields: [string, string][];
  /** A short state, e.g. 仍在名录中 / 已修复. */
  state?: { text: string; color: string };
  /** Bullet colour on the timeline. */
  color: string;
}

const yesNo = (b: unknown) => (b === true ? '是' : b === false ? '否' : null);

function str(v: unknown): string | null {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.map((x) => str(x) ?? '').join('、');
  return JSON.stringify(v);
}

/** A readable Chinese summary of one record's data fields; fields it does not know are listed as key: value. */
export function summarizeRecord(record: StoredRecord, kind: EntityKind): RecordSummary {
  const d = record.data;
  const used = new Set<string>();
  const fields: [string, string][] = [];
  const put = (label: string, key: string, fmt: (v: unknown) => string | null = str) => {
    used.add(key);
    const v = fmt(d[key]);
    if (v !== null && v !== '') fields.push([label, v]);
  };
  let state: RecordSummary['state'];
  let color = 'gray';
  const individual = kind === 'individual';

  switch (record.type) {
    case 'penalty': {
      put('决定书文号', 'decisionNo');
      put('违法行为类型', 'violationType');
      put('处罚种类', 'penaltyKinds');
      put('罚款', 'fine', (v) => (typeof v === 'number' ? formatMoney(v) : str(v)));
      put('处罚内容', 'content');
      put('处罚机关', 'authority');
      put('公示截止日期', 'publicityEnd');
      put('修复日期', 'repairedOn');
      color = 'red';
      if (d.repairedOn) state = { text: '已信用修复', color: 'teal' };
      break;
    }
    case 'abnormal_list': {
      put(individual ? '标记原因' : '列入原因', 'reason');
      put('作出决定机关', 'authority');
      put(individual ? '恢复日期' : '移出日期', 'removedOn');
      put(individual ? '恢复原因' : '移出原因', 'removalReason');
      if (d.removedOn) {
        state = { text: individual ? '已恢复正常记载状态' : '已移出', color: 'gray' };
      } else {
        state = { text: individual ? '仍处于经营异常状态' : '仍在名录中', color: 'orange' };
        color = 'orange';
      }
      break;
    }
    case 'serious_violation_list':
    case 'joint_punishment': {
      if (record.type === 'serious_violation_list') {
        put('列入原因', 'reason');
        put('作出决定机关', 'authority');
      } else put('惩戒领域', 'field');
      put('移出日期', 'removedOn');
      // Both lists count against the entity until removal: the same state, the same warning colour.
      if (d.removedOn) state = { text: '已移出', color: 'gray' };
      else {
        state = { text: '仍在名单中', color: 'red' };
        color = 'red';
      }
      break;
    }
    case 'inspection': {
      put('抽查计划', 'plan');
      put('检查事项', 'items');
      used.add('results');
      const results = Array.isArray(d.results) ? d.results.map((r) => String(r)) : [];
      if (results.length > 0) {
        fields.push([
          '检查结果',
          results.map((c) => (isResultCode(c) ? `${c} ${resultLabel(c)}` : c)).join('；'),
        ]);
      }
      put('后续处置', 'followUp');
      color = results.every((c) => CLEAN_INSPECTION_CODES.has(c)) ? 'teal' : 'orange';
      break;
    }
    case 'complaint': {
      put('渠道', 'channel');
      put('是否属实', 'substantiated', yesNo);
      color = d.substantiated === true ? 'orange' : 'gray';
      break;
    }
    case 'annual_report': {
      put('报告年度', 'year', (v) => (typeof v === 'number' ? `${v} 年度` : str(v)));
      put('是否按时报送', 'onTime', yesNo);
      color = d.onTime === false ? 'orange' : 'teal';
      break;
    }
    case 'quality_check': {
      put('抽检产品', 'product');
      put('抽检结论', 'qualified', (v) => (v === true ? '合格' : v === false ? '不合格' : null));
      color = d.qualified === false ? 'orange' : 'teal';
      break;
    }
    case 'commitment': {
      put('承诺内容', 'content');
      put('履行情况', 'fulfilled', (v) =>
        v === true ? '已履行' : v === false ? '未履行（违诺）' : '履行中',
      );
      color = d.fulfilled === false ? 'orange' : 'gov';
      break;
    }
    case 'commendation': {
      put('表彰名称', 'title');
      put('级别', 'level');
      color = 'teal';
      break;
    }
    case 'public_credit_score': {
      put('评价方案', 'scheme', (v) => (typeof v === 'string' ? schemeName(v) : str(v)));
      put('分数', 'score');
      put('等级', 'grade');
      color = 'gov';
      break;
    }
    case 'change': {
      put('变更事项', 'field');
      put('变更前', 'before');
      put('变更后', 'after');
      color = 'gray';
      break;
    }
  }

  for (const [k, v] of Object.entries(d)) {
    if (used.has(k) || k === 'type' || k === 'date') continue;
    const s = str(v);
    if (s !== null) fields.push([k, s]);
  }
  return state ? { fields, state, color } : { fields, color };
}

/** Well-known record sources in Chinese; anything else (an import file name, a platform name) as given. */
const SOURCE_LABELS: Record<string, string> = {
  demo: '演示数据（虚构）',
  manual: '手工录入',
  import: '文件导入',
};

export function sourceLabel(source: string): string {
  return SOURCE_LABELS[source] ?? source;
}

/** Newest first; same day → the later id first. */
export function sortRecordsNewestFirst(records: StoredRecord[]): StoredRecord[] {
  return [...records].sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : b.id - a.id));
}
