import { Alert, Badge, Button, Card, Group, Stack, Text, Timeline, Title } from '@mantine/core';
import { useState } from 'react';
import type { CASE_DOCUMENTS } from '../../../../shared/api/contracts/repair.ts';
import { RECORD_TYPE_LABELS } from '../../../../shared/domain/records.ts';
import {
  OBJECTION_CHANNEL_LABELS,
  OBJECTION_OUTCOME_LABELS,
  OBJECTION_STATE_LABELS,
  OBJECTION_STEP_LABELS,
  type ObjectionStep,
} from '../../../../shared/objections/workflow.ts';
import { REPAIR_ACTION_LABELS } from '../../../../shared/repair/eligibility.ts';
import {
  REPAIR_STATE_LABELS,
  REPAIR_STEP_LABELS,
  type RepairStep,
  VERIFY_METHOD_LABELS,
} from '../../../../shared/repair/workflow.ts';
import { api, errorMessage } from '../../api.ts';
import { failureText, useApiQuery } from '../../data/api-query.ts';
import { routeHref } from '../../router.ts';
import { useCan } from '../../security/session-context.ts';
import { Attachments } from './Attachments.tsx';
import { type CreditDocument, CreditDocumentView } from './CreditDocumentView.tsx';
import {
  type CaseDeadline,
  type CaseKind,
  caseNumber,
  deadlineColor,
  deadlineText,
  snapshotFields,
} from './cases.ts';
import { ObjectionStepForm, RepairStepForm } from './StepForms.tsx';

type CaseDocument = (typeof CASE_DOCUMENTS)[number];

const DOCUMENT_LABELS: Record<CaseDocument, string> = {
  acceptance: '受理通知书',
  refusal: '不予受理通知书',
  reply: '异议答复书',
  decision: '信用修复决定书',
};

/** The case's number and state stay in view while its long detail scrolls beneath. */
const STICKY_HEAD: React.CSSProperties = {
  position: 'sticky',
  top: 0,
  zIndex: 1,
  background: 'var(--mantine-color-body)',
  paddingBottom: 4,
};

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Text size="sm">
      <Text span c="dimmed" size="sm">
        {label}：
      </Text>
      {children}
    </Text>
  );
}

export function DeadlineBadge({ kind, deadline }: { kind: CaseKind; deadline: CaseDeadline }) {
  if (!deadline || deadline.state === 'done') return null;
  return (
    <Badge
      color={deadlineColor(deadline)}
      variant={deadline.state === 'ok' ? 'outline' : 'light'}
      radius="sm"
      data-testid="case-deadline"
      data-state={deadline.state}
      style={{ textTransform: 'none' }}
    >
      {deadlineText(kind, deadline)}
    </Badge>
  );
}

interface Step {
  label: string;
  onDate: string;
  at: string;
  byName: string;
  reason: string | null;
}

function History({ steps }: { steps: Step[] }) {
  return (
    <Timeline bulletSize={12} lineWidth={2} data-testid="case-history">
      {steps.map((s) => (
        <Timeline.Item key={`${s.at}-${s.label}`} title={`${s.label}　${s.onDate}`} data-testid="case-step">
          <Text size="xs" c="dimmed">
            {s.byName} 办理
          </Text>
          {s.reason ? (
            <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
              {s.reason}
            </Text>
          ) : null}
        </Timeline.Item>
      ))}
    </Timeline>
  );
}

