import {
  Alert,
  Anchor,
  Badge,
  Card,
  Group,
  Pagination,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
} from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { failureText, useApiQuery } from '../../data/api-query.ts';
import { formatCount } from '../../format.ts';
import { navigate } from '../../router.ts';
import { defaultComparePair } from './compare-pair.ts';
import { formatScore } from './grades.ts';
import { runLabel } from './RunsTab.tsx';

const PAGE = 20;

/** Two runs of one model side by side: who moved up or down, and the breakdown lines that changed. */
export function CompareTab() {
  const runsQuery = useApiQuery('grading.runs', {});
  const [from, setFrom] = useState<string | null>(null);
  const [to, setTo] = useState<string | null>(null);
  const [direction, setDirection] = useState<'changed' | 'up' | 'down'>('changed');
  const [page, setPage] = useState(1);
  const runs = runsQuery.data?.runs ?? [];

  // The first list of runs proposes a pair once; later lists (after a new run) leave the pick alone.
  const proposed = useRef(false);
  useEffect(() => {
    if (proposed.current || !runsQuery.data) return;
    proposed.current = true;
    const pair = defaultComparePair(runsQuery.data.runs);
    if (pair) {
      setFrom(pair.from);
      setTo(pair.to);
    }
  }, [runsQuery.data]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new pair or filter starts at page one
  useEffect(() => setPage(1), [from, to, direction]);

  const compared = useApiQuery(
    'grading.compare',
    { fromRunId: Number(from), toRunId: Number(to), direction, offset: (page - 1) * PAGE, limit: PAGE },
    { enabled: from !== null && to !== null },
  );
  const data = from !== null && to !== null ? (compared.data ?? null) : null;
  const error = failureText(runsQuery.error) ?? failureText(compared.error);

  const options = (exclude: string | null) =>
    runs.filter((r) => String(r.id) !== exclude).map((r) => ({ value: String(r.id), label: runLabel(r) }));

  if (runs.length < 2) {
    return (
      <Card withBorder padding="lg">
        <Text c="dimmed">至少需要同一模型的两次评价才能比较。</Text>
      </Card>
    );
  }

  return (
    <Stack gap="md">
      <Group align="flex-end">
        <Select
          label="前一次评价"
          data={options(to)}
          value={from}
          onChange={setFrom}
          w={420}
          data-testid="compare-from"
        />
        <Select
          label="后一次评价"
          data={options(from)}
          value={to}
          onChange={setTo}
          w={420}
          data-testid="compare-to"
        />
        <SegmentedControl
          value={direction}
          onChange={(v) => setDirection(v as typeof direction)}
          data={[
            { value: 'changed', label: '全部变化' },
            { value: 'up', label: '等级上升' },
            { value: 'down', label: '等级下降' },
          ]}
          data-testid="compare-direction"
        />
      </Group>
      {error ? <Alert color="red">{error}</Alert> : null}
      {data ? (
        <Card withBorder padding="md" data-testid="compare-result">
          <Text size="sm" mb="sm" data-testid="compare-counts">
            等级上升 <b>{formatCount(data.up)}</b> 户，下降 <b>{formatCount(data.down)}</b> 户，不变{' '}
            {formatCount(data.same)} 户{data.onlyTo > 0 ? `；新参评 ${formatCount(data.onlyTo)} 户` : ''}
            {data.onlyFrom > 0 ? `；不再参评 ${formatCount(data.onlyFrom)} 户` : ''}
          </Text>
          <Table verticalSpacing={6} data-testid="compare-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={260}>名称</Table.Th>
                <Table.Th w={150}>等级变化</Table.Th>
                <Table.Th w={130}>得分</Table.Th>
                <Table.Th>原因</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.rows.map((r) => (
                <Table.Tr key={r.entityId} data-testid="compare-row">
                  <Table.Td>
                    <Anchor
                      component="button"
                      size="sm"
                      onClick={() => navigate({ page: 'entity', id: r.entityId })}
                    >
                      {r.name}
                    </Anchor>
                    <Text size="xs" c="dimmed" className="cd-mono">
                      {r.code}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={6} wrap="nowrap">
                      <Badge radius="sm" variant="outline" color="gray">
                        {r.fromGrade}
                      </Badge>
                      →
                      <Badge radius="sm" color={r.direction === 'up' ? 'teal' : 'red'}>
                        {r.toGrade}
                      </Badge>
                      <Text size="sm" c={r.direction === 'up' ? 'teal' : 'red'}>
                        {r.direction === 'up' ? '上升' : '下降'}
                      </Text>
                    </Group>
                  </Table.Td>
                  <Table.Td className="cd-num">
                    {formatScore(r.fromScore)} → {formatScore(r.toScore)}
                  </Table.Td>
                  <Table.Td>
                    {r.reasons.map((x) => (
                      <Text key={x} size="sm">
                        {x}
                      </Text>
                    ))}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {data.rows.length === 0 ? (
            <Text c="dimmed" size="sm" mt="sm">
              没有符合条件的变化。
            </Text>
          ) : null}
          {data.total > PAGE ? (
            <Pagination
              mt="sm"
              total={Math.ceil(data.total / PAGE)}
              value={page}
              onChange={setPage}
              size="sm"
            />
          ) : null}
        </Card>
      ) : null}
    </Stack>
  );
}
