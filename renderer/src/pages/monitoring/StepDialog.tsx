import { Alert, Button, Group, Modal, Select, Stack, Textarea } from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { z } from 'zod';
import { WARNING_ACTION_VALUES, type WarningDetail } from '../../../../shared/api/contracts/monitoring.ts';
import { failureText, useApiMutation } from '../../data/api-query.ts';
import { WARNINGS_CHANGED } from './labels.ts';

export type StepKind = 'confirm' | 'dismiss' | 'dispose' | 'close';

export const STEP_TITLES: Record<StepKind, string> = {
  confirm: '审核确认',
  dismiss: '审核排除',
  dispose: '处置',
  close: '关闭预警',
};

const NOTE_HINTS: Record<StepKind, string> = {
  confirm: '核实的情况，如：经核查该住所确为集中登记地址',
  dismiss: '排除的理由，如：同名不同人',
  dispose: '采取的措施，如：已电话提醒法定代表人按期年报',
  close: '办结情况',
};

const stepFormSchema = z.object({
  note: z.string().trim().min(1, '请填写说明').max(1000, '说明不超过 1000 字'),
  action: z.enum(WARNING_ACTION_VALUES),
});
type StepFormValues = z.input<typeof stepFormSchema>;

/** One lifecycle step on a warning: a note, and for 处置 the action taken. */
export function StepDialog({
  warning,
  step,
  onClose,
}: {
  warning: WarningDetail;
  step: StepKind | null;
  onClose: () => void;
}) {
  const form = useForm<StepFormValues>({
    initialValues: { note: '', action: warning.action },
    validate: schemaResolver(stepFormSchema, { sync: true }),
  });
  const review = useApiMutation('monitoring.review', { invalidates: WARNINGS_CHANGED });
  const dispose = useApiMutation('monitoring.dispose', { invalidates: WARNINGS_CHANGED });
  const close = useApiMutation('monitoring.close', { invalidates: WARNINGS_CHANGED });
  const busy = review.isPending || dispose.isPending || close.isPending;
  const error = failureText(review.error ?? dispose.error ?? close.error);

  const submit = async ({ note, action }: StepFormValues) => {
    const id = warning.id;
    try {
      if (step === 'confirm' || step === 'dismiss') await review.mutateAsync({ id, decision: step, note });
      else if (step === 'dispose') await dispose.mutateAsync({ id, action, note });
      else if (step === 'close') await close.mutateAsync({ id, note });
      form.reset();
      onClose();
    } catch {
      // Shown from the mutation's error below; the note stays in the form.
    }
  };

  return (
    <Modal opened={step !== null} onClose={onClose} title={step ? STEP_TITLES[step] : ''} centered>
      <form onSubmit={form.onSubmit((v) => void submit(v))} noValidate data-testid="warning-step-form">
        <Stack gap="sm">
          {step === 'dispose' ? (
            <Select
              label="处置措施"
              data={WARNING_ACTION_VALUES.map((a) => ({ value: a, label: a }))}
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
              {...form.getInputProps('action')}
              data-testid="warning-step-action"
            />
          ) : null}
          <Textarea
            label="说明"
            placeholder={step ? NOTE_HINTS[step] : ''}
            autosize
            minRows={3}
            {...form.getInputProps('note')}
            data-testid="warning-step-note"
          />
          {error ? <Alert color="red">{error}</Alert> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={busy}>
              取消
            </Button>
            <Button
              type="submit"
              loading={busy}
              color={step === 'dismiss' ? 'gray' : undefined}
              data-testid="warning-step-submit"
            >
              {step ? STEP_TITLES[step] : '确定'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
