/** One entity's credit file (企业信用档案): its registration facts and every record, newest first. */
import { ENTITY_KIND_LABELS, ENTITY_STATUS_LABELS } from '../../../../shared/domain/entity.ts';
import { RECORD_TYPE_LABELS } from '../../../../shared/domain/records.ts';
import { resultLabel } from '../../../../shared/inspection-results/index.ts';
import type { DataDoor } from '../../../db/sql.ts';
import { getCreditFile } from '../../entities/reads.ts';
import type { EntityScope } from '../../users/entity-scope.ts';
import { formatCapital } from './entity-columns.ts';
import type { CellValue, XlsxSheet } from './xlsx-writer.ts';

const FIELD_LABELS: Record<string, string> = {
  decisionNo: '决定书文号',
  violationType: '违法行为类型',
  content: '内容',
  penaltyKinds: '处罚种类',
  fine: '罚没金额（元）',
  authority: '机关',
  publicityEnd: '公示截止日期',
  repairedOn: '信用修复日期',
  reason: '原因',
  removedOn: '移出日期',
  removalReason: '移出原因',
  field: '领域/事项',
  plan: '抽查任务',
  items: '抽查事项',
  results: '检查结果',
  followUp: '后续处置',
  channel: '渠道',
  substantiated: '是否属实',
  year: '年度',
  onTime: '是否按时',
  product: '产品',
  qualified: '是否合格',
  fulfilled: '是否履行',
  title: '名称',
  level: '级别',
  scheme: '评价方案',
  score: '得分',
  grade: '等级',
  before: '变更前',
  after: '变更后',
};

function describe(data: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(data)) {
    if (v === null || v === undefined || (Array.isArray(v) && v.length === 0)) continue;
    let text: string;
    if (k === 'results' && Array.isArray(v)) text = v.map((c) => resultLabel(String(c))).join('、');
    else if (Array.isArray(v)) text = v.join('、');
    else if (typeof v === 'boolean') text = v ? '是' : '否';
    else text = String(v);
    parts.push(`${FIELD_LABELS[k] ?? k}：${text}`);
  }
  return parts.join('；');
}

/** `scope`: a scoped officer exports only a credit file of their 管辖单位 (the page's own refusal). */
export function creditFileSheets(
  db: DataDoor,
  entityId: number,
  scope: EntityScope,
): { sheets: XlsxSheet[]; total: number; fileName: string } {
  const { entity: e, records } = getCreditFile(db, entityId, scope);
  const facts: [string, CellValue][] = [
    ['统一社会信用代码', e.uscc],
    ['注册号', e.regNo],
    ['企业名称', e.name],
    ['主体类型', ENTITY_KIND_LABELS[e.kind]],
    ['法定代表人（负责人、经营者）', e.legalRep],
    ['行政区划代码', e.regionCode],
    ['乡镇街道', e.township],
    ['管辖单位', e.jurisdiction],
    ['行业', [e.industryCode, e.industryName].filter(Boolean).join(' ')],
    ['住所', e.address],
    ['成立日期', e.establishedOn],
    ['登记状态', ENTITY_STATUS_LABELS[e.status]],
    ['注册资本', formatCapital(e)],
    ['联系电话', e.phone],
    ['监管标签', e.tags.join('、')],
  ];
  return {
    total: records.length,
    fileName: `信用档案_${e.name}.xlsx`,
    sheets: [
      {
        name: '基本信息',
        columns: [
          { header: '项目', width: 28 },
          { header: '内容', width: 60, text: true },
        ],
        rows: facts,
      },
      {
        name: '信用记录',
        columns: [
          { header: '序号', width: 8 },
          { header: '记录类型', width: 20 },
          { header: '日期', width: 12, text: true },
          { header: '内容', width: 90 },
          { header: '来源', width: 16 },
        ],
        rows: records.map((r, i) => [i + 1, RECORD_TYPE_LABELS[r.type], r.date, describe(r.data), r.source]),
      },
    ],
  };
}
