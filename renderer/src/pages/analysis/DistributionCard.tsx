import { SegmentedControl, Text } from '@mantine/core';
import { useMemo } from 'react';
import type { AnalysisGrouping, AnalysisRun } from '../../../../shared/api/contracts/analysis.ts';
import { failureText, useApiQuery } from '../../data/api-query.ts';
import { navigate } from '../../router.ts';
import { ChartCard } from './ChartCard.tsx';
import { NO_TABLE } from './chart-export.ts';
import {
  barChartHeight,
  distributionOption,
  distributionTable,
  GROUPING_LABELS,
  type Measure,
} from './chart-options.ts';
import { groupLink } from './entity-links.ts';

/** 分类分布（按乡镇 / 管辖单位 / 行业门类 / 主体类型）: stacked bars, a click opens the bar's entities. */
export function DistributionCard({
  run,
  by,
  measure,
  onMeasure,
}: {
  run: AnalysisRun;
  by: AnalysisGrouping;
  measure: Measure;
  onMeasure: (m: Measure) => void;
}) {
  const q = useApiQuery('analysis.distribution', { runId: run.id, by });
  const d = q.data;
  const option = useMemo(() => (d ? distributionOption(d, measure) : {}), [d, measure]);
  const table = useMemo(() => (d ? distributionTable(d) : NO_TABLE), [d]);
  const shown = d?.rows.filter((r) => r.total > 0) ?? [];
  const unrecorded = shown.some((r) => r.group === '');
  const title = `分类分布（按${GROUPING_LABELS[by]}）`;
  return (
    <ChartCard
      title={title}
      fileDetail={`${run.modelName}_${run.asOf}`}
      option={option}
      table={table}
      loading={q.isPending}
      error={failureText(q.error)}
      height={barChartHeight(shown.length)}
      testId={`chart-distribution-${by}`}
      controls={
        <SegmentedControl
          size="xs"
          className="cd-no-print"
          value={measure}
          onChange={(v) => onMeasure(v === 'share' ? 'share' : 'count')}
          data={[
            { value: 'count', label: '户数' },
            { value: 'share', label: '占比' },
          ]}
        />
      }
      onItemClick={(e) => {
        const row = shown[e.dataIndex];
        const grade = d?.classes[e.seriesIndex ?? -1]?.grade;
        if (!row || !grade) return;
        const filters = groupLink(by, row.group, run.id, [grade]);
        if (filters) navigate({ page: 'entities', filters });
      }}
    >
      <Text size="xs" c="dimmed" className="cd-no-print">
        点击色块可查看该{GROUPING_LABELS[by]}该类别的市场主体名单。
        {unrecorded ? `“${shown.find((r) => r.group === '')?.groupLabel}”一组无法按条件打开名单。` : ''}
      </Text>
    </ChartCard>
  );
}
