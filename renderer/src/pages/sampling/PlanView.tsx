import {
  Alert,
  Anchor,
  Button,
  Code,
  Group,
  Modal,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useCallback, useState } from 'react';
import type { TaskDetail } from '../../../../shared/api/contracts/sampling.ts';
import { api, errorMessage } from '../../api.ts';
import { useApiQuery, useInvalidateApi } from '../../data/api-query.ts';
import { useCan } from '../../security/session-context.ts';
import { PrintablePlan } from './PrintablePlan.tsx';
import { PublishConfirm } from './PublishConfirm.tsx';
import { ResultsEntry } from './ResultsEntry.tsx';
import {
  DeadlineBadge,
  downloadBase64,
  ErrorNote,
  filterText,
  StatusBadge,
  formatTime,
  TASK_CHANGED,
} from './shared.tsx';

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm">{children}</Text>
    </div>
  );
}

/** One task: its plan (digest, seed, teams), the lifecycle actions, results entry, exports, print. */
export function PlanView({
  taskId,
  bureau,
  onBack,
  onContinue,
}: {
  taskId: number;
  bureau: string;
  onBack: () => void;
  /** Opens the wizard on a draft. */
  onContinue?: (detail: TaskDetail) => void;
}) {
  const can = useCan();
  const taskQuery = useApiQuery('sampling.tasks.get', { taskId });
  const detail = taskQuery.data;
  const error = taskQuery.error ? errorMessage(taskQuery.error) : null;
  const invalidate = useInvalidateApi();
  const reload = () => void invalidate(...TASK_CHANGED);
  // The task stores its ratio profile by id; officers read the profile's name.
  const profiles = useApiQuery('sampling.profiles.list', {});
  const [busy, setBusy] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [redrawOpen, setRedrawOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [printing, setPrinting] = useState(false);
  const closePrint = useCallback(() => setPrinting(false), []);
  const [publishing, setPublishing] = useState(false);

  async function act(name: string, run: () => Promise<unknown>) {
    setBusy(name);
    setActionError(null);
    try {
      await run();
      await invalidate(...TASK_CHANGED);
    } catch (e) {
      setActionError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  }

  if (!detail)
    return (
      <Stack>
        <Anchor onClick={onBack}>← 返回任务列表</Anchor>
        <ErrorNote error={error} />
        {!error ? <Text c="dimmed">正在加载…</Text> : null}
      </Stack>
    );

  const { summary, task, plan } = detail;
  const s = summary.status;
  const missing = plan ? plan.entries.filter((e) => !e.result).length : 0;
  const canResults = can('sampling.results') && ['drawn', 'in_progress', 'results_entered'].includes(s);

  return (
    <Stack gap="md" data-testid="plan-view">
      <Group justify="space-between" className="cd-no-print">
        <Anchor onClick={onBack} data-testid="plan-back">
          ← 返回任务列表
        </Anchor>
      </Group>
      <Group gap="sm" align="center">
        <Title order={4} data-testid="plan-title">
          {task.name}
        </Title>
        <StatusBadge status={s} />
        {s !== 'draft' ? <DeadlineBadge deadline={summary.deadline} /> : null}
      </Group>
      <Paper withBorder p="md">
        <SimpleGrid cols={4} spacing="sm">
          <Field label="任务文号">{task.number}</Field>
          <Field label="抽查事项">{task.items.join('、')}</Field>
          <Field label="检查期间">
            {task.startDate} 至 {task.endDate}
          </Field>
          <Field label="公示期限">{summary.deadline.deadline}（检查结束后 20 个工作日）</Field>
          <Field label="抽查类型">{task.directed ? `定向（${filterText(task.filter)}）` : '不定向'}</Field>
          <Field label="信用评价批次">
            {task.gradingRunId === null ? '未使用' : `第 ${task.gradingRunId} 批`}
          </Field>
          <Field label="抽查比例方案">
            {task.profileId === null
              ? '任务内设定'
              : (profiles.data?.profiles.find((p) => p.id === task.profileId)?.name ?? '…')}
          </Field>
          <Field label="每组检查人员">{task.teamSize} 名</Field>
        </SimpleGrid>
        {plan ? (
          <Stack gap={4} mt="sm">
            <Text size="xs" c="dimmed">
              承诺摘要（digest）· 随机种子（seed）· 第 {plan.seq} 次抽取，{plan.drawnBy}，
              {formatTime(plan.drawnAt)}
            </Text>
            <Code data-testid="plan-digest">{plan.digest}</Code>
            <Code data-testid="plan-seed">{plan.seed}</Code>
          </Stack>
        ) : null}
      </Paper>

      <Group gap="sm" className="cd-no-print">
        {s === 'drawn' && can('sampling.manage') ? (
          <Button
            loading={busy === 'start'}
            onClick={() => act('start', () => api.call('sampling.tasks.start', { taskId }))}
            data-testid="task-start"
          >
            开始检查
          </Button>
        ) : null}
        {(s === 'drawn' || s === 'in_progress') && can('sampling.results') ? (
          <Button
            disabled={missing > 0}
            loading={busy === 'complete'}
            onClick={() => act('complete', () => api.call('sampling.results.complete', { taskId }))}
            data-testid="results-complete"
          >
            {missing > 0 ? `提交结果（还剩 ${missing} 户）` : '提交结果'}
          </Button>
        ) : null}
        {s === 'results_entered' && can('sampling.review') ? (
          <Button
            loading={busy === 'review'}
            onClick={() => act('review', () => api.call('sampling.tasks.review', { taskId }))}
            data-testid="task-review"
          >
            审核通过
          </Button>
        ) : null}
        {s === 'reviewed' && can('sampling.review') ? (
          <Button
            color="teal"
            loading={busy === 'publish'}
            onClick={() => setPublishing(true)}
            data-testid="task-publish"
          >
            确认公示…
          </Button>
        ) : null}
        {plan ? (
          <>
            <Button
              variant="default"
              loading={busy === 'export-plan'}
              onClick={() =>
                act('export-plan', async () => {
                  const f = await api.call('sampling.export.plan', { taskId });
                  downloadBase64(f.fileName, f.base64);
                })
              }
              data-testid="export-plan"
            >
              导出计划
            </Button>
            <Button variant="default" onClick={() => setPrinting(true)} data-testid="print-plan">
              打印计划（A4）
            </Button>
          </>
        ) : null}
        {s === 'reviewed' || s === 'published' ? (
          <Button
            variant="default"
            loading={busy === 'export-notice'}
            onClick={() =>
              act('export-notice', async () => {
                const f = await api.call('sampling.export.notice', { taskId });
                downloadBase64(f.fileName, f.base64);
              })
            }
            data-testid="export-notice"
          >
            导出公示信息
          </Button>
        ) : null}
        {(s === 'drawn' || s === 'in_progress') && can('sampling.redraw') ? (
          <Button
            variant="subtle"
            color="red"
            onClick={() => {
              setActionError(null);
              setRedrawOpen(true);
            }}
            data-testid="task-redraw"
          >
            重新抽取…
          </Button>
        ) : null}
      </Group>
      <PublishConfirm
        opened={publishing}
        taskName={task.name}
        entries={plan?.entries.length ?? 0}
        busy={busy === 'publish'}
        onCancel={() => setPublishing(false)}
        onConfirm={() => {
          setPublishing(false);
          void act('publish', () => api.call('sampling.tasks.publish', { taskId }));
        }}
      />
      {redrawOpen ? null : <ErrorNote error={actionError} />}
      {summary.deadline.calendarNote && s !== 'published' ? (
        <Alert color="yellow" variant="light" data-testid="calendar-note">
          {summary.deadline.calendarNote}
        </Alert>
      ) : null}
      {plan?.warnings.map((w) => (
        <Alert key={w} color="orange" variant="light">
          {w}
        </Alert>
      ))}
      {plan && plan.unstaffed.length > 0 ? (
        <Alert color="red" variant="light" title="未配齐检查人员的主体">
          {plan.unstaffed.join('、')}
        </Alert>
      ) : null}

      {plan ? (
        <ResultsEntry
          key={plan.id}
          taskId={taskId}
          entries={plan.entries}
          editable={canResults}
          startDate={task.startDate}
          endDate={task.endDate}
          onSaved={reload}
        />
      ) : (
        <Group>
          <Text c="dimmed">该任务尚未抽取（草稿）。</Text>
          {can('sampling.manage') && onContinue ? (
            <Button onClick={() => onContinue(detail)} data-testid="task-continue">
              修改、预览并抽取
            </Button>
          ) : null}
        </Group>
      )}

      {detail.history.length > 0 ? <History detail={detail} /> : null}

      <Modal opened={redrawOpen} onClose={() => setRedrawOpen(false)} title="重新抽取" centered>
        <Stack>
          <Text size="sm">
            原计划将保留并标记为作废，新计划使用新的随机种子。此操作记入操作日志，须说明理由。
          </Text>
          <Textarea
            label="理由"
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            autosize
            minRows={2}
            data-testid="redraw-reason"
          />
          {actionError ? (
            <Alert color="red" variant="light" data-testid="redraw-error">
              {actionError}
            </Alert>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setRedrawOpen(false)}>
              取消
            </Button>
            <Button
              color="red"
              loading={busy === 'redraw'}
              onClick={() =>
                act('redraw', async () => {
                  await api.call('sampling.tasks.redraw', { taskId, reason });
                  setRedrawOpen(false);
                  setReason('');
                })
              }
              data-testid="redraw-confirm"
            >
              重新抽取
            </Button>
          </Group>
        </Stack>
      </Modal>
      {printing ? <PrintablePlan detail={detail} bureau={bureau} onClose={closePrint} /> : null}
    </Stack>
  );
}

function History({ detail }: { detail: TaskDetail }) {
  return (
    <Paper withBorder p="md">
      <Text fw={600} size="sm" mb="xs">
        作废的抽取（保留备查）
      </Text>
      <Table data-testid="plan-history">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>次序</Table.Th>
            <Table.Th>抽取</Table.Th>
            <Table.Th>作废</Table.Th>
            <Table.Th>理由</Table.Th>
            <Table.Th>摘要 / 种子</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {detail.history.map((h) => (
            <Table.Tr key={h.id}>
              <Table.Td>第 {h.seq} 次</Table.Td>
              <Table.Td>
                {h.drawnBy} {formatTime(h.drawnAt)}
              </Table.Td>
              <Table.Td>
                {h.supersededBy} {formatTime(h.supersededAt)}
              </Table.Td>
              <Table.Td>{h.redrawReason}</Table.Td>
              <Table.Td style={{ fontFamily: 'monospace', fontSize: 11, wordBreak: 'break-all' }}>
                {h.digest}
                <br />
                {h.seed}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}
