import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Pagination,
  Progress,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { keepPreviousData } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { Output } from '../../../../shared/api/contract.ts';
import type { GradeInfo, RunInfo } from '../../../../shared/api/contracts/grading.ts';
import { failureText, useApiQuery, useInvalidateApi } from '../../data/api-query.ts';
import { formatCount } from '../../format.ts';
import { ExplanationModal } from './ExplanationModal.tsx';
import { formatPercent, formatScore, formatTime, gradeColor } from './grades.ts';
import { RunDialog } from './RunDialog.tsx';

type Distribution = Output<'grading.distribution'>;
const PAGE = 20;

export function runLabel(r: RunInfo): string {
  return `第 ${r.id} 次 · 基准日 ${r.asOf} · ${r.modelName}`;
}

function DistributionView({
  d,
  selected,
  onSelect,
}: {
  d: Distribution;
  selected: string | null;
  onSelect: (grade: string | null) => void;
}) {
  const grades = d.rows.map((r) => ({ grade: r.grade, label: r.label }));
  return (
    <Table verticalSpacing={6} data-testid="distribution" highlightOnHover>
      <Table.Thead>
        <Table.Tr>
          <Table.Th w={80}>等级</Table.Th>
          <Table.Th>含义</Table.Th>
          <Table.Th ta="right" w={110}>
            户数
          </Table.Th>
          <Table.Th w={260}>占比</Table.Th>
          <Table.Th ta="right" w={150}>
            计算结果（调整前）
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {d.rows.map((r) => (
          <Table.Tr
            key={r.grade}
            onClick={() => onSelect(selected === r.grade ? null : r.grade)}
            style={{ cursor: 'pointer' }}
            bg={selected === r.grade ? 'var(--mantine-color-gov-0)' : undefined}
            data-testid={`distribution-row-${r.grade}`}
          >
            <Table.Td>
              <Badge radius="sm" color={gradeColor(r.grade, grades)}>
                {r.grade}
              </Badge>
            </Table.Td>
            <Table.Td>{r.label}</Table.Td>
            <Table.Td ta="right" className="cd-num" data-testid="distribution-count">
              {formatCount(r.effectiveCount)}
            </Table.Td>
            <Table.Td>
              <Group gap="xs" wrap="nowrap">
                <Progress value={r.percent} color={gradeColor(r.grade, grades)} w={170} />
                <Text size="sm" className="cd-num" data-testid="distribution-percent">
                  {formatPercent(r.percent)}
                </Text>
              </Group>
            </Table.Td>
            <Table.Td ta="right" className="cd-num" c="dimmed">
              {formatCount(r.count)}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function ResultsList({
  runId,
  grade,
  grades,
  onOpen,
}: {
  runId: number;
  grade: string | null;
  grades: GradeInfo[];
  onOpen: (entityId: number) => void;
}) {
  const [page, setPage] = useState(1);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new run or class starts at page one
  useEffect(() => setPage(1), [runId, grade]);
  // The page shown stays while the next one is read (no blank table between pages).
  const results = useApiQuery(
    'grading.results',
    { runId, grade, offset: (page - 1) * PAGE, limit: PAGE },
    { placeholderData: keepPreviousData },
  );
  const data = results.data ?? null;
  const error = failureText(results.error);
  if (error) return <Alert color="red">{error}</Alert>;
  if (!data) return null;
  return (
    <Stack gap="xs">
      <Text size="sm" c="dimmed">
        {grade ? `等级 ${grade} 共 ${formatCount(data.total)} 户` : `共 ${formatCount(data.total)} 户`}
        ，点击名称查看评价说明
      </Text>
      <Table verticalSpacing={4} data-testid="results-table" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>名称</Table.Th>
            <Table.Th w={200}>代码</Table.Th>
            <Table.Th ta="right" w={90}>
              得分
            </Table.Th>
            <Table.Th w={110}>等级</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {data.rows.map((r) => (
            <Table.Tr key={r.entityId} data-testid="result-row">
              <Table.Td>
                <Anchor
                  component="button"
                  size="sm"
                  onClick={() => onOpen(r.entityId)}
                  data-testid="result-open"
                >
                  {r.name}
                </Anchor>
              </Table.Td>
              <Table.Td className="cd-mono">{r.code}</Table.Td>
              <Table.Td ta="right" className="cd-num">
                {formatScore(r.score)}
              </Table.Td>
              <Table.Td>
                <Badge radius="sm" color={gradeColor(r.effectiveGrade, grades)}>
                  {r.effectiveGrade}
                </Badge>
                {r.effectiveGrade !== r.grade ? (
                  <Text span size="xs" c="dimmed" ml={6}>
                    调整前 {r.grade}
                  </Text>
                ) : null}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {data.total > PAGE ? (
        <Pagination total={Math.ceil(data.total / PAGE)} value={page} onChange={setPage} size="sm" />
      ) : null}
    </Stack>
  );
}

export function RunsTab({ canRun }: { canRun: boolean }) {
  const runList = useApiQuery('grading.runs', {});
  const runs: RunInfo[] | null = runList.data?.runs ?? null;
  // The run the user picked; until then the newest.
  const [picked, setPicked] = useState<number | null>(null);
  const selected = picked ?? runs?.[0]?.id ?? null;
  const distribution = useApiQuery(
    'grading.distribution',
    { runId: selected ?? 0 },
    { enabled: selected !== null },
  );
  const dist: Distribution | null = selected === null ? null : (distribution.data ?? null);
  const error = failureText(runList.error ?? distribution.error);
  const [grade, setGrade] = useState<string | null>(null);
  const [dialog, setDialog] = useState(false);
  const [explain, setExplain] = useState<{ runId: number; entityId: number } | null>(null);
  const invalidate = useInvalidateApi();
  const select = (runId: number) => {
    setPicked(runId);
    setGrade(null);
  };

  const grades = dist ? dist.rows.map((r) => ({ grade: r.grade, label: r.label })) : [];

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          每次评价保存所用模型及版本、评价基准日、运行人和每户的得分、等级与逐项依据。
        </Text>
        {canRun ? (
          <Button onClick={() => setDialog(true)} data-testid="run-open">
            运行评价
          </Button>
        ) : null}
      </Group>
      {error ? <Alert color="red">{error}</Alert> : null}
      {runs && runs.length === 0 ? (
        <Card withBorder padding="lg" data-testid="runs-empty">
          <Text c="dimmed">还没有评价记录。{canRun ? '点击“运行评价”对全部市场主体进行信用评价。' : ''}</Text>
        </Card>
      ) : null}
      {runs && runs.length > 0 ? (
        <Card withBorder padding="sm">
          <Table verticalSpacing={6} highlightOnHover data-testid="runs-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={70}>批次</Table.Th>
                <Table.Th>评价模型</Table.Th>
                <Table.Th w={110}>评价基准日</Table.Th>
                <Table.Th ta="right" w={110}>
                  评价户数
                </Table.Th>
                <Table.Th w={100}>运行人</Table.Th>
                <Table.Th w={150}>运行时间</Table.Th>
                <Table.Th ta="right" w={90}>
                  用时
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {runs.slice(0, 50).map((r) => (
                <Table.Tr
                  key={r.id}
                  onClick={() => select(r.id)}
                  style={{ cursor: 'pointer' }}
                  bg={selected === r.id ? 'var(--mantine-color-gov-0)' : undefined}
                  data-testid="run-row"
                  data-run-id={r.id}
                >
                  <Table.Td className="cd-num">#{r.id}</Table.Td>
                  <Table.Td>
                    {r.modelName}
                    <Text span size="xs" c="dimmed" ml={6}>
                      版本 {r.modelVersion}
                    </Text>
                  </Table.Td>
                  <Table.Td className="cd-num">{r.asOf}</Table.Td>
                  <Table.Td ta="right" className="cd-num">
                    {formatCount(r.entityCount)}
                  </Table.Td>
                  <Table.Td>{r.createdBy}</Table.Td>
                  <Table.Td className="cd-num">{formatTime(r.createdAt)}</Table.Td>
                  <Table.Td ta="right" className="cd-num">
                    {r.tookMs === null ? '—' : `${(r.tookMs / 1000).toFixed(1)} 秒`}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
      ) : null}
      {dist ? (
        <Card withBorder padding="md" data-testid="run-detail">
          <Group justify="space-between" mb="sm">
            <Title order={5}>分类分布：{runLabel(dist.run)}</Title>
            <Text size="sm" c="dimmed">
              评价 {formatCount(dist.run.entityCount)} 户，未评价（注销、吊销等）
              {formatCount(dist.run.skippedCount)} 户
              {dist.adjustedCount > 0 ? `，人工调整 ${formatCount(dist.adjustedCount)} 户` : ''}
            </Text>
          </Group>
          <DistributionView d={dist} selected={grade} onSelect={setGrade} />
          <Title order={6} mt="md" mb="xs">
            {grade ? `等级 ${grade} 的市场主体` : '全部市场主体'}
          </Title>
          <ResultsList
            runId={dist.run.id}
            grade={grade}
            grades={grades}
            onOpen={(entityId) => setExplain({ runId: dist.run.id, entityId })}
          />
        </Card>
      ) : null}
      <RunDialog
        opened={dialog}
        onClose={() => setDialog(false)}
        onDone={(run) => {
          setDialog(false);
          // A new run: the runs list, the run the wizard offers to a new task, and the 工作台's to-dos.
          void invalidate('grading', 'sampling.gradingRuns', 'app.dashboard').then(() => select(run.id));
        }}
      />
      <ExplanationModal target={explain} grades={grades} onClose={() => setExplain(null)} />
    </Stack>
  );
}
