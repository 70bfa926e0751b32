import { localDateTime } from '../../../../shared/dates/iso-date.ts';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  List,
  Loader,
  Stack,
  Text,
  Timeline,
  Title,
  Tooltip,
} from '@mantine/core';
import { useState } from 'react';
import { WARNING_STATUS_LABELS, type WarningDetail } from '../../../../shared/api/contracts/monitoring.ts';
import type { Permission } from '../../../../shared/domain/permissions.ts';
import { failureText, useApiQuery } from '../../data/api-query.ts';
import { formatCount } from '../../format.ts';
import { routeHref } from '../../router.ts';
import { useCan } from '../../security/session-context.ts';
import { ClusterView, type ClusterRef } from './ClusterView.tsx';
import { EntityRows } from './EntityRows.tsx';
import { LEVEL_COLORS, STATUS_COLORS, SUBJECT_LABELS, warningNumber } from './labels.ts';
import { STEP_TITLES, StepDialog, type StepKind } from './StepDialog.tsx';
import { UNCUT } from './WarningList.tsx';

/** Who may take each step, and what a role without it is told. */
const STEP_PERMISSION: Record<StepKind, { permission: Permission; why: string }> = {
  confirm: { permission: 'monitoring.decide', why: '审核预警需科室负责人或管理员' },
  dismiss: { permission: 'monitoring.decide', why: '审核预警需科室负责人或管理员' },
  dispose: { permission: 'monitoring.handle', why: '处置预警需执法人员及以上角色' },
  close: { permission: 'monitoring.handle', why: '关闭预警需执法人员及以上角色' },
};

/** Which steps belong to which status: a step the status does not offer is not shown at all. */
const STEPS_BY_STATUS: Record<WarningDetail['status'], StepKind[]> = {
  open: ['confirm', 'dismiss'],
  confirmed: ['dispose', 'close'],
  disposed: ['close'],
  dismissed: [],
  closed: [],
};

/** One warning: its subject, evidence, entities, the steps so far and the steps that can be taken now. */
export function WarningDetailPanel({ id }: { id: number }) {
  const q = useApiQuery('monitoring.get', { id });
  const can = useCan();
  const [step, setStep] = useState<StepKind | null>(null);
  const [cluster, setCluster] = useState<ClusterRef | null>(null);
  if (q.isLoading) return <Loader size="sm" />;
  if (q.error) return <Alert color="red">{failureText(q.error)}</Alert>;
  const w = q.data;
  if (!w) return null;
  const subjectCluster = w.subject.type === 'entity' ? null : { type: w.subject.type, key: w.subject.key };

  return (
    <Stack gap="md" data-testid="warning-detail" data-warning-id={w.id}>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <div style={{ minWidth: 0 }}>
          <Text size="xs" c="dimmed">
            {warningNumber(w.id)} · {SUBJECT_LABELS[w.subject.type]}
          </Text>
          <Title order={5} style={{ overflowWrap: 'anywhere' }}>
            {w.ruleName}：{w.subject.display}
          </Title>
        </div>
        <Group gap={6} wrap="nowrap" style={{ flexShrink: 0 }}>
          <Badge color={LEVEL_COLORS[w.level]} variant="light" radius="sm" styles={UNCUT}>
            {w.level}级
          </Badge>
          <Badge
            color={STATUS_COLORS[w.status]}
            radius="sm"
            styles={UNCUT}
            data-testid="warning-detail-status"
          >
            {WARNING_STATUS_LABELS[w.status]}
          </Badge>
        </Group>
      </Group>

      <Group gap="lg">
        <Text size="sm">建议措施：{w.action}</Text>
        {w.disposedAction ? <Text size="sm">已采取：{w.disposedAction}</Text> : null}
        {w.taskId !== null ? (
          <Anchor size="sm" href={routeHref({ page: 'task', id: w.taskId })} data-testid="warning-task-link">
            查看抽查任务
          </Anchor>
        ) : null}
      </Group>

      <StepButtons warning={w} can={can} onStep={setStep} />

      <div>
        <Text fw={600} size="sm" mb={4}>
          预警依据
        </Text>
        <List size="sm" spacing={2} data-testid="warning-evidence">
          {w.evidence.map((e) => (
            <List.Item key={e}>{e}</List.Item>
          ))}
        </List>
      </div>

      <div>
        <Group justify="space-between" mb={4}>
          <Text fw={600} size="sm">
            涉及市场主体（{formatCount(w.entities.length)} 户）
          </Text>
          {subjectCluster ? (
            <Button
              size="compact-sm"
              variant="subtle"
              onClick={() => setCluster(subjectCluster)}
              data-testid="warning-open-cluster"
            >
              {subjectCluster.type === 'person' ? '查看此人名下全部主体' : '查看此住所全部主体'}
            </Button>
          ) : null}
        </Group>
        <EntityRows entities={w.entities} testId="warning-entities" />
      </div>

      <div>
        <Text fw={600} size="sm" mb={6}>
          办理过程
        </Text>
        <Timeline bulletSize={12} lineWidth={2} active={w.steps.length - 1} data-testid="warning-steps">
          {w.steps.map((s) => (
            <Timeline.Item key={`${s.step}-${s.at}-${s.byUser}`} title={<Text size="sm">{s.label}</Text>}>
              <Text size="xs" c="dimmed">
                {localDateTime(s.at)} · {s.byName}
                {s.action ? ` · ${s.action}` : ''}
              </Text>
              {s.note ? (
                <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                  {s.note}
                </Text>
              ) : null}
            </Timeline.Item>
          ))}
        </Timeline>
      </div>

      <StepDialog key={w.id} warning={w} step={step} onClose={() => setStep(null)} />
      <ClusterView cluster={cluster} onClose={() => setCluster(null)} />
    </Stack>
  );
}

/**
 * The steps the warning's status offers. One the server allows is a button; one the role lacks is shown
 * disabled with the reason, so the officer knows whom to ask.
 */
function StepButtons({
  warning,
  can,
  onStep,
}: {
  warning: WarningDetail;
  can: (p: Permission) => boolean;
  onStep: (s: StepKind) => void;
}) {
  const steps = STEPS_BY_STATUS[warning.status];
  if (steps.length === 0) return null;
  return (
    <Group gap="xs" data-testid="warning-actions">
      {steps.map((s) => {
        const permitted = can(STEP_PERMISSION[s].permission);
        const allowed = permitted && warning.available.includes(s);
        const button = (
          <Button
            key={s}
            size="xs"
            variant={s === 'dismiss' || s === 'close' ? 'default' : 'filled'}
            disabled={!allowed}
            onClick={() => onStep(s)}
            data-testid={`warning-step-${s}`}
          >
            {STEP_TITLES[s]}
          </Button>
        );
        return allowed ? (
          <span key={s}>{button}</span>
        ) : (
          <Tooltip
            key={s}
            label={permitted ? '此预警当前不能办理这一步' : STEP_PERMISSION[s].why}
            withinPortal
          >
            <span>{button}</span>
          </Tooltip>
        );
      })}
    </Group>
  );
}
