import { Alert, Badge, Button, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { RecordEligibilityView } from '../../../../shared/api/contracts/repair.ts';
import { REPAIR_ACTION_LABELS, REPAIR_BLOCK_LABELS } from '../../../../shared/repair/eligibility.ts';
import { api, errorMessage } from '../../api.ts';
import { useCan } from '../../security/session-context.ts';
import { type CreditDocument, CreditDocumentView } from './CreditDocumentView.tsx';
import { ObjectionRegisterForm, RepairRegisterForm } from './RegisterForms.tsx';

/** Records that speak well of the entity or merely describe it are not disputed in practice. */
const NO_OBJECTION = new Set([
  'annual_report',
  'commitment',
  'commendation',
  'change',
  'public_credit_score',
]);

/** 异议中 beside a record's title while an objection to it is open. */
export function DisputedBadge({ view }: { view: RecordEligibilityView | undefined }) {
  if (!view?.disputed) return null;
  return (
    <Badge size="sm" color="orange" variant="filled" radius="sm" data-testid="record-disputed">
      异议中
    </Badge>
  );
}

/**
 * Under a record in the credit file: which repair applies and from when, what blocks it, and the buttons
 * that open the register forms (and, for a penalty, its 信用修复告知书).
 */
export function RecordRepair({
  entityId,
  recordId,
  view,
}: {
  entityId: number;
  recordId: number;
  view: RecordEligibilityView | undefined;
}) {
  const can = useCan();
  const [form, setForm] = useState<'repair' | 'objection' | null>(null);
  const [notice, setNotice] = useState<CreditDocument | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (!view) return null;
  const canHandle = can('repair.handle');
  const canObject = canHandle && !NO_OBJECTION.has(view.type);
  const target = { entityId, recordId, label: view.label };
  const openNotice = async () => {
    setError(null);
    try {
      setNotice(await api.call('repair.notice', { entityId, recordId }));
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  const showButtons = (canHandle && view.action !== null) || canObject || view.type === 'penalty';
  if (view.action === null && view.blockedBy.length === 0 && !showButtons) return null;
  return (
    <Stack gap={4} mt={6} data-testid="record-repair">
      {view.action !== null ? (
        <Text size="sm" data-testid="record-repair-action">
          <Text span c="dimmed" size="sm">
            信用修复：
          </Text>
          {REPAIR_ACTION_LABELS[view.action]}
          {view.eligibleNow ? '（现可申请）' : view.eligibleOn ? `（${view.eligibleOn} 起可申请）` : ''}
          {view.publicityEndsOn ? `　公示期至 ${view.publicityEndsOn}` : ''}
        </Text>
      ) : view.type === 'penalty' && view.publicityEndsOn ? (
        <Text size="sm" c="dimmed">
          公示期至 {view.publicityEndsOn}，无需修复
        </Text>
      ) : null}
      {view.blockedBy.length > 0 ? (
        <Text size="sm" c="red.7" data-testid="record-repair-blocked">
          不能修复：{view.blockedBy.map((b) => REPAIR_BLOCK_LABELS[b]).join('；')}
        </Text>
      ) : null}
      {showButtons ? (
        <Group gap="xs">
          {canHandle && view.action !== null ? (
            <Button
              size="compact-xs"
              variant="light"
              onClick={() => setForm('repair')}
              data-testid="apply-repair"
            >
              申请信用修复
            </Button>
          ) : null}
          {canObject ? (
            <Button
              size="compact-xs"
              variant="light"
              color="orange"
              onClick={() => setForm('objection')}
              data-testid="raise-objection"
            >
              提出异议
            </Button>
          ) : null}
          {view.type === 'penalty' ? (
            <Button
              size="compact-xs"
              variant="default"
              onClick={() => void openNotice()}
              data-testid="repair-notice"
            >
              信用修复告知书
            </Button>
          ) : null}
        </Group>
      ) : null}
      {error ? (
        <Alert color="red" p="xs">
          {error}
        </Alert>
      ) : null}
      {form === 'repair' ? <RepairRegisterForm target={target} onClose={() => setForm(null)} /> : null}
      {form === 'objection' ? <ObjectionRegisterForm target={target} onClose={() => setForm(null)} /> : null}
      {notice ? (
        <CreditDocumentView
          doc={notice}
          docx={() => api.call('repair.noticeDocx', { entityId, recordId })}
          onClose={() => setNotice(null)}
        />
      ) : null}
    </Stack>
  );
}
