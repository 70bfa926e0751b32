import {
  Alert,
  Badge,
  Button,
  Group,
  List,
  Modal,
  NumberInput,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import type { ModelSummary } from '../../../../shared/api/contracts/grading.ts';
import {
  capLabel,
  editableValues,
  fieldKey,
  fieldLabel,
  type ModelEdit,
  pointsLabel,
} from '../../../../shared/grading/model-edit.ts';
import type { GradingModel } from '../../../../shared/grading/types.ts';
import { ApiError, api, errorMessage } from '../../api.ts';
import { gradeColor } from './grades.ts';

const asNumber = (v: number | string): number | null => (typeof v === 'number' ? v : null);

/**
 * 修改评价模型 (administrators): the band thresholds and each indicator's points and cap of one model
 * version, saved as the model's next version. The backend validates; its problems come back per field and
 * are shown under the field and listed above the buttons.
 */
export function ModelEditForm({
  model,
  opened,
  onClose,
  onSaved,
}: {
  model: GradingModel;
  opened: boolean;
  onClose: () => void;
  onSaved: (saved: ModelSummary) => void;
}) {
  const [values, setValues] = useState<ModelEdit>(() => editableValues(model));
  const [fields, setFields] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const grades = model.bands.map((b) => ({ grade: b.grade, label: b.label }));
  const last = model.bands.length - 1;

  const setThreshold = (i: number, v: number | null) =>
    setValues((s) => ({ ...s, thresholds: s.thresholds.map((t, k) => (k === i ? v : t)) }));
  const setIndicator = (id: string, change: { points?: number | null; cap?: number | null }) =>
    setValues((s) => ({
      ...s,
      indicators: s.indicators.map((x) => (x.id === id ? { ...x, ...change } : x)),
    }));

  const save = async () => {
    setBusy(true);
    setError(null);
    setFields({});
    try {
      const { summary } = await api.call('models.edit', {
        id: model.id,
        baseVersion: model.version,
        ...values,
      });
      onSaved(summary);
    } catch (e) {
      setError(errorMessage(e));
      if (e instanceof ApiError && e.fields) setFields(e.fields);
    } finally {
      setBusy(false);
    }
  };

  const problems = Object.entries(fields).map(([f, m]) => `${fieldLabel(model, f)}：${m}`);
  const edited = (id: string) => values.indicators.find((x) => x.id === id);

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      size="xl"
      title={`修改评价模型：${model.name}`}
      data-testid="model-edit"
    >
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          在第 {model.version} 版的基础上修改分数段、分值和封顶，保存为新版本；原版本和已有评价结果保持不变。
          分值和封顶均填写正数（扣分项也填正数）。
        </Text>
        <TextInput
          label="施行日期"
          description="格式 YYYY-MM-DD；不指定版本运行评价时，使用施行日期最晚的版本"
          w={260}
          value={values.effectiveFrom}
          onChange={(e) => setValues((s) => ({ ...s, effectiveFrom: e.currentTarget.value }))}
          error={fields[fieldKey.effectiveFrom]}
          data-testid="edit-effective-from"
        />
        <div>
          <Title order={6} mb="xs">
            等级与分数段（分值范围 {model.scale.min}–{model.scale.max} 分）
          </Title>
          <Table withTableBorder verticalSpacing={4} data-testid="edit-bands">
            <Table.Tbody>
              {model.bands.map((b, i) => (
                <Table.Tr key={b.grade}>
                  <Table.Td w={60}>
                    <Badge radius="sm" color={gradeColor(b.grade, grades)}>
                      {b.grade}
                    </Badge>
                  </Table.Td>
                  <Table.Td w={160}>{b.label}</Table.Td>
                  <Table.Td>
                    {i < last ? (
                      <NumberInput
                        aria-label={`等级 ${b.grade}（${b.label}）的下限`}
                        description={b.minInclusive ? '下限（含）' : '下限（不含）'}
                        w={200}
                        decimalScale={2}
                        value={values.thresholds[i] ?? ''}
                        onChange={(v) => setThreshold(i, asNumber(v))}
                        error={fields[fieldKey.threshold(i)]}
                        data-testid={`edit-threshold-${b.grade}`}
                      />
                    ) : (
                      <Text size="sm">下限为分值下限 {b.min} 分</Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c="dimmed">
                      {i === 0
                        ? `上限为分值上限 ${model.scale.max} 分`
                        : `上限 = 等级 ${model.bands[i - 1]?.grade} 的下限（${values.thresholds[i - 1] ?? '未填写'}）`}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
        <div>
          <Title order={6} mb="xs">
            评价指标（{model.indicators.length} 项）
          </Title>
          <Table withTableBorder verticalSpacing={4} data-testid="edit-indicators">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>指标</Table.Th>
                <Table.Th w={70}>类型</Table.Th>
                <Table.Th w={170}>分值</Table.Th>
                <Table.Th w={170}>封顶（空 = 不封顶）</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {model.indicators.map((ind) => (
                <Table.Tr key={ind.id} data-testid="edit-indicator-row">
                  <Table.Td>
                    <Text size="sm">{ind.label}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" radius="sm" color={ind.kind === 'bonus' ? 'teal' : 'red'}>
                      {ind.kind === 'bonus' ? '加分' : '扣分'}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <NumberInput
                      aria-label={pointsLabel(ind)}
                      description={ind.mode === 'perRecord' ? '每次' : '一次'}
                      decimalScale={2}
                      value={edited(ind.id)?.points ?? ''}
                      onChange={(v) => setIndicator(ind.id, { points: asNumber(v) })}
                      error={fields[fieldKey.points(ind.id)]}
                      data-testid={`edit-points-${ind.id}`}
                    />
                  </Table.Td>
                  <Table.Td>
                    {ind.mode === 'perRecord' ? (
                      <NumberInput
                        aria-label={capLabel(ind)}
                        description="合计最多"
                        decimalScale={2}
                        value={edited(ind.id)?.cap ?? ''}
                        onChange={(v) => setIndicator(ind.id, { cap: asNumber(v) })}
                        error={fields[fieldKey.cap(ind.id)]}
                        data-testid={`edit-cap-${ind.id}`}
                      />
                    ) : (
                      <Text size="sm" c="dimmed">
                        只计一次
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
        {error ? (
          <Alert color="red" title="未保存" data-testid="model-edit-error">
            {problems.length > 0 ? (
              <List size="sm">
                {problems.map((p) => (
                  <List.Item key={p}>{p}</List.Item>
                ))}
              </List>
            ) : (
              <Text size="sm">{error}</Text>
            )}
          </Alert>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            取消
          </Button>
          <Button onClick={save} loading={busy} data-testid="model-edit-save">
            另存为新版本
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
