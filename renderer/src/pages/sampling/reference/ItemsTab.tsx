/** 抽查事项清单（“一单”）: the table and its edit form. */
import { Button, Group, Modal, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { useState } from 'react';
import {
  type InspectionItem,
  type InspectionItemRow,
  inspectionItemSchema,
} from '../../../../../shared/api/contracts/sampling.ts';
import { failureText, useApiMutation, useApiQuery, useInvalidateApi } from '../../../data/api-query.ts';
import { ErrorNote } from '../shared.tsx';
import { orNull, staleSaveMessage } from './form-helpers.ts';

const EMPTY_ITEM: InspectionItem = {
  code: '',
  name: '',
  subItems: null,
  legalBasis: null,
  subject: null,
  objectScope: null,
  ratioText: null,
  frequencyText: null,
  method: null,
  qualification: null,
  note: null,
};

export function ItemsTab({ canManage }: { canManage: boolean }) {
  const query = useApiQuery('sampling.items.list', {});
  const value = query.data;
  const error = failureText(query.error);
  const invalidate = useInvalidateApi();
  /** The row the form is filled from, with its version (0 for a new item). */
  const [editing, setEditing] = useState<InspectionItemRow | null>(null);
  /** Another officer saved the item meanwhile: the form was closed and this says why. */
  const [stale, setStale] = useState<string | null>(null);
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          抽查事项清单（“一单”）。需专业岗位资格的事项只抽取持有该资格的检查人员。
        </Text>
        {canManage ? (
          <Button size="xs" onClick={() => setEditing({ ...EMPTY_ITEM, version: 0 })} data-testid="item-add">
            添加事项
          </Button>
        ) : null}
      </Group>
      <ErrorNote error={error ?? stale} />
      <Table striped withTableBorder data-testid="items-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>编号</Table.Th>
            <Table.Th>抽查事项名称</Table.Th>
            <Table.Th>抽查方式</Table.Th>
            <Table.Th>抽查比例 / 频次</Table.Th>
            <Table.Th>检查人员要求</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(value?.items ?? []).map((i) => (
            <Table.Tr key={i.code}>
              <Table.Td>{i.code}</Table.Td>
              <Table.Td>{i.name}</Table.Td>
              <Table.Td>{i.method ?? '—'}</Table.Td>
              <Table.Td>{[i.ratioText, i.frequencyText].filter(Boolean).join(' / ') || '—'}</Table.Td>
              <Table.Td>{i.qualification ? `需${i.qualification}` : '无需专业岗位资格'}</Table.Td>
              <Table.Td>
                {canManage ? (
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    onClick={() => {
                      setStale(null);
                      setEditing(i);
                    }}
                  >
                    编辑
                  </Button>
                ) : null}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title="抽查事项" size="lg">
        {editing ? (
          <ItemForm
            item={editing}
            onSaved={() => setEditing(null)}
            onStale={(message) => {
              // Close the form, say why, and list what the other officer saved.
              setEditing(null);
              setStale(message);
              void invalidate('sampling.items');
            }}
          />
        ) : null}
      </Modal>
    </Stack>
  );
}

const FIELDS: [keyof InspectionItem, string][] = [
  ['code', '编号'],
  ['name', '抽查事项名称'],
  ['subItems', '抽查子项'],
  ['legalBasis', '抽查依据'],
  ['subject', '抽查主体'],
  ['objectScope', '抽查对象'],
  ['ratioText', '抽查比例'],
  ['frequencyText', '抽查频次'],
  ['method', '抽查方式'],
  ['qualification', '所需专业岗位资格（空 = 无需）'],
  ['note', '备注'],
];

/** Every field is a text box: an empty box is “not given” (null) for all but 编号 and 名称. */
type ItemFormValues = Record<keyof InspectionItem, string>;

const OPTIONAL = [
  'subItems',
  'legalBasis',
  'subject',
  'objectScope',
  'ratioText',
  'frequencyText',
  'method',
  'qualification',
  'note',
] as const satisfies readonly (keyof InspectionItem)[];

function toFormValues(item: InspectionItem): ItemFormValues {
  const optional = Object.fromEntries(OPTIONAL.map((k) => [k, item[k] ?? '']));
  return { ...EMPTY_TEXTS, ...optional, code: item.code, name: item.name };
}

function toItem(values: ItemFormValues): InspectionItem {
  const optional = Object.fromEntries(OPTIONAL.map((k) => [k, orNull(values[k])]));
  return { ...EMPTY_ITEM, ...optional, code: values.code, name: values.name };
}

const EMPTY_TEXTS: ItemFormValues = {
  code: '',
  name: '',
  subItems: '',
  legalBasis: '',
  subject: '',
  objectScope: '',
  ratioText: '',
  frequencyText: '',
  method: '',
  qualification: '',
  note: '',
};

/** The edit form, checked field by field against the contract's own schema before it is sent. */
function ItemForm({
  item,
  onSaved,
  onStale,
}: {
  item: InspectionItemRow;
  onSaved: () => void;
  onStale: (message: string) => void;
}) {
  const form = useForm<ItemFormValues>({
    initialValues: toFormValues(item),
    validate: schemaResolver(inspectionItemSchema, { sync: true }),
  });
  const save = useApiMutation('sampling.items.save', {
    invalidates: ['sampling'],
    onSuccess: onSaved,
    onError: (e) => {
      const message = staleSaveMessage(e);
      if (message !== null) onStale(message);
    },
  });
  // The version the form was filled from; a changed 编号 names another item, one the form never saw.
  const expectedVersion = (code: string) => (code.trim() === item.code ? item.version : 0);
  return (
    <form
      onSubmit={form.onSubmit((values) =>
        save.mutate({ ...toItem(values), expectedVersion: expectedVersion(values.code) }),
      )}
      noValidate
    >
      <Stack>
        <SimpleGrid cols={2}>
          {FIELDS.map(([k, label]) => (
            <TextInput key={k} label={label} {...form.getInputProps(k)} />
          ))}
        </SimpleGrid>
        <ErrorNote error={failureText(save.error)} />
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending}>
            保存
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
