/**
 * 信用修复结果: the repairs granted in a date range (by decision date), for the provincial platform. A
 * revoked grant is no longer a repair and is left out; a grant not yet carried out has no 执行日期. Internal
 * data until the platform publishes it, so the sheet carries the 内部资料 banner like the grading results.
 */
import { ApiError } from '../../../../shared/api/errors.ts';
import { REPAIR_ACTION_LABELS } from '../../../../shared/repair/eligibility.ts';
import { recordLabel } from '../../../../shared/repair/record-label.ts';
import type { DataDoor } from '../../../db/sql.ts';
import { grantedRepairs } from '../../repair/repository.ts';
import type { XlsxSheet } from './xlsx-writer.ts';

export const REPAIR_RESULTS_BANNER = '内部资料 · 报送省级信用修复平台使用，不对外公开';

export function repairResultsSheets(
  db: DataDoor,
  range: { from: string; to: string },
): { sheets: XlsxSheet[]; total: number; fileName: string } {
  if (range.from > range.to) throw new ApiError('invalid_input', '起始日期不能晚于截止日期。');
  const repairs = grantedRepairs(db, range);
  function* rows() {
    let n = 0;
    for (const r of repairs) {
      const { date, ...data } = r.recordSnapshot;
      yield [
        ++n,
        r.entityCode,
        r.entityName,
        `${REPAIR_ACTION_LABELS[r.action]}：${recordLabel(r.recordType, String(date ?? ''), data)}`,
        r.decisionNo ?? '',
        r.decidedOn,
        r.executedOn ?? '',
      ];
    }
  }
  return {
    total: repairs.length,
    fileName: `信用修复结果_${range.from}至${range.to}_内部资料.xlsx`,
    sheets: [
      {
        name: '信用修复结果',
        banner: REPAIR_RESULTS_BANNER,
        columns: [
          { header: '序号', width: 8 },
          { header: '统一社会信用代码', width: 24, text: true },
          { header: '名称', width: 36 },
          { header: '修复事项', width: 60 },
          { header: '决定书文号', width: 24, text: true },
          { header: '决定日期', width: 12, text: true },
          { header: '执行日期', width: 12, text: true },
        ],
        rows: rows(),
      },
    ],
  };
}
