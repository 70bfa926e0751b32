/**
 * 信用分级分类结果 of one grading run (default: the latest complete one). Internal data (SPEC §1:
 * classification results are not published), so the sheet carries a 内部资料 banner.
 */
import { ApiError } from '../../../../shared/api/errors.ts';
import { ENTITY_KIND_LABELS } from '../../../../shared/domain/entity.ts';
import type { DataDoor } from '../../../db/sql.ts';
import { modelCatalog } from '../../grading/model-store.ts';
import { completeRun, gradedEntities, gradingResultCount } from '../repository/exports.ts';
import type { XlsxSheet } from './xlsx-writer.ts';

export const INTERNAL_BANNER = '内部资料 · 不对外公开（信用分级分类结果仅供监管部门内部使用，严禁外传）';

export function gradingResultsSheets(
  db: DataDoor,
  runId?: number,
): { sheets: XlsxSheet[]; total: number; fileName: string } {
  const run = completeRun(db, runId);
  if (!run)
    throw new ApiError(
      'not_found',
      runId ? `没有编号为 ${runId} 的评价结果。` : '还没有完成的信用评价，请先运行信用评价。',
    );
  const total = gradingResultCount(db, run.id);
  // Readers of the sheet know the model by its name.
  const model = `${modelCatalog(db).name(run.modelId, run.modelVersion)}（版本 ${run.modelVersion}）`;
  function* rows() {
    let n = 0;
    for (const r of gradedEntities(db, run!.id)) {
      n++;
      yield [
        n,
        r.uscc ?? r.regNo,
        r.name,
        ENTITY_KIND_LABELS[r.kind],
        r.township,
        r.jurisdiction,
        model,
        run!.asOf,
        r.score,
        r.grade,
        r.adjusted,
        r.adjusted ?? r.grade,
        r.reason,
      ];
    }
  }
  return {
    total,
    fileName: `信用分级分类结果_${run.asOf}_内部资料.xlsx`,
    sheets: [
      {
        name: '分级分类结果',
        banner: INTERNAL_BANNER,
        columns: [
          { header: '序号', width: 8 },
          { header: '统一社会信用代码/注册号', width: 24, text: true },
          { header: '企业名称', width: 36 },
          { header: '主体类型', width: 14 },
          { header: '乡镇街道', width: 14 },
          { header: '管辖单位', width: 18 },
          { header: '评价模型', width: 22 },
          { header: '评价基准日', width: 12, text: true },
          { header: '得分', width: 8 },
          { header: '计算等级', width: 10 },
          { header: '人工调整等级', width: 12 },
          { header: '最终等级', width: 10 },
          { header: '调整理由', width: 30 },
        ],
        rows: rows(),
      },
    ],
  };
}
