import { Alert, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import type { TaskSummary } from '../../../../shared/api/contracts/sampling.ts';
import { errorMessage } from '../../api.ts';
import { useApiQuery } from '../../data/api-query.ts';
import { DeadlineBadge, ErrorNote, StatusBadge } from './shared.tsx';

/** The tasks, most recent first, with the publication-deadline overview above them. */
export function TaskList({
  onOpen,
  onCreate,
  canManage,
}: {
  onOpen: (id: number) => void;
  onCreate: () => void;
  canManage: boolean;
}) {
  const deadlines = useApiQuery('sampling.deadlines', {});
  const tasks = useApiQuery('sampling.tasks.list', {});
  const failed = deadlines.error ?? tasks.error;
  const urgent = (deadlines.data?.tasks ?? []).filter((t) =>
    ['near', 'due_today', 'overdue'].includes(t.deadline.state),
  );

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={4}>抽查任务</Title>
        {canManage ? (
          <Button onClick={onCreate} data-testid="task-create">
            新建抽查任务
          </Button>
        ) : null}
      </Group>
      <ErrorNote error={failed ? errorMessage(failed) : null} />
      {urgent.length > 0 ? (
        <Alert color="orange" variant="light" title="公示期限提醒" data-testid="deadline-alert">
          <Stack gap={4}>
            {urgent.map((t) => (
              <Group key={t.id} gap="xs">
                <DeadlineBadge deadline={t.deadline} />
                <Text size="sm">
                  {t.number} {t.name}：检查结束 {t.endDate}，应于 {t.deadline.deadline} 前公示
                </Text>
              </Group>
            ))}
          </Stack>
        </Alert>
      ) : null}
      <DeadlineTable tasks={tasks.data?.tasks ?? null} onOpen={onOpen} />
    </Stack>
  );
}

function DeadlineTable({ tasks, onOpen }: { tasks: TaskSummary[] | null; onOpen: (id: number) => void }) {
  if (tasks === null) return <Text c="dimmed">正在加载…</Text>;
  if (tasks.length === 0)
    return (
      <Text c="dimmed" data-testid="tasks-empty">
        还没有抽查任务。点“新建抽查任务”，按步骤选择事项、范围和比例后抽取。
      </Text>
    );
  return (
    <Table striped highlightOnHover withTableBorder data-testid="task-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>任务文号</Table.Th>
          <Table.Th>任务名称</Table.Th>
          <Table.Th>事项</Table.Th>
          <Table.Th>检查期间</Table.Th>
          <Table.Th>状态</Table.Th>
          <Table.Th>抽中 / 已录入</Table.Th>
          <Table.Th>公示期限（20 个工作日）</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {tasks.map((t) => (
          <Table.Tr
            key={t.id}
            style={{ cursor: 'pointer' }}
            onClick={() => onOpen(t.id)}
            data-testid="task-row"
          >
            <Table.Td>{t.number}</Table.Td>
            <Table.Td>{t.name}</Table.Td>
            <Table.Td>{t.items.join('、')}</Table.Td>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>
              {t.startDate} 至 {t.endDate}
            </Table.Td>
            <Table.Td>
              <StatusBadge status={t.status} />
            </Table.Td>
            <Table.Td>
              {t.selected} / {t.resultsEntered}
            </Table.Td>
            <Table.Td>
              {t.status === 'draft' ? (
                <Text size="sm" c="dimmed">
                  —
                </Text>
              ) : (
                <Group gap={6} wrap="nowrap">
                  <Text size="sm">{t.deadline.deadline}</Text>
                  <DeadlineBadge deadline={t.deadline} />
                </Group>
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
