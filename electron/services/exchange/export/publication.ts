/**
 * The publication notice (shared/inspection-results/publication-notice.ts) of the `inspection` records
 * of a plan (or a date range), in the credit file: also results imported from elsewhere.
 */
import { ApiError } from '../../../../shared/api/errors.ts';
import type { NoticeEntry } from '../../../../shared/inspection-results/publication-notice.ts';
import type { DataDoor } from '../../../db/sql.ts';
import { getCounty } from '../../settings/county.ts';
import { type InspectionFilter, inspectionCount, inspectionsToPublish } from '../repository/exports.ts';
import { noticeSheet } from './notice-sheet.ts';
import type { XlsxSheet } from './xlsx-writer.ts';

export function publicationSheets(
  db: DataDoor,
  filter: { plan?: string; from?: string; to?: string },
): { sheets: XlsxSheet[]; total: number; fileName: string } {
  let which: InspectionFilter;
  if (filter.plan) which = { plan: filter.plan };
  else if (filter.from && filter.to) which = { from: filter.from, to: filter.to };
  else throw new ApiError('invalid_input', '请指定抽查任务，或起止日期。');
  const total = inspectionCount(db, which);
  const bureau = getCounty(db)?.bureau ?? '';
  function* entries(): Generator<NoticeEntry> {
    for (const r of inspectionsToPublish(db, which)) {
      yield {
        authority: r.authority || bureau,
        date: r.date,
        results: r.results,
        followUp: r.followUp,
        code: r.uscc ?? r.regNo,
        name: r.name,
      };
    }
  }
  const label = filter.plan ?? `${filter.from}至${filter.to}`;
  return {
    total,
    fileName: `抽查结果公示表_${label}.xlsx`,
    sheets: [noticeSheet(entries())],
  };
}
