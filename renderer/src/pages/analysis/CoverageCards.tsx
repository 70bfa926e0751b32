import { Alert, Group, Text } from '@mantine/core';
import { useMemo } from 'react';
import type { AnalysisRun } from '../../../../shared/api/contracts/analysis.ts';
import { DateField } from '../../components/DateField.tsx';
import { failureText, useApiQuery } from '../../data/api-query.ts';
import { navigate } from '../../router.ts';
import { ChartCard } from './ChartCard.tsx';
import { NO_TABLE } from './chart-export.ts';
import { coverageOption, coverageTable, problemRateOption, problemRateTable } from './chart-options.ts';
import { classLink } from './entity-links.ts';

/**
 * 分类抽查覆盖 and 问题发现率 by class over an inspection period: one answer, two charts. Coverage
 * should rise with risk (A < B < C < D); when it does not, the chart says so in words.
 */
export function CoverageCards({
  run,
  from,
  to,
  onPeriod,
}: {
  run: AnalysisRun;
  from: string;
  to: string;
  onPeriod: (period: { from?: string; to?: string }) => void;
}) {
  const valid = from <= to;
  const q = useApiQuery('analysis.coverage', { runId: run.id, from, to }, { enabled: valid });
  const c = q.data;
  const coverage = useMemo(() => (c ? coverageOption(c) : {}), [c]);
  const problems = useMemo(() => (c ? problemRateOption(c) : {}), [c]);
  const coverageRows = useMemo(() => (c ? coverageTable(c) : NO_TABLE), [c]);
  const problemRows = useMemo(() => (c ? problemRateTable(c) : NO_TABLE), [c]);
  const period = `${from}至${to}`;
  const open = (dataIndex: number) => {
    const grade = c?.rows[dataIndex]?.grade;
    if (grade) navigate({ page: 'entities', filters: classLink(run.id, [grade]) });
  };
  const state = {
    loading: valid && q.isPending,
    error: valid ? failureText(q.error) : '开始日期不能晚于结束日期。',
  };

  return (
    <>
      <ChartCard
        title="分类抽查覆盖情况"
        fileDetail={period}
        option={coverage}
        table={coverageRows}
        {...state}
        testId="chart-coverage"
        controls={
          <Group gap="xs" className="cd-no-print" wrap="nowrap" align="flex-end">
            <DateField
              label="抽查期间自"
              value={from}
              onChange={(v) => v && onPeriod({ from: v })}
              w={130}
              data-testid="coverage-from"
            />
            <DateField
              label="至"
              value={to}
              onChange={(v) => v && onPeriod({ to: v })}
              w={130}
              data-testid="coverage-to"
            />
          </Group>
        }
        onItemClick={(e) => open(e.dataIndex)}
      >
        {c && !c.monotone ? (
          <Alert
            color="orange"
            variant="light"
            title="抽查比例未随风险升高"
            data-testid="coverage-not-monotone"
          >
            {period}各类别的实际抽查比例没有按 A &lt; B &lt; C &lt; D
            逐级升高，与“风险越高、抽查比例越高”的要求不符，请核对抽查任务的比例设置。
          </Alert>
        ) : null}
        {c ? (
          <Text size="xs" c="dimmed">
            抽查期间 {period}；设定比例取自{c.profile ? `“${c.profile.name}”` : '默认比例设置'}
            （按主体类型加权）。<span className="cd-no-print">点击柱形可查看该类别的市场主体。</span>
          </Text>
        ) : null}
      </ChartCard>
      <ChartCard
        title="分类问题发现率"
        fileDetail={period}
        option={problems}
        table={problemRows}
        {...state}
        testId="chart-problems"
        onItemClick={(e) => open(e.dataIndex)}
      >
        <Text size="xs" c="dimmed">
          问题发现率 = 发现问题的户数 ÷ 已抽查户数（抽查期间 {period}）。
        </Text>
      </ChartCard>
    </>
  );
}
