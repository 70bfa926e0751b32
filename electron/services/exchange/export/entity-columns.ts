/**
 * The columns of the target-pool export. Their headers are the labels of the entity import vocabulary,
 * so an exported file imports back onto the same rows with nothing lost (round trip, SPEC §7).
 */
import { ENTITY_KIND_LABELS, ENTITY_STATUS_LABELS, type Entity } from '../../../../shared/domain/entity.ts';
import type { CellValue, XlsxColumn } from './xlsx-writer.ts';

export function formatCapital(e: Pick<Entity, 'capitalAmount' | 'capitalUnit' | 'capitalCurrency'>): string {
  if (e.capitalAmount === null) return '';
  return `${e.capitalAmount}(${e.capitalUnit ?? '万元'}${e.capitalCurrency ?? '人民币'})`;
}

export const ENTITY_COLUMNS: readonly (XlsxColumn & { value: (e: Entity) => CellValue })[] = [
  { header: '统一社会信用代码/注册号', width: 24, text: true, value: (e) => e.uscc ?? e.regNo },
  { header: '注册号', width: 18, text: true, value: (e) => e.regNo },
  { header: '企业名称', width: 36, value: (e) => e.name },
  { header: '主体类型', width: 14, value: (e) => ENTITY_KIND_LABELS[e.kind] },
  { header: '法定代表人', width: 12, value: (e) => e.legalRep },
  { header: '行政区划代码', width: 12, text: true, value: (e) => e.regionCode },
  { header: '乡镇街道', width: 14, value: (e) => e.township },
  { header: '管辖单位', width: 18, value: (e) => e.jurisdiction },
  { header: '行业代码', width: 10, text: true, value: (e) => e.industryCode },
  { header: '行业名称', width: 24, value: (e) => e.industryName },
  { header: '住所', width: 40, value: (e) => e.address },
  { header: '成立日期', width: 12, text: true, value: (e) => e.establishedOn },
  { header: '登记状态', width: 12, value: (e) => ENTITY_STATUS_LABELS[e.status] },
  { header: '注册资本', width: 18, value: (e) => formatCapital(e) },
  { header: '联系电话', width: 16, text: true, value: (e) => e.phone },
  { header: '监管标签', width: 20, value: (e) => e.tags.join('、') },
];
