/**
 * The publication notice of inspection results, as GSXT shows the table 抽查检查结果信息 (SPEC §6.6;
 * domain-facts §2.4): 序号 | 检查实施机关 | 类型 | 日期 | 结果, then 备注 (the follow-up) and, so the
 * list can be checked and imported, the entity's code and name. The task's 导出公示信息 and the exchange
 * export (`--kind publication`) both write these rows, so the two files cannot disagree.
 */
import { resultText } from './index.ts';

export const NOTICE_SHEET_NAME = '抽查检查结果信息';

/**
 * 类型 of a random inspection as GSXT shows it: the production Zhejiang code behind the table writes
 * 抽查 (its older 抽查历史 rows are shown as 抽查 too) and 检查 for inspections that were not drawn.
 */
export const NOTICE_TYPE = '抽查';

export interface NoticeColumn {
  header: string;
  /** Width in characters. */
  width: number;
  /** Identifier and date columns are text cells, so Excel keeps them as written. */
  text?: boolean;
}

export const NOTICE_COLUMNS: readonly NoticeColumn[] = [
  { header: '序号', width: 6 },
  { header: '检查实施机关', width: 28 },
  { header: '类型', width: 8 },
  { header: '日期', width: 12, text: true },
  { header: '结果', width: 40 },
  { header: '备注', width: 30 },
  { header: '统一社会信用代码/注册号', width: 24, text: true },
  { header: '市场主体名称', width: 36 },
];

/** One inspected entity's published result. */
export interface NoticeEntry {
  /** 检查实施机关: the bureau that inspected. */
  authority: string;
  /** The day of the check, YYYY-MM-DD. */
  date: string;
  /** Result codes (SPEC §6.6). */
  results: readonly string[];
  followUp: string | null;
  /** USCC, or the registration number of an entity without one. */
  code: string | null;
  name: string;
}

export type NoticeRow = readonly [number, string, string, string, string, string, string | null, string];

/** The notice's row for the entry at `position` (1-based, the 序号). */
export function noticeRow(position: number, e: NoticeEntry): NoticeRow {
  return [
    position,
    e.authority,
    NOTICE_TYPE,
    e.date,
    resultText(e.results),
    e.followUp ?? '',
    e.code,
    e.name,
  ];
}
