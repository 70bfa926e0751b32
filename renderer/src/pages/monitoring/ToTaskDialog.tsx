import {
  Alert,
  Button,
  Group,
  Modal,
  MultiSelect,
  NumberInput,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { useEffect } from 'react';
import type { z } from 'zod';
import { monitoringContract } from '../../../../shared/api/contracts/monitoring.ts';
import { localIsoDate } from '../../../../shared/dates/iso-date.ts';
import { DateField } from '../../components/DateField.tsx';
import { failureText, useApiMutation, useApiQuery } from '../../data/api-query.ts';
import { formatCount } from '../../format.ts';
import { navigate } from '../../router.ts';
import { TASK_FROM_WARNINGS_CHANGED } from './labels.ts';

const toTaskFormSchema = monitoringContract['monitoring.toTask'].input
  .omit({ warningIds: true, kind: true, note: true })
  .refine((t) => t.endDate >= t.startDate, { message: '结束日期不能早于开始日期', path: ['endDate'] });
type ToTaskForm = z.input<typeof toTaskFormSchema>;

function monthsLater(day: string, months: number): string {
  const d = new Date(`${day}T00:00:00`);
  d.setMonth(d.getMonth() + months);
  return localIsoDate(d);
}

/**
 * 生成抽查任务: a 定向抽查 task whose candidates are exactly the chosen warnings' entities. The task is then
 * drawn, inspected and published like any other, so the page goes on to it.
 */
export function ToTaskDialog({
  warningIds,
  opened,
  onClose,
}: {
  warningIds: number[];
  opened: boolean;
  onClose: () => void;
}) {
  const items = useApiQuery('sampling.items.list', {}, { enabled: opened });
  const profiles = useApiQuery('sampling.profiles.list', {}, { enabled: opened });
  // Never from the cache: a number proposed before the last task was saved would already be taken.
  const next = useApiQuery('sampling.tasks.nextNumber', {}, { enabled: opened, gcTime: 0 });
  const today = localIsoDate(new Date());
  const form = useForm<ToTaskForm>({
    initialValues: {
      number: '',
      name: `监测预警定向抽查（${today.slice(0, 7)}）`,
      items: [],
      profileId: '',
      startDate: today,
      endDate: monthsLater(today, 1),
      teamSize: 2,
    },
    validate: schemaResolver(toTaskFormSchema, { sync: true }),
  });
  const proposed = next.data?.number;
  const firstProfile = profiles.data?.profiles[0]?.id;
  // The proposals are copied into the fields once when they arrive; the user may overwrite them.
  // biome-ignore lint/correctness/useExhaustiveDependencies: form is a new object each render; only the answers matter.
  useEffect(() => {
    if (proposed && !form.getValues().number) form.setFieldValue('number', proposed);
    if (firstProfile && !form.getValues().profileId) form.setFieldValue('profileId', firstProfile);
  }, [proposed, firstProfile]);

  const create = useApiMutation('monitoring.toTask', { invalidates: TASK_FROM_WARNINGS_CHANGED });
  const submit = async (v: ToTaskForm) => {
    try {
      const { taskId } = await create.mutateAsync({ ...v, warningIds, kind: 'directed' });
      onClose();
      navigate({ page: 'task', id: taskId });
    } catch {
      // Shown below; the form keeps what was typed.
    }
  };
  const loadError = failureText(items.error ?? profiles.error ?? next.error);

  return (
    <Modal opened={opened} onClose={onClose} title="生成定向抽查任务" size="lg" centered>
      <form onSubmit={form.onSubmit((v) => void submit(v))} noValidate data-testid="to-task-form">
        <Stack gap="sm">
          <Text size="sm">
            所选 {formatCount(warningIds.length)}{' '}
            条已确认预警涉及的市场主体（同一主体只计一次）将作为本次定向抽查的全部抽取对象；抽取仍按公开的随机方法进行，可复核。
          </Text>
          <Group grow align="flex-start">
            <TextInput label="任务文号" {...form.getInputProps('number')} data-testid="to-task-number" />
            <TextInput label="任务名称" {...form.getInputProps('name')} data-testid="to-task-name" />
          </Group>
          <MultiSelect
            label="抽查事项"
            data={(items.data?.items ?? []).map((i) => ({ value: i.code, label: i.name }))}
            searchable
            comboboxProps={{ withinPortal: true }}
            {...form.getInputProps('items')}
            data-testid="to-task-items"
          />
          <Select
            label="抽查比例方案"
            data={(profiles.data?.profiles ?? []).map((p) => ({ value: p.id, label: p.name }))}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
            {...form.getInputProps('profileId')}
            data-testid="to-task-profile"
          />
          <Group grow align="flex-start">
            <DateField
              label="开始日期"
              value={form.getValues().startDate}
              onChange={(v) => form.setFieldValue('startDate', v)}
              error={form.errors.startDate}
              data-testid="to-task-start"
            />
            <DateField
              label="结束日期"
              value={form.getValues().endDate}
              onChange={(v) => form.setFieldValue('endDate', v)}
              error={form.errors.endDate}
              data-testid="to-task-end"
            />
            <NumberInput label="每组检查人员" min={2} max={10} {...form.getInputProps('teamSize')} />
          </Group>
          {loadError ? <Alert color="red">{loadError}</Alert> : null}
          {create.error ? (
            <Alert color="red" data-testid="to-task-error">
              {failureText(create.error)}
            </Alert>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={create.isPending}>
              取消
            </Button>
            <Button type="submit" loading={create.isPending} data-testid="to-task-submit">
              生成任务
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
