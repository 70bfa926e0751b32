import { NumberInput, SegmentedControl, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useMemo, useState } from 'react';
import type { AnalysisRun } from '../../../../shared/api/contracts/analysis.ts';
import { failureText, useApiQuery } from '../../data/api-query.ts';
import { navigate } from '../../router.ts';
import { ChartCard } from './ChartCard.tsx';
import { NO_TABLE } from './chart-export.ts';
import { barChartHeight, GROUPING_LABELS, percent, riskOption, riskTable } from './chart-options.ts';
import { groupLink } from './entity-links.ts';
import type { RankingGrouping } from './report-view.ts';

/**
 * 高风险区域和行业: the share of the high-risk classes per township or section against the county's,
 * groups smaller than the minimum size left out (a shop of three with one C would top the list).
 */
export function RiskRankingCard({
  run,
  by,
  minGroupSize,
  onChange,
}: {
  run: AnalysisRun;
  by: RankingGrouping;
  minGroupSize: number;
  onChange: (next: { by?: RankingGrouping; minGroupSize?: number }) => void;
}) {
  const q = useApiQuery('analysis.riskRanking', { runId: run.id, by, minGroupSize });
  const r = q.data;
  const option = useMemo(() => (r ? riskOption(r) : {}), [r]);
  const table = useMemo(() => (r ? riskTable(r) : NO_TABLE), [r]);

  // The size is typed: it goes into the address (and asks again) after a pause.
  const [typed, setTyped] = useState<number | string>(minGroupSize);
  useEffect(() => setTyped(minGroupSize), [minGroupSize]);
  const [settled] = useDebouncedValue(typed, 400);
  useEffect(() => {
    if (typeof settled === 'number' && settled >= 1 && settled !== minGroupSize)
      onChange({ minGroupSize: settled });
  }, [settled, minGroupSize, onChange]);

  return (
    <ChartCard
      title={`高风险${by === 'township' ? '区域' : '行业'}排名`}
      fileDetail={`按${GROUPING_LABELS[by]}_${run.modelName}_${run.asOf}`}
      option={option}
      table={table}
      loading={q.isPending}
      error={failureText(q.error)}
      height={barChartHeight(r?.rows.length ?? 0)}
      testId="chart-risk"
      controls={
        <>
          <SegmentedControl
            size="xs"
            className="cd-no-print"
            value={by}
            onChange={(v) => onChange({ by: v === 'section' ? 'section' : 'township' })}
            data={[
              { value: 'township', label: '按乡镇（街道）' },
              { value: 'section', label: '按行业门类' },
            ]}
            data-testid="chart-risk-by"
          />
          <NumberInput
            size="xs"
            w={150}
            className="cd-no-print"
            leftSection={<Text size="xs">最少</Text>}
            leftSectionWidth={36}
            rightSection={<Text size="xs">户</Text>}
            min={1}
            max={100_000}
            allowDecimal={false}
            allowNegative={false}
            value={typed}
            onChange={setTyped}
            aria-label="参与排名的最少户数"
            data-testid="chart-risk-min"
          />
        </>
      }
      onItemClick={(e) => {
        const row = r?.rows[e.dataIndex];
        if (!row || !r) return;
        const filters = groupLink(r.by, row.group, run.id, r.highRiskClasses);
        if (filters) navigate({ page: 'entities', filters });
      }}
    >
      {r ? (
        <Text size="xs" c="dimmed" data-testid="chart-risk-note">
          高风险指 {r.highRiskClasses.join('、')} 类。全县 {r.countyTotal.toLocaleString('zh-CN')} 户中高风险{' '}
          {r.countyHighRisk.toLocaleString('zh-CN')} 户，占 {percent(r.countyShare)}
          （虚线）；红色为高于全县水平。仅列出不少于 {r.minGroupSize.toLocaleString('zh-CN')} 户的
          {GROUPING_LABELS[r.by]}
          {r.excludedGroups > 0
            ? `，另有 ${r.excludedGroups} 个（共 ${r.excludedEntities.toLocaleString('zh-CN')} 户）因户数过少未列入`
            : ''}
          。<span className="cd-no-print">点击条形可查看其高风险市场主体。</span>
        </Text>
      ) : null}
    </ChartCard>
  );
}
