/**
 * 回避关系: inspector–entity pairs the draw never matches. The entity is picked by name or code; a
 * typed code is checked on the server (shared/sampling/reference/entity-code-check.ts) and refused
 * with the reason when it is malformed or names no entity.
 */
import { ActionIcon, Button, Group, Paper, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { useState } from 'react';
import { z } from 'zod';
import { conflictSchema } from '../../../../../shared/api/contracts/sampling.ts';
import { failureText, useApiMutation, useApiQuery, useInvalidateApi } from '../../../data/api-query.ts';
import { ErrorNote } from '../shared.tsx';
import { EntityPicker, type PickedEntity } from './EntityPicker.tsx';
import { orNull, staleSaveMessage } from './form-helpers.ts';

/** Chinese characters in the box: a name was typed but no entity picked from the results. */
const HAS_HAN = /\p{Script=Han}/u;

/**
 * The call's own schema, with what the form can say better first: which field is missing, and that a
 * typed name is not a picked entity. The contract's rules still run after them (pipe).
 */
const conflictFormSchema = conflictSchema.extend({
  employeeNo: z.string().trim().min(1, '请选择检查人员').pipe(conflictSchema.shape.employeeNo),
  entityCode: z
    .string()
    .trim()
    .min(1, '请输入主体名称或代码，并从搜索结果中选择')
    .refine((code) => !HAS_HAN.test(code), {
      error: (issue) => `没有选择主体：请从“${String(issue.input)}”的搜索结果中点选一户`,
    })
    .pipe(conflictSchema.shape.entityCode),
});
type ConflictFormValues = z.input<typeof conflictFormSchema>;

export function ConflictsTab({ canManage }: { canManage: boolean }) {
  const conflicts = useApiQuery('sampling.conflicts.list', {});
  const inspectors = useApiQuery('sampling.inspectors.list', {});
  const error = failureText(conflicts.error ?? inspectors.error);
  const form = useForm<ConflictFormValues>({
    initialValues: { employeeNo: '', entityCode: '', reason: '' },
    validate: schemaResolver(conflictFormSchema, { sync: true }),
  });
  const [entity, setEntity] = useState<PickedEntity | null>(null);
  const [typed, setTyped] = useState('');
  /** Remounts the picker after a save, which empties its search box. */
  const [pickerKey, setPickerKey] = useState(0);
  const invalidate = useInvalidateApi();
  const save = useApiMutation('sampling.conflicts.save', {
    invalidates: ['sampling.conflicts'],
    // Another officer saved the same pair meanwhile: the message says what; the list shows it.
    onError: (e) => {
      if (staleSaveMessage(e) !== null) void invalidate('sampling.conflicts');
    },
  });
  const remove = useApiMutation('sampling.conflicts.delete', { invalidates: ['sampling.conflicts'] });
  const saveError = failureText(save.error ?? remove.error);
  const formError = Object.values(form.errors).find(Boolean);

  function add() {
    // The picker owns its box: what it holds becomes the code only when 添加 is clicked.
    form.setValues({ entityCode: entity?.code ?? typed.trim() });
    if (form.validate().hasErrors) return;
    const { employeeNo, entityCode, reason } = form.getValues();
    const code = entityCode.trim();
    // The version of the pair as listed here (0: not listed): a save over a newer one is refused.
    const listed = conflicts.data?.conflicts.find(
      (c) => c.employeeNo === employeeNo.trim() && c.entityCode === code.toUpperCase(),
    );
    remove.reset();
    save.mutate(
      { employeeNo, entityCode: code, reason: orNull(reason ?? ''), expectedVersion: listed?.version ?? 0 },
      {
        onSuccess: () => {
          setEntity(null);
          setTyped('');
          form.setValues({ entityCode: '', reason: '' });
          setPickerKey((k) => k + 1);
        },
      },
    );
  }

  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        回避关系：检查人员与有利害关系的主体，抽取时绝不会配对。整表导入请到“数据交换”，类别选“回避关系”。
      </Text>
      <ErrorNote error={error} />
      {canManage ? (
        <Paper withBorder p="sm" data-testid="conflict-form">
          <Group align="flex-start">
            <Select
              label="检查人员"
              searchable
              data={(inspectors.data?.inspectors ?? []).map((i) => ({
                value: i.employeeNo,
                label: `${i.name}（${i.employeeNo}）`,
              }))}
              value={form.values.employeeNo || null}
              onChange={(v) => form.setFieldValue('employeeNo', v ?? '')}
              w={200}
              data-testid="conflict-inspector"
            />
            <div style={{ width: 380 }}>
              <EntityPicker
                key={pickerKey}
                label="主体（按名称或统一社会信用代码搜索）"
                value={entity}
                onChange={setEntity}
                onTyped={setTyped}
                testId="conflict-entity"
              />
            </div>
            <TextInput
              label="理由"
              value={form.values.reason ?? ''}
              onChange={(e) => form.setFieldValue('reason', e.currentTarget.value)}
              style={{ flex: 1 }}
              data-testid="conflict-reason"
            />
            <Button mt={25} loading={save.isPending} onClick={add} data-testid="conflict-add">
              添加
            </Button>
          </Group>
          {formError || saveError ? (
            <Text c="red" size="sm" mt="xs" data-testid="conflict-error">
              {formError ? String(formError) : saveError}
            </Text>
          ) : null}
        </Paper>
      ) : null}
      <Table striped withTableBorder data-testid="conflicts-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>检查人员</Table.Th>
            <Table.Th>主体名称</Table.Th>
            <Table.Th>统一社会信用代码/注册号</Table.Th>
            <Table.Th>理由</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(conflicts.data?.conflicts ?? []).map((c) => (
            <Table.Tr key={`${c.employeeNo}-${c.entityCode}`} data-testid="conflict-row">
              <Table.Td>
                {c.inspectorName ?? '（人员已不在名录中）'}
                <Text span size="xs" c="dimmed" ml={4}>
                  {c.employeeNo}
                </Text>
              </Table.Td>
              <Table.Td>
                {c.entityName ?? (
                  <Text span c="red" size="sm">
                    主体库中没有该代码
                  </Text>
                )}
              </Table.Td>
              <Table.Td style={{ fontFamily: 'monospace' }}>{c.entityCode}</Table.Td>
              <Table.Td>{c.reason ?? '—'}</Table.Td>
              <Table.Td>
                {canManage ? (
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label="删除"
                    onClick={() => {
                      save.reset();
                      remove.mutate({ employeeNo: c.employeeNo, entityCode: c.entityCode });
                    }}
                  >
                    ×
                  </ActionIcon>
                ) : null}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
