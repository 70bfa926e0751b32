import { Alert, Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { useState } from 'react';
import type { z } from 'zod';
import { quarterlyInputSchema } from '../../../../shared/api/contracts/analysis.ts';
import { api, errorMessage } from '../../api.ts';
import { saveDownload } from '../exchange/transfer.ts';
import { localToday } from '../sampling/shared.tsx';
import { quarterOf } from './report-view.ts';

type QuarterlyFormValues = z.input<typeof quarterlyInputSchema>;

/** The years offered: this one and the five before it (the report is for the province, quarter by quarter). */
const YEARS_BACK = 5;

/**
 * 导出季度报告: the quarter, 填报人 and 审核人, then the workbook is built by the backend and saved.
 * The form is the call's own input; the quarter defaults to the one today falls in.
 */
export function QuarterlyReportDialog({
  opened,
  onClose,
  preparer,
}: {
  opened: boolean;
  onClose: () => void;
  preparer: string;
}) {
  const today = quarterOf(localToday());
  const form = useForm<QuarterlyFormValues>({
    initialValues: { year: today.year, quarter: today.quarter, preparer, reviewer: '' },
    validate: schemaResolver(quarterlyInputSchema, { sync: true }),
  });
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const submit = async (values: QuarterlyFormValues) => {
    setBusy(true);
    setMessage(null);
    try {
      const input = quarterlyInputSchema.parse(values);
      const d = await api.call('analysis.quarterlyExport', {
        year: input.year,
        quarter: input.quarter,
        ...(input.preparer ? { preparer: input.preparer } : {}),
        ...(input.reviewer ? { reviewer: input.reviewer } : {}),
      });
      await saveDownload(d);
      setMessage({ ok: true, text: `已导出「${d.fileName}」。` });
    } catch (e) {
      setMessage({ ok: false, text: `导出失败：${errorMessage(e)}` });
    } finally {
      setBusy(false);
    }
  };

  const years = Array.from({ length: YEARS_BACK + 1 }, (_, i) => String(today.year - i));
  return (
    <Modal opened={opened} onClose={onClose} title="导出季度报告" centered data-testid="quarterly-dialog">
      <form onSubmit={form.onSubmit((v) => void submit(v))}>
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            报告使用截止日（季度最后一天）前最近一次信用评价的结果，标注“内部资料”，导出会记入操作日志。
          </Text>
          <Group grow>
            <Select
              label="年度"
              data={years.map((y) => ({ value: y, label: `${y} 年` }))}
              value={String(form.values.year)}
              onChange={(v) => v && form.setFieldValue('year', Number(v))}
              allowDeselect={false}
              data-testid="quarterly-year"
            />
            <Select
              label="季度"
              data={[1, 2, 3, 4].map((q) => ({ value: String(q), label: `第 ${q} 季度` }))}
              value={String(form.values.quarter)}
              onChange={(v) => v && form.setFieldValue('quarter', Number(v))}
              allowDeselect={false}
              data-testid="quarterly-quarter"
            />
          </Group>
          <TextInput
            label="填报人"
            maxLength={40}
            {...form.getInputProps('preparer')}
            data-testid="quarterly-preparer"
          />
          <TextInput
            label="审核人"
            maxLength={40}
            {...form.getInputProps('reviewer')}
            data-testid="quarterly-reviewer"
          />
          {message ? (
            <Alert color={message.ok ? 'teal' : 'red'} data-testid="quarterly-message">
              {message.text}
            </Alert>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              关闭
            </Button>
            <Button type="submit" loading={busy} data-testid="quarterly-submit">
              导出
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
