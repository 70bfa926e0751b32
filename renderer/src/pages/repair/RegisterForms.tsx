import { Alert, Button, Group, Modal, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import {
  type ObjectionCreateInput,
  objectionCreateSchema,
  type RepairCreateInput,
  repairCreateSchema,
} from '../../../../shared/api/contracts/repair.ts';
import { OBJECTION_CHANNEL_LABELS, OBJECTION_CHANNELS } from '../../../../shared/objections/workflow.ts';
import { DateField } from '../../components/DateField.tsx';
import { failureText, useApiMutation } from '../../data/api-query.ts';
import { CASE_CHANGED, caseHref, localToday } from './cases.ts';

/** The new case opened beside its list. */
function openCase(kind: 'repair' | 'objection', id: number): void {
  window.location.hash = caseHref(kind, id);
}

interface Target {
  entityId: number;
  recordId: number;
  /** The record in a few words, shown at the top of the form. */
  label: string;
}

/** 申请信用修复 for one record, checked against the contract's schema before it is sent. */
export function RepairRegisterForm({ target, onClose }: { target: Target; onClose: () => void }) {
  const form = useForm<RepairCreateInput>({
    initialValues: {
      entityId: target.entityId,
      recordId: target.recordId,
      applicant: '',
      contact: '',
      reason: '',
      channel: '窗口递交',
      appliedOn: localToday(),
    },
    validate: schemaResolver(repairCreateSchema, { sync: true }),
  });
  const create = useApiMutation('repair.create', {
    invalidates: CASE_CHANGED,
    onSuccess: (created) => openCase('repair', created.id),
  });
  return (
    <Modal opened onClose={onClose} title="申请信用修复" size="lg">
      <form onSubmit={form.onSubmit((v) => create.mutate({ ...v, contact: v.contact || null }))} noValidate>
        <Stack gap="sm" data-testid="repair-register-form">
          <Text size="sm" c="dimmed">
            修复的记录：{target.label}
          </Text>
          <TextInput label="申请人" {...form.getInputProps('applicant')} data-testid="register-applicant" />
          <TextInput label="联系方式" {...form.getInputProps('contact')} />
          <TextInput label="申请渠道" {...form.getInputProps('channel')} />
          <DateField
            label="申请日期"
            value={form.values.appliedOn}
            onChange={(d) => form.setFieldValue('appliedOn', d)}
            error={form.errors.appliedOn}
            max={localToday()}
          />
          <Textarea
            label="申请事由"
            autosize
            minRows={3}
            {...form.getInputProps('reason')}
            data-testid="register-reason"
          />
          {create.error ? <Alert color="red">{failureText(create.error)}</Alert> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              取消
            </Button>
            <Button type="submit" loading={create.isPending} data-testid="register-submit">
              登记申请
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** 提出异议 to one record, checked against the contract's schema before it is sent. */
export function ObjectionRegisterForm({ target, onClose }: { target: Target; onClose: () => void }) {
  const form = useForm<ObjectionCreateInput>({
    initialValues: {
      entityId: target.entityId,
      recordId: target.recordId,
      objector: '',
      contact: '',
      channel: 'window',
      reasons: '',
      receivedOn: localToday(),
    },
    validate: schemaResolver(objectionCreateSchema, { sync: true }),
  });
  const create = useApiMutation('objections.create', {
    invalidates: CASE_CHANGED,
    onSuccess: (created) => openCase('objection', created.id),
  });
  return (
    <Modal opened onClose={onClose} title="提出异议" size="lg">
      <form onSubmit={form.onSubmit((v) => create.mutate({ ...v, contact: v.contact || null }))} noValidate>
        <Stack gap="sm" data-testid="objection-register-form">
          <Text size="sm" c="dimmed">
            异议的记录：{target.label}
          </Text>
          <TextInput label="异议人" {...form.getInputProps('objector')} data-testid="register-objector" />
          <TextInput label="联系方式" {...form.getInputProps('contact')} />
          <Select
            label="收到渠道"
            data={OBJECTION_CHANNELS.map((c) => ({ value: c, label: OBJECTION_CHANNEL_LABELS[c] }))}
            allowDeselect={false}
            {...form.getInputProps('channel')}
          />
          <DateField
            label="收到日期"
            value={form.values.receivedOn}
            onChange={(d) => form.setFieldValue('receivedOn', d)}
            error={form.errors.receivedOn}
            max={localToday()}
          />
          <Textarea
            label="异议理由"
            autosize
            minRows={3}
            {...form.getInputProps('reasons')}
            data-testid="register-reasons"
          />
          {create.error ? <Alert color="red">{failureText(create.error)}</Alert> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              取消
            </Button>
            <Button type="submit" loading={create.isPending} data-testid="register-submit">
              登记异议
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
