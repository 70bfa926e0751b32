import { Alert, Button, Center, Group, Loader, Select, Stack, Text, Title } from '@mantine/core';
import { useCallback, useState } from 'react';
import { ANALYSIS_GROUPINGS } from '../../../shared/api/contracts/analysis.ts';
import { failureText, useApiQuery } from '../data/api-query.ts';
import { useRoute } from '../router.ts';
import { useCan, useSessionUser } from '../security/session-context.ts';
import { CoverageCards } from './analysis/CoverageCards.tsx';
import { DistributionCard } from './analysis/DistributionCard.tsx';
import { QuarterlyReportDialog } from './analysis/QuarterlyReportDialog.tsx';
import { RiskRankingCard } from './analysis/RiskRankingCard.tsx';
import { parseReportView, type ReportView, reportViewHash } from './analysis/report-view.ts';
import { TrendCard } from './analysis/TrendCard.tsx';
import { localToday } from './sampling/shared.tsx';

/**
 * Printed on A4: only the page's own blocks (no navigation, no buttons), every chart drawn at the page's
 * width (EChart resizes before printing) and no chart block split across two pages.
 */
const PRINT_CSS = `
@page { size: A4 portrait; margin: 12mm; }
@media print {
  html, body, #root { height: auto !important; overflow: visible !important; background: #fff !important; }
  .mantine-AppShell-header, .mantine-AppShell-navbar, .cd-no-print { display: none !important; }
  .mantine-AppShell-main { padding: 0 !important; height: auto !important; min-height: 0 !important;
    display: block !important; }
  .cd-analysis-scroll { overflow: visible !important; height: auto !important; padding: 0 !important; }
  .cd-analysis-page { max-width: none !important; }
  .cd-chart-block { break-inside: avoid; page-break-inside: avoid; box-shadow: none !important;
    border: 0.25mm solid #adb5bd !important; margin-bottom: 4mm; }
  .cd-chart, .cd-chart > div, .cd-chart canvas { max-width: 100% !important; }
}
`;

/** 统计报表 · 综合研判 (issue 14): the class distribution of a grading run, its trend, high-risk areas and
 * industries, inspection coverage and problem rates by class; every chart opens its entities. */
export function AnalysisPage() {
  const can = useCan();
  const user = useSessionUser();
  // The view lives in the address; the route re-renders the page when it changes.
  useRoute();
  const view = parseReportView(window.location.hash);
  const setView = useCallback((change: Partial<ReportView>) => {
    const href = reportViewHash({ ...parseReportView(window.location.hash), ...change });
    if (window.location.hash === href) return;
    window.history.replaceState(window.history.state, '', href);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  }, []);
  const [reportOpen, setReportOpen] = useState(false);
  const onRanking = useCallback(
    (c: { by?: ReportView['rankBy']; minGroupSize?: number }) =>
      setView({
        ...(c.by ? { rankBy: c.by } : {}),
        ...(c.minGroupSize ? { minGroupSize: c.minGroupSize } : {}),
      }),
    [setView],
  );

  const runs = useApiQuery('analysis.runs', {});
  const list = runs.data?.runs ?? [];
  const run = list.find((r) => r.id === view.runId) ?? list[0];
  const today = localToday();
  const from = view.from ?? `${today.slice(0, 4)}-01-01`;
  const to = view.to ?? today;

  return (
    <div className="cd-analysis-scroll" style={{ flex: 1, minHeight: 0, overflow: 'auto' }}>
      <style>{PRINT_CSS}</style>
      <Stack gap="md" pb="lg" maw={1100} className="cd-analysis-page" data-testid="analysis-page">
        <Group justify="space-between" align="flex-end" wrap="wrap">
          <Title order={3}>统计报表 · 综合研判</Title>
          <Group gap="sm" align="flex-end" wrap="wrap">
            <Select
              label="信用评价结果"
              className="cd-no-print"
              w={440}
              data={list.map((r) => ({
                value: String(r.id),
                label: `${r.modelName} · ${r.asOf}（${r.entityCount.toLocaleString('zh-CN')} 户）`,
              }))}
              value={run ? String(run.id) : null}
              onChange={(v) => v && setView({ runId: Number(v) })}
              allowDeselect={false}
              disabled={list.length === 0}
              placeholder={runs.isPending ? '正在读取…' : '还没有评价结果'}
              data-testid="analysis-run"
            />
            <Button variant="default" className="cd-no-print" onClick={() => window.print()} disabled={!run}>
              打印
            </Button>
            {can('analysis.report') ? (
              <Button
                className="cd-no-print"
                onClick={() => setReportOpen(true)}
                data-testid="quarterly-open"
              >
                导出季度报告
              </Button>
            ) : null}
          </Group>
        </Group>

        {runs.isPending ? (
          <Center py="xl">
            <Loader size="sm" />
          </Center>
        ) : runs.error ? (
          <Alert color="red" title="读取失败">
            {failureText(runs.error)}
          </Alert>
        ) : !run ? (
          <Alert color="gray" title="还没有信用评价结果" data-testid="analysis-no-runs">
            统计报表按某一次信用评价的结果统计。请先在“信用评价”中对市场主体进行一次评价。
          </Alert>
        ) : (
          <>
            <Text size="sm" c="dimmed" data-testid="analysis-run-note">
              以下按“{run.modelName}”评价结果统计（评价基准日 {run.asOf}，共{' '}
              {run.entityCount.toLocaleString('zh-CN')} 户，含人工调整）。
            </Text>
            {ANALYSIS_GROUPINGS.map((by) => (
              <DistributionCard
                key={by}
                run={run}
                by={by}
                measure={view.measure}
                onMeasure={(measure) => setView({ measure })}
              />
            ))}
            <TrendCard run={run} />
            <RiskRankingCard
              run={run}
              by={view.rankBy}
              minGroupSize={view.minGroupSize}
              onChange={onRanking}
            />
            <CoverageCards run={run} from={from} to={to} onPeriod={(p) => setView(p)} />
          </>
        )}
      </Stack>
      {reportOpen ? (
        <QuarterlyReportDialog
          opened
          onClose={() => setReportOpen(false)}
          preparer={user?.displayName ?? ''}
        />
      ) : null}
    </div>
  );
}
