/** The 工作台's to-do cards: publication deadlines, results left to enter, the latest grading, the last backup. */
import { Anchor, Badge, Card, Group, Progress, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { Dashboard, UrgentCase } from '../../../../shared/api/contracts/dashboard.ts';
import type { TaskSummary } from '../../../../shared/api/contracts/sampling.ts';
import { DEADLINE_STATE_LABELS, type DeadlineState } from '../../../../shared/calendar/index.ts';
import { formatCount } from '../../format.ts';
import { navigate, routeHref } from '../../router.ts';
import { formatBackupTime, kindLabel } from '../admin/backup/format.ts';
import { caseHref, caseNumber } from '../repair/cases.ts';

const DEADLINE_COLORS: Record<DeadlineState, string> = {
  ok: 'teal',
  near: 'yellow',
  due_today: 'orange',
  overdue: 'red',
  done: 'gray',
};

/** A backup older than this many days is shown as a warning. */
const BACKUP_STALE_DAYS = 2;

function TaskLink({ task }: { task: TaskSummary }) {
  const route = { page: 'task', id: task.id } as const;
  return (
    <Anchor
      size="sm"
      href={routeHref(route)}
      onClick={(ev) => {
        ev.preventDefault();
        navigate(route);
      }}
      data-testid="dashboard-task-link"
    >
      {task.name}
    </Anchor>
  );
}

function daysText(t: TaskSummary): string {
  const n = t.deadline.workingDaysLeft;
  if (t.deadline.state === 'overdue') return `已超过 ${-n} 个工作日`;
  if (t.deadline.state === 'due_today') return '今日到期';
  return `还剩 ${n} 个工作日`;
}

function DeadlineCard({ tasks }: { tasks: TaskSummary[] }) {
  return (
    <Card withBorder padding="md" data-testid="dashboard-deadlines">
      <Title order={5} mb="xs">
        抽查结果公示期限
      </Title>
      {tasks.length === 0 ? (
        <Text size="sm" c="dimmed">
          没有临近或超过公示期限的抽查任务。
        </Text>
      ) : (
        <Stack gap={8}>
          {tasks.map((t) => (
            <div key={t.id} data-testid="dashboard-deadline-task">
              <Group justify="space-between" wrap="nowrap" gap="xs">
                <TaskLink task={t} />
                <Badge color={DEADLINE_COLORS[t.deadline.state]} variant="light" radius="sm">
                  {DEADLINE_STATE_LABELS[t.deadline.state]}
                </Badge>
              </Group>
              <Text size="xs" c="dimmed">
                {t.number}
              </Text>
              <Text size="xs" c={t.deadline.state === 'overdue' ? 'red' : 'dimmed'}>
                公示期限 {t.deadline.deadline}（{daysText(t)}）
              </Text>
            </div>
          ))}
        </Stack>
      )}
    </Card>
  );
}

function ResultsLeftCard({ tasks }: { tasks: TaskSummary[] }) {
  return (
    <Card withBorder padding="md" data-testid="dashboard-results-left">
      <Title order={5} mb="xs">
        待录入检查结果
      </Title>
      {tasks.length === 0 ? (
        <Text size="sm" c="dimmed">
          没有待录入结果的抽查任务。
        </Text>
      ) : (
        <Stack gap={8}>
          {tasks.map((t) => (
            <div key={t.id} data-testid="dashboard-results-task">
              <Group justify="space-between" wrap="nowrap" gap="xs">
                <TaskLink task={t} />
                <Text size="sm" className="cd-num" data-testid="dashboard-results-remaining">
                  还剩 {formatCount(t.selected - t.resultsEntered)} 户
                </Text>
              </Group>
              <Progress
                value={t.selected ? (t.resultsEntered / t.selected) * 100 : 0}
                size="sm"
                my={4}
                aria-hidden
              />
              <Text size="xs" c="dimmed">
                已录入 {formatCount(t.resultsEntered)} / {formatCount(t.selected)} 户 · 公示期限{' '}
                {t.deadline.deadline}
              </Text>
            </div>
          ))}
        </Stack>
      )}
    </Card>
  );
}

function GradingCard({ grading }: { grading: Dashboard['grading'] }) {
  return (
    <Card withBorder padding="md" data-testid="dashboard-grading">
      <Group justify="space-between" mb="xs">
        <Title order={5}>最近一次信用评价</Title>
        <Anchor
          size="xs"
          href={routeHref({ page: 'grading' })}
          onClick={(ev) => {
            ev.preventDefault();
            navigate({ page: 'grading' });
          }}
        >
          查看评价结果
        </Anchor>
      </Group>
      {grading === null ? (
        <Text size="sm" c="dimmed">
          尚未运行信用评价。
        </Text>
      ) : (
        <>
          <Text size="xs" c="dimmed" mb={4}>
            {grading.run.modelName} · 基准日 {grading.run.asOf} · 共 {formatCount(grading.run.entityCount)} 户
          </Text>
          <Table verticalSpacing={3} data-testid="dashboard-grading-table">
            <Table.Tbody>
              {grading.rows.map((r) => (
                <Table.Tr key={r.grade} data-testid="dashboard-grading-row">
                  <Table.Td>{r.label}</Table.Td>
                  <Table.Td ta="right" className="cd-num">
                    {formatCount(r.effectiveCount)} 户
                  </Table.Td>
                  <Table.Td ta="right" className="cd-num" w={64}>
                    {r.percent.toFixed(1)}%
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </Card>
  );
}

function BackupCard({ backup }: { backup: Dashboard['lastBackup'] }) {
  const stale = backup === null || backup.ageDays >= BACKUP_STALE_DAYS;
  return (
    <Card withBorder padding="md" data-testid="dashboard-backup">
      <Title order={5} mb="xs">
        数据备份
      </Title>
      {backup === null ? (
        <Text size="sm" c="red" data-testid="dashboard-backup-age">
          尚未备份。请管理员在“系统管理 → 备份与恢复”中立即备份。
        </Text>
      ) : (
        <Stack gap={2}>
          <Text size="sm">
            最近一次：<span data-testid="dashboard-backup-time">{formatBackupTime(backup.createdAt)}</span>
          </Text>
          <Text size="sm" c={stale ? 'red' : 'teal'} fw={500} data-testid="dashboard-backup-age">
            {backup.ageDays === 0 ? '今天' : `${backup.ageDays} 天前`}
            {stale ? '，请尽快备份' : ''}
          </Text>
          <Text size="xs" c="dimmed">
            {kindLabel(backup.kind)}
          </Text>
        </Stack>
      )}
    </Card>
  );
}

function caseDaysText(c: UrgentCase): string {
  if (c.state === 'overdue') return `已超过 ${Math.abs(c.workingDaysLeft)} 个工作日`;
  if (c.state === 'due_today') return '今日到期';
  return `还剩 ${c.workingDaysLeft} 个工作日`;
}

/** Repair and objection cases near, at or past a working-day deadline, each linking to its case. */
function UrgentCasesCard({ cases }: { cases: UrgentCase[] }) {
  return (
    <Card withBorder padding="md" data-testid="dashboard-urgent-cases">
      <Title order={5} mb="xs">
        异议与修复办理期限
      </Title>
      {cases.length === 0 ? (
        <Text size="sm" c="dimmed">
          没有临近或超过办理期限的异议和信用修复。
        </Text>
      ) : (
        <Stack gap={8}>
          {cases.map((c) => (
            <div key={`${c.kind}-${c.id}`} data-testid="dashboard-urgent-case">
              <Group justify="space-between" wrap="nowrap" gap="xs">
                <Anchor size="sm" href={caseHref(c.kind, c.id)} data-testid="dashboard-case-link">
                  {c.kind === 'repair' ? '信用修复' : '异议'} {caseNumber(c.id)}
                </Anchor>
                <Badge color={DEADLINE_COLORS[c.state]} variant="light" radius="sm">
                  {DEADLINE_STATE_LABELS[c.state]}
                </Badge>
              </Group>
              <Text size="xs" c="dimmed">
                {c.entityName} · 待{c.step}
              </Text>
              <Text size="xs" c={c.state === 'near' ? 'dimmed' : 'red'}>
                办理期限 {c.deadline}（{caseDaysText(c)}）
              </Text>
            </div>
          ))}
        </Stack>
      )}
    </Card>
  );
}

/** Open objections, repairs and warnings; a line shows only when the user may read that area. */
function OpenItemsCard({ items }: { items: NonNullable<Dashboard['openItems']> }) {
  const rows = [
    ['待处理异议', items.objections],
    ['待办信用修复', items.repairs],
    ['未处理预警', items.warnings],
  ].filter((r): r is [string, number] => typeof r[1] === 'number');
  if (rows.length === 0) return null;
  return (
    <Card withBorder padding="md" data-testid="dashboard-open-items">
      <Title order={5} mb="xs">
        异议、修复与预警
      </Title>
      {rows.map(([label, n]) => (
        <Group key={label} justify="space-between">
          {label === '未处理预警' ? (
            <Anchor
              size="sm"
              href={routeHref({ page: 'monitoring', tab: 'warnings' })}
              data-testid="dashboard-open-warnings"
            >
              {label}
            </Anchor>
          ) : (
            <Text size="sm">{label}</Text>
          )}
          <Text size="sm" className="cd-num">
            {formatCount(n)}
          </Text>
        </Group>
      ))}
    </Card>
  );
}

export function TodoCards({ data, withBackup }: { data: Dashboard; withBackup: boolean }) {
  return (
    <SimpleGrid cols={{ base: 1, md: 2, xl: 4 }} spacing="md" data-testid="dashboard-todo">
      <DeadlineCard tasks={data.deadlineTasks} />
      <ResultsLeftCard tasks={data.tasksWithResultsLeft} />
      <GradingCard grading={data.grading} />
      {withBackup ? <BackupCard backup={data.lastBackup} /> : null}
      {data.openItems ? <OpenItemsCard items={data.openItems} /> : null}
      {data.openItems?.repairs !== undefined || data.urgentCases.length > 0 ? (
        <UrgentCasesCard cases={data.urgentCases} />
      ) : null}
    </SimpleGrid>
  );
}
