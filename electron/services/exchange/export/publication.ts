/**
 * 抽查检查结果公示表 in the GSXT column order (SPEC §6.6): 序号 | 检查实施机关 | 类型 | 日期 | 结果
 * (+ 备注), followed by the entity's code and name so the sheet can be checked against the plan.
 * Built from the `inspection` records of a plan (or a date range).
 */
import { ApiError } from '../../../../shared/api/errors.ts';
import { resultLabel } from '../../../../shared/inspection-results/index.ts';
import type { Db } from '../../../db/open.ts';
import { getCounty } from '../../settings/county.ts';
import { type InspectionFilter, inspectionCount, inspectionsToPublish } from '../repository/exports.ts';
import type { XlsxSheet } from './xlsx-writer.ts';

export const PUBLICATION_TYPE = '“双随机、一公开”抽查';

export function publicationSheets(
  db: Db,
  filter: { plan?: string; from?: string; to?: string },
): { sheets: XlsxSheet[]; total: number; fileName: string } {
  let which: InspectionFilter;
  if (filter.plan) which = { plan: filter.plan };
  else if (filter.from && filter.to) which = { from: filter.from, to: filter.to };
  else throw new ApiError('invalid_input', '请指定抽查任务，或起止日期。');
  const total = inspectionCount(db, which);
  const bureau = getCounty(db)?.bureau ?? '';
  function* rows() {
    let n = 0;
    for (const r of inspectionsToPublish(db, which)) {
      n++;
      yield [
        n,
        r.authority || bureau,
        PUBLICATION_TYPE,
        r.date,
        r.results.map(resultLabel).join('；'),
        r.followUp ?? '',
        r.uscc ?? r.regNo,
        r.name,
      ];
    }
  }
  const label = filter.plan ?? `${filter.from}至${filter.to}`;
  return {
    total,
    fileName: `抽查结果公示表_${label}.xlsx`,
    sheets: [
      {
        name: '抽查结果公示',
        columns: [
          { header: '序号', width: 8 },
          { header: '检查实施机关', width: 28 },
          { header: '类型', width: 22 },
          { header: '日期', width: 12, text: true },
          { header: '结果', width: 40 },
          { header: '备注', width: 24 },
          { header: '统一社会信用代码/注册号', width: 24, text: true },
          { header: '企业名称', width: 36 },
        ],
        rows: rows(),
      },
    ],
  };
}