/** The document buttons of a case; a document not yet due is answered 'conflict' and shown as its message. */
function Documents({
  caseKind,
  caseId,
  documents,
}: {
  caseKind: CaseKind;
  caseId: number;
  documents: CaseDocument[];
}) {
  const [open, setOpen] = useState<{ doc: CreditDocument; document: CaseDocument } | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (documents.length === 0) return null;
  const show = async (document: CaseDocument) => {
    setError(null);
    try {
      setOpen({ doc: await api.call('cases.document', { caseKind, caseId, document }), document });
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <Stack gap={4}>
      <Group gap="xs">
        {documents.map((d) => (
          <Button
            key={d}
            size="xs"
            variant="light"
            onClick={() => void show(d)}
            data-testid={`document-${d}`}
          >
            {DOCUMENT_LABELS[d]}
          </Button>
        ))}
      </Group>
      {error ? <Alert color="red">{error}</Alert> : null}
      {open ? (
        <CreditDocumentView
          doc={open.doc}
          docx={() => api.call('cases.documentDocx', { caseKind, caseId, document: open.document })}
          onClose={() => setOpen(null)}
        />
      ) : null}
    </Stack>
  );
}

function repairDocuments(state: string): CaseDocument[] {
  if (state === 'applied') return [];
  if (state === 'not_accepted') return ['refusal'];
  if (state === 'accepted' || state === 'verified') return ['acceptance'];
  return ['acceptance', 'decision'];
}

function objectionDocuments(state: string): CaseDocument[] {
  if (state === 'received') return [];
  if (state === 'not_accepted') return ['refusal'];
  if (state === 'accepted') return ['acceptance'];
  return ['acceptance', 'reply'];
}

export function RepairDetailPanel({ id }: { id: number }) {
  const q = useApiQuery('repair.get', { id });
  const can = useCan();
  const [step, setStep] = useState<RepairStep | null>(null);
  if (q.error) return <Alert color="red">{failureText(q.error)}</Alert>;
  const d = q.data;
  if (!d) return <Text c="dimmed">正在加载…</Text>;
  return (
    <Stack gap="sm" data-testid="repair-detail">
      <Group justify="space-between" wrap="nowrap" align="flex-start" style={STICKY_HEAD}>
        <div>
          <Title order={4}>信用修复申请 {caseNumber(d.id)}</Title>
          <Text size="sm">
            <a href={routeHref({ page: 'entity', id: d.entityId })}>{d.entityName}</a>　{d.entityCode}
          </Text>
          <DeadlineBadge kind="repair" deadline={d.deadline} />
        </div>
        <Badge size="lg" radius="sm" variant="light" data-testid="case-state">
          {REPAIR_STATE_LABELS[d.state]}
        </Badge>
      </Group>
      <Card withBorder padding="sm">
        <Stack gap={2}>
          <Field label="修复事项">{REPAIR_ACTION_LABELS[d.action]}</Field>
          <Field label="涉及记录">{d.recordLabel}</Field>
          {snapshotFields(d.recordSnapshot).map(([k, v]) => (
            <Field key={k} label={k}>
              {v}
            </Field>
          ))}
          <Field label="申请人">
            {d.applicant}
            {d.contact ? `（${d.contact}）` : ''}
          </Field>
          <Field label="申请日期">{d.appliedOn}</Field>
          <Field label="申请渠道">{d.channel}</Field>
          <Field label="申请事由">{d.reason}</Field>
          {d.verifyMethod ? <Field label="核实方式">{VERIFY_METHOD_LABELS[d.verifyMethod]}</Field> : null}
          {d.decisionNo ? <Field label="决定书文号">{d.decisionNo}</Field> : null}
        </Stack>
      </Card>
      {d.checklist.length > 0 ? (
        <Stack gap={2}>
          <Text fw={600} size="sm">
            修复条件核实清单
          </Text>
          {d.checklist.map((c) => (
            <Text key={c.condition} size="sm" data-testid="checklist-state">
              {c.met ? '☑' : '☐'} {c.condition}
            </Text>
          ))}
        </Stack>
      ) : null}
      <Text fw={600} size="sm">
        附件{d.requiredAttached ? '' : '（受理须附信用修复申请书和守信承诺书）'}
      </Text>
      <Attachments
        caseKind="repair"
        caseId={d.id}
        attachments={d.attachments}
        canAdd={can('repair.handle')}
      />
      {d.availableSteps.length > 0 ? (
        <Group gap="xs" data-testid="case-steps">
          {d.availableSteps.map((s) => (
            <Button key={s} size="xs" onClick={() => setStep(s)} data-testid={`repair-step-${s}`}>
              {REPAIR_STEP_LABELS[s]}
            </Button>
          ))}
        </Group>
      ) : null}
      <Documents caseKind="repair" caseId={d.id} documents={repairDocuments(d.state)} />
      <Text fw={600} size="sm">
        办理过程
      </Text>
      <History steps={d.steps} />
      {step ? <RepairStepForm detail={d} step={step} onClose={() => setStep(null)} /> : null}
    </Stack>
  );
}

export function ObjectionDetailPanel({ id }: { id: number }) {
  const q = useApiQuery('objections.get', { id });
  const can = useCan();
  const [step, setStep] = useState<ObjectionStep | null>(null);
  if (q.error) return <Alert color="red">{failureText(q.error)}</Alert>;
  const d = q.data;
  if (!d) return <Text c="dimmed">正在加载…</Text>;
  return (
    <Stack gap="sm" data-testid="objection-detail">
      <Group justify="space-between" wrap="nowrap" align="flex-start" style={STICKY_HEAD}>
        <div>
          <Title order={4}>信用异议 {caseNumber(d.id)}</Title>
          <Text size="sm">
            <a href={routeHref({ page: 'entity', id: d.entityId })}>{d.entityName}</a>　{d.entityCode}
          </Text>
          <DeadlineBadge kind="objection" deadline={d.deadline} />
        </div>
        <Badge size="lg" radius="sm" variant="light" data-testid="case-state">
          {d.outcome ? OBJECTION_OUTCOME_LABELS[d.outcome] : OBJECTION_STATE_LABELS[d.state]}
        </Badge>
      </Group>
      <Card withBorder padding="sm">
        <Stack gap={2}>
          <Field label="异议事项">{d.subject}</Field>
          {d.recordType ? <Field label="记录类别">{RECORD_TYPE_LABELS[d.recordType]}</Field> : null}
          {snapshotFields(d.recordSnapshot).map(([k, v]) => (
            <Field key={k} label={k}>
              {v}
            </Field>
          ))}
          <Field label="异议人">
            {d.objector}
            {d.contact ? `（${d.contact}）` : ''}
          </Field>
          <Field label="收到日期">
            {d.receivedOn}（{OBJECTION_CHANNEL_LABELS[d.channel]}）
          </Field>
          <Field label="异议理由">{d.reasons}</Field>
          {d.findings ? <Field label="核实情况">{d.findings}</Field> : null}
          {d.decisionNo ? <Field label="答复书文号">{d.decisionNo}</Field> : null}
        </Stack>
      </Card>
      <Text fw={600} size="sm">
        附件
      </Text>
      <Attachments
        caseKind="objection"
        caseId={d.id}
        attachments={d.attachments}
        canAdd={can('repair.handle')}
      />
      {d.availableSteps.length > 0 ? (
        <Group gap="xs" data-testid="case-steps">
          {d.availableSteps.map((s) => (
            <Button key={s} size="xs" onClick={() => setStep(s)} data-testid={`objection-step-${s}`}>
              {OBJECTION_STEP_LABELS[s]}
            </Button>
          ))}
        </Group>
      ) : null}
      <Documents caseKind="objection" caseId={d.id} documents={objectionDocuments(d.state)} />
      <Text fw={600} size="sm">
        办理过程
      </Text>
      <History steps={d.steps} />
      {step ? (
        <ObjectionStepForm id={d.id} recordType={d.recordType} step={step} onClose={() => setStep(null)} />
      ) : null}
    </Stack>
  );
}
