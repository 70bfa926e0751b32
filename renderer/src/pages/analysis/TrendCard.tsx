import { Text } from '@mantine/core';
import { useMemo } from 'react';
import type { AnalysisRun } from '../../../../shared/api/contracts/analysis.ts';
import { failureText, useApiQuery } from '../../data/api-query.ts';
import { navigate } from '../../router.ts';
import { ChartCard } from './ChartCard.tsx';
import { NO_TABLE } from './chart-export.ts';
import { trendOption, trendTable } from './chart-options.ts';
import { classLink } from './entity-links.ts';

/** 各类别占比趋势: the class shares of every run of the chosen run's model, oldest first. */
export function TrendCard({ run }: { run: AnalysisRun }) {
  const q = useApiQuery('analysis.trend', { model: run.modelId });
  const t = q.data;
  const option = useMemo(() => (t ? trendOption(t) : {}), [t]);
  const table = useMemo(() => (t ? trendTable(t) : NO_TABLE), [t]);
  return (
    <ChartCard
      title="各类别占比趋势"
      fileDetail={run.modelName}
      option={option}
      table={table}
      loading={q.isPending}
      error={failureText(q.error)}
      testId="chart-trend"
      onItemClick={(e) => {
        const point = t?.points[e.dataIndex];
        const grade = t?.classes[e.seriesIndex ?? -1]?.grade;
        if (point && grade) navigate({ page: 'entities', filters: classLink(point.runId, [grade]) });
      }}
    >
      <Text size="xs" c="dimmed">
        {run.modelName}历次评价（共 {t?.points.length ?? 0} 次）。
        <span className="cd-no-print">点击数据点可查看该次评价该类别的市场主体。</span>
      </Text>
    </ChartCard>
  );
}
