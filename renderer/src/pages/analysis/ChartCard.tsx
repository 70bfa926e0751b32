import { Alert, Button, Card, Center, Group, Loader, Stack, Text, Title } from '@mantine/core';
import type { ECElementEvent } from 'echarts/core';
import { type ReactNode, useRef, useState } from 'react';
import { errorMessage } from '../../api.ts';
import { type ChartTable, exportFileName, saveChartPng, saveChartTable } from './chart-export.ts';
import { EChart } from './EChart.tsx';
import type { ChartInstance, ChartOption } from './echarts.ts';

export interface ChartCardProps {
  /** The chart's Chinese title; also the start of its export file names. */
  title: string;
  /** What the exported files are of besides the title (the run, the period), e.g. `2026-10-31`. */
  fileDetail: string;
  option: ChartOption;
  table: ChartTable;
  /** The figures are on their way. */
  loading?: boolean;
  /** Why the figures could not be read (shown instead of the chart). */
  error?: string | null;
  height?: number;
  onItemClick?: (event: ECElementEvent) => void;
  /** Controls beside the title (grouping, 户数/占比). */
  controls?: ReactNode;
  /** Notes, flags and hints below the chart. */
  children?: ReactNode;
  testId: string;
}

/**
 * One chart block of the 统计报表 page: title and controls, the chart, 导出图片 and 导出数据. In print
 * the block is kept on one page and the buttons are left out.
 */
export function ChartCard({
  title,
  fileDetail,
  option,
  table,
  loading = false,
  error = null,
  height = 320,
  onItemClick,
  controls,
  children,
  testId,
}: ChartCardProps) {
  const chart = useRef<ChartInstance | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const empty = !loading && error === null && table.rows.length === 0;
  const ready = !loading && error === null && !empty;

  const exportTable = async () => {
    setFailure(null);
    try {
      await saveChartTable(table, title, exportFileName(title, fileDetail, 'xlsx'));
    } catch (e) {
      setFailure(`导出数据失败：${errorMessage(e)}`);
    }
  };

  return (
    <Card
      withBorder
      padding="md"
      className="cd-chart-block"
      data-testid={testId}
      data-state={loading ? 'loading' : error !== null ? 'error' : empty ? 'empty' : 'ready'}
    >
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
          <Title order={5}>{title}</Title>
          <Group gap="xs" wrap="wrap">
            {controls}
            <Group gap={6} className="cd-no-print">
              <Button
                variant="default"
                size="xs"
                disabled={!ready}
                onClick={() => {
                  if (chart.current) saveChartPng(chart.current, exportFileName(title, fileDetail, 'png'));
                }}
                data-testid={`${testId}-png`}
              >
                导出图片
              </Button>
              <Button
                variant="default"
                size="xs"
                disabled={!ready}
                onClick={() => void exportTable()}
                data-testid={`${testId}-xlsx`}
              >
                导出数据
              </Button>
            </Group>
          </Group>
        </Group>
        {loading ? (
          <Center h={height}>
            <Loader size="sm" />
          </Center>
        ) : error !== null ? (
          <Alert color="red" title="读取失败">
            {error}
          </Alert>
        ) : empty ? (
          <Text size="sm" c="dimmed" py="lg" ta="center" data-testid={`${testId}-empty`}>
            没有可统计的数据。
          </Text>
        ) : (
          <EChart
            option={option}
            height={height}
            onItemClick={onItemClick}
            onInstance={(c) => {
              chart.current = c;
            }}
            label={title}
            data-testid={`${testId}-chart`}
          />
        )}
        {failure ? (
          <Text size="sm" c="red.7">
            {failure}
          </Text>
        ) : null}
        {children}
      </Stack>
    </Card>
  );
}
