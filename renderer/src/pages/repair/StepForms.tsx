import {
  Alert,
  Button,
  Checkbox,
  Group,
  Modal,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import type { RepairDetail } from '../../../../shared/api/contracts/repair.ts';
import type { RecordType } from '../../../../shared/domain/records.ts';
import {
  OBJECTION_OUTCOME_LABELS,
  OBJECTION_OUTCOMES,
  OBJECTION_STEP_LABELS,
  type ObjectionOutcome,
  type ObjectionStep,
} from '../../../../shared/objections/workflow.ts';
import {
  REPAIR_STEP_LABELS,
  type RepairStep,
  VERIFY_METHOD_LABELS,
  VERIFY_METHODS,
  type VerifyMethod,
} from '../../../../shared/repair/workflow.ts';
import { DateField } from '../../components/DateField.tsx';
import { failureText, useApiMutation } from '../../data/api-query.ts';
import { CASE_CHANGED, localToday } from './cases.ts';

// The step modals do not hand focus back to their button: it sits at the panel's foot, and scrolling
// there would hide the case's new state at the top.

/** Steps served in writing with a reason (the workflow refuses them without one). */
const REPAIR_NEEDS_REASON: ReadonlySet<RepairStep> = new Set(['refuse', 'deny', 'revoke']);
/** Steps that end in a decision document with a number. */
const REPAIR_HAS_NUMBER: ReadonlySet<RepairStep> = new Set(['grant', 'deny']);

/** 受理, 核实 (with method and checklist), 准予 … of a repair application, as one small form. */
export function RepairStepForm({
  detail,
  step,
  onClose,
}: {
  detail: RepairDetail;
  step: RepairStep;
  onClose: () => void;
}) {
  const [onDate, setOnDate] = useState(localToday());
  const [reason, setReason] = useState('');
  const [method, setMethod] = useState<VerifyMethod>('written');
  const [decisionNo, setDecisionNo] = useState('');
  const [checklist, setChecklist] = useState(detail.checklist);
  const mutation = useApiMutation('repair.step', { invalidates: CASE_CHANGED, onSuccess: onClose });
  const needsReason = REPAIR_NEEDS_REASON.has(step);
  const submit = () =>
    mutation.mutate({
      id: detail.id,
      step,
      onDate,
      reason: reason.trim() || null,
      ...(step === 'verify' ? { verifyMethod: method, checklist } : {}),
      ...(REPAIR_HAS_NUMBER.has(step) ? { decisionNo: decisionNo.trim() || null } : {}),
    });
  return (
    <Modal opened onClose={onClose} title={REPAIR_STEP_LABELS[step]} size="lg" returnFocus={false}>
      <Stack gap="sm" data-testid={`repair-step-form-${step}`}>
        <DateField label="办理日期" value={onDate} onChange={setOnDate} max={localToday()} />
        {step === 'verify' ? (
          <>
            <Select
              label="核实方式"
              data={VERIFY_METHODS.map((m) => ({ value: m, label: VERIFY_METHOD_LABELS[m] }))}
              value={method}
              allowDeselect={false}
              onChange={(v) => v && setMethod(v as VerifyMethod)}
              data-testid="verify-method"
            />
            <Text size="sm" fw={500}>
              修复条件核实清单
            </Text>
            {checklist.map((c, i) => (
              <Checkbox
                key={c.condition}
                label={c.condition}
                checked={c.met}
                onChange={(e) => {
                  const met = e.currentTarget.checked;
                  setChecklist((l) => l.map((x, j) => (j === i ? { ...x, met } : x)));
                }}
                data-testid="checklist-item"
              />
            ))}
          </>
        ) : null}
        {REPAIR_HAS_NUMBER.has(step) ? (
          <TextInput
            label="决定书文号（留空则按设置自动编号）"
            value={decisionNo}
            onChange={(e) => setDecisionNo(e.currentTarget.value)}
            data-testid="step-decision-no"
          />
        ) : null}
        <Textarea
          label={needsReason ? '理由（必填）' : '说明'}
          autosize
          minRows={2}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          data-testid="step-reason"
        />
        <StepFooter
          error={failureText(mutation.error)}
          disabled={needsReason && !reason.trim()}
          loading={mutation.isPending}
          onCancel={onClose}
          onSubmit={submit}
          label={REPAIR_STEP_LABELS[step]}
        />
      </Stack>
    </Modal>
  );
}

/** Fields an objection's 更正 may change, by record kind; 日期 is every record's own date. */
const CORRECTABLE: Partial<Record<RecordType, [string, string][]>> = {
  penalty: [
    ['fine', '罚款金额（元）'],
    ['penaltyKinds', '处罚种类（以、分隔）'],
    ['decisionNo', '决定文书号'],
    ['date', '决定日期'],
    ['violationType', '违法行为类型'],
    ['publishedOn', '公示日期'],
  ],
  abnormal_list: [
    ['date', '列入日期'],
    ['reason', '列入事由'],
    ['removedOn', '移出日期'],
  ],
  serious_violation_list: [
    ['date', '列入日期'],
    ['reason', '列入事由'],
    ['removedOn', '移出日期'],
  ],
};
const NUMERIC_FIELDS = new Set(['fine', 'confiscation']);
const LIST_FIELDS = new Set(['penaltyKinds']);

/** The correction as the credit file's JSON: numbers as numbers, lists as arrays, blanks left out. */
function correctionOf(values: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, raw] of Object.entries(values)) {
    const v = raw.trim();
    if (!v) continue;
    if (NUMERIC_FIELDS.has(k)) out[k] = Number(v);
    else if (LIST_FIELDS.has(k)) out[k] = v.split(/[、,，\s]+/).filter(Boolean);
    else out[k] = v;
  }
  return out;
}

