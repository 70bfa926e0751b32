import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import type { Output } from '../../../../shared/api/contract.ts';
import { failureText, useApiMutation, useApiQuery } from '../../data/api-query.ts';
import { ExplanationModal } from './ExplanationModal.tsx';
import { ExplanationView } from './ExplanationView.tsx';
import { formatScore, formatTime, gradeColor } from './grades.ts';

type EntityGrades = Output<'grading.entity'>;
type Current = EntityGrades['current'][number];

function AdjustDialog({
  current,
  entityId,
  onClose,
  onDone,
}: {
  current: Current | null;
  entityId: number;
  onClose: () => void;
  onDone: () => void;
}) {
  const [grade, setGrade] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const adjust = useApiMutation('grading.adjust', {
    // The run's distribution and lists count effective grades; the 工作台 too.
    invalidates: ['grading', 'app.dashboard'],
    onSuccess: onDone,
  });
  const error = failureText(adjust.error);
  const save = () => {
    if (!current || !grade) return;
    adjust.mutate({ entityId, modelId: current.modelId, toGrade: grade, reason });
  };
  return (
    <Modal opened={current !== null} onClose={onClose} title="人工调整信用等级" data-testid="adjust-dialog">
      {current ? (
        <Stack gap="sm">
          <Text size="sm">
            {current.modelName}：计算结果 {current.grade}（{current.gradeLabel}），现行等级{' '}
            {current.effectiveGrade}。 调整将记入操作日志；计算结果变化后调整自动失效。
          </Text>
          <Select
            label="调整为"
            data={current.grades
              .filter((g) => g.grade !== current.effectiveGrade)
              .map((g) => ({ value: g.grade, label: `${g.grade}（${g.label}）` }))}
            value={grade}
            onChange={setGrade}
            data-testid="adjust-grade"
          />
          <Textarea
            label="调整理由"
            description="必填，至少 4 个字，例如核查情况、文书编号"
            autosize
            minRows={3}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            data-testid="adjust-reason"
          />
          {error ? <Alert color="red">{error}</Alert> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              取消
            </Button>
            <Button
              onClick={save}
              loading={adjust.isPending}
              disabled={!grade || reason.trim().length < 4}
              data-testid="adjust-save"
            >
              确认调整
            </Button>
          </Group>
        </Stack>
      ) : null}
    </Modal>
  );
}

/** The entity page's 信用评价 card: current grade per model, its explanation, the grade history. */
export function EntityGradePanel({ entityId }: { entityId: number }) {
  const grades = useApiQuery('grading.entity', { entityId });
  const data = grades.data ?? null;
  const error = failureText(grades.error);
  const [adjusting, setAdjusting] = useState<Current | null>(null);
  const [explain, setExplain] = useState<{ runId: number; entityId: number; modelId: string } | null>(null);

  return (
    <Card withBorder padding="md" data-testid="grade-panel">
      <Title order={5} mb="sm">
        信用评价
      </Title>
      {error ? <Alert color="red">{error}</Alert> : null}
      {data && data.current.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="grade-panel-empty">
          暂无评价结果（尚未运行信用评价，或该主体已注销、吊销等不参加评价）。
        </Text>
      ) : null}
      <Stack gap="lg">
        {data?.current.map((c) => (
          <Stack key={c.modelId} gap="xs" data-testid="grade-current" data-model-id={c.modelId}>
            <ExplanationView x={c} grades={c.grades} />
            <Group gap="sm">
              <Text size="xs" c="dimmed">
                基于第 {c.runId} 次评价，{formatTime(c.updatedAt)} 更新（信用记录变化时自动重新评价）
              </Text>
              {data.canAdjust ? (
                <Button
                  size="compact-sm"
                  variant="light"
                  onClick={() => setAdjusting(c)}
                  data-testid="grade-adjust"
                >
                  人工调整
                </Button>
              ) : null}
            </Group>
          </Stack>
        ))}
      </Stack>
      {data && data.history.length > 0 ? (
        <>
          <Title order={6} mt="md" mb="xs">
            历次评价
          </Title>
          <Table verticalSpacing={4} data-testid="grade-history" maw={760}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={70}>批次</Table.Th>
                <Table.Th>评价模型</Table.Th>
                <Table.Th w={110}>评价基准日</Table.Th>
                <Table.Th ta="right" w={80}>
                  得分
                </Table.Th>
                <Table.Th w={140}>等级</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.history.map((h) => {
                const grades = data.current.find((c) => c.modelId === h.modelId)?.grades ?? [];
                return (
                  <Table.Tr
                    key={h.runId}
                    data-testid="grade-history-row"
                    style={{ cursor: 'pointer' }}
                    title="查看这次评价的说明"
                    onClick={() => setExplain({ runId: h.runId, entityId, modelId: h.modelId })}
                  >
                    <Table.Td className="cd-num">#{h.runId}</Table.Td>
                    <Table.Td>{h.modelName}</Table.Td>
                    <Table.Td className="cd-num">{h.asOf}</Table.Td>
                    <Table.Td ta="right" className="cd-num">
                      {formatScore(h.score)}
                    </Table.Td>
                    <Table.Td>
                      <Badge radius="sm" color={gradeColor(h.effectiveGrade, grades)}>
                        {h.effectiveGrade}
                      </Badge>
                      {h.effectiveGrade !== h.grade ? (
                        <Text span size="xs" c="dimmed" ml={6}>
                          调整前 {h.grade}
                        </Text>
                      ) : null}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </>
      ) : null}
      <ExplanationModal
        target={explain ? { runId: explain.runId, entityId: explain.entityId } : null}
        grades={data?.current.find((c) => c.modelId === explain?.modelId)?.grades ?? []}
        onClose={() => setExplain(null)}
      />
      <AdjustDialog
        key={adjusting?.modelId ?? 'none'}
        current={adjusting}
        entityId={entityId}
        onClose={() => setAdjusting(null)}
        // The adjustment made grading stale, this card's answer with it.
        onDone={() => setAdjusting(null)}
      />
    </Card>
  );
}
