import type { analysisContract } from '../../../shared/api/contracts/analysis.ts';
import { analysisCoverage } from '../../services/analysis/coverage.ts';
import { analysisDistribution } from '../../services/analysis/distribution.ts';
import { analysisQuarterly } from '../../services/analysis/quarterly/report.ts';
import { analysisRiskRanking } from '../../services/analysis/risk-ranking.ts';
import { analysisRuns } from '../../services/analysis/runs.ts';
import { analysisTrend } from '../../services/analysis/trend.ts';
import type { Staging } from '../../services/exchange/staging.ts';
import type { AreaHandlers, DoorContext } from '../context.ts';

/** `staging` is the exchange's: the report workbook leaves as one of its downloads. */
export function analysisHandlers(ctx: DoorContext, staging: Staging): AreaHandlers<typeof analysisContract> {
  return {
    'analysis.runs': () => analysisRuns(ctx.db(), ctx.user()),
    'analysis.distribution': (input) => analysisDistribution(ctx.db(), ctx.user(), input),
    'analysis.trend': (input) => analysisTrend(ctx.db(), ctx.user(), input),
    'analysis.riskRanking': (input) => analysisRiskRanking(ctx.db(), ctx.user(), input),
    'analysis.coverage': (input) => analysisCoverage(ctx.db(), ctx.user(), input),
    'analysis.quarterly': (input) => analysisQuarterly(ctx.db(), ctx.user(), input),
    'analysis.quarterlyExport': async (input) => {
      const { id, path } = staging.newDownloadPath();
      const { fileName } = await ctx.runJob('analysis.quarterlyExport', { input, outPath: path });
      return staging.offer(id, path, fileName, 0);
    },
  };
}