/** 受理, 不予受理 or 核实并答复 (with its outcome and, for 更正, the corrected fields) of an objection. */
export function ObjectionStepForm({
  id,
  recordType,
  step,
  onClose,
}: {
  id: number;
  recordType: RecordType | null;
  step: ObjectionStep;
  onClose: () => void;
}) {
  const [onDate, setOnDate] = useState(localToday());
  const [reason, setReason] = useState('');
  const [outcome, setOutcome] = useState<ObjectionOutcome>('upheld');
  const [decisionNo, setDecisionNo] = useState('');
  const [fields, setFields] = useState<Record<string, string>>({});
  const mutation = useApiMutation('objections.step', { invalidates: CASE_CHANGED, onSuccess: onClose });
  const correctable = recordType ? (CORRECTABLE[recordType] ?? [['date', '日期']]) : [];
  const correction = correctionOf(fields);
  const needsReason = step !== 'accept';
  const submit = () =>
    mutation.mutate({
      id,
      step,
      onDate,
      reason: reason.trim() || null,
      ...(step === 'decide'
        ? {
            outcome,
            decisionNo: decisionNo.trim() || null,
            ...(outcome === 'corrected' ? { correction } : {}),
          }
        : {}),
    });
  return (
    <Modal opened onClose={onClose} title={OBJECTION_STEP_LABELS[step]} size="lg" returnFocus={false}>
      <Stack gap="sm" data-testid={`objection-step-form-${step}`}>
        <DateField label="办理日期" value={onDate} onChange={setOnDate} max={localToday()} />
        {step === 'decide' ? (
          <>
            <Select
              label="核实结论"
              data={OBJECTION_OUTCOMES.map((o) => ({ value: o, label: OBJECTION_OUTCOME_LABELS[o] }))}
              value={outcome}
              allowDeselect={false}
              onChange={(v) => v && setOutcome(v as ObjectionOutcome)}
              data-testid="objection-outcome"
            />
            {outcome === 'corrected' && correctable.length > 0 ? (
              <Stack gap={6} data-testid="correction-fields">
                <Text size="sm" fw={500}>
                  更正后的内容（只填需要更正的项目）
                </Text>
                {correctable.map(([key, label]) => (
                  <TextInput
                    key={key}
                    size="xs"
                    label={label}
                    type={key === 'date' || key.endsWith('On') ? 'date' : 'text'}
                    value={fields[key] ?? ''}
                    onChange={(e) => {
                      const v = e.currentTarget.value;
                      setFields((f) => ({ ...f, [key]: v }));
                    }}
                    data-testid={`correction-${key}`}
                  />
                ))}
              </Stack>
            ) : null}
            <TextInput
              label="答复书文号（留空则按设置自动编号）"
              value={decisionNo}
              onChange={(e) => setDecisionNo(e.currentTarget.value)}
              data-testid="step-decision-no"
            />
          </>
        ) : null}
        <Textarea
          label={needsReason ? (step === 'decide' ? '核实情况（必填）' : '理由（必填）') : '说明'}
          autosize
          minRows={2}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          data-testid="step-reason"
        />
        <StepFooter
          error={failureText(mutation.error)}
          disabled={
            (needsReason && !reason.trim()) ||
            (step === 'decide' && outcome === 'corrected' && Object.keys(correction).length === 0)
          }
          loading={mutation.isPending}
          onCancel={onClose}
          onSubmit={submit}
          label={OBJECTION_STEP_LABELS[step]}
        />
      </Stack>
    </Modal>
  );
}

function StepFooter(p: {
  error: string | null;
  disabled: boolean;
  loading: boolean;
  label: string;
  onCancel: () => void;
  onSubmit: () => void;
}) {
  return (
    <>
      {p.error ? <Alert color="red">{p.error}</Alert> : null}
      <Group justify="flex-end">
        <Button variant="default" onClick={p.onCancel}>
          取消
        </Button>
        <Button disabled={p.disabled} loading={p.loading} onClick={p.onSubmit} data-testid="step-submit">
          确认{p.label}
        </Button>
      </Group>
    </>
  );
}
