import type { analysisContract } from '../../../shared/api/contracts/analysis.ts';
import { ApiError } from '../../../shared/api/errors.ts';
import type { AreaHandlers, BackendContext } from '../context.ts';

const notYet = (): never => {
  throw new ApiError('conflict', '统计报表正在建设中。');
};

export function analysisHandlers(_ctx: BackendContext): AreaHandlers<typeof analysisContract> {
  return {
    'analysis.runs': notYet,
    'analysis.distribution': notYet,
    'analysis.trend': notYet,
    'analysis.riskRanking': notYet,
    'analysis.coverage': notYet,
    'analysis.quarterly': notYet,
    'analysis.quarterlyExport': notYet,
  };
}
