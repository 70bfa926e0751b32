/** 抽查事项清单（“一单”）: the table and its edit form. */
import { Button, Group, Modal, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { InspectionItem } from '../../../../../shared/api/contracts/sampling.ts';
import { api } from '../../../api.ts';
import { failureText, useApiQuery, useInvalidateApi } from '../../../data/api-query.ts';
import { ErrorNote } from '../shared.tsx';
import { orNull, useSave } from './form-helpers.ts';

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
  const reload = () => void invalidate('sampling');
  const [editing, setEditing] = useState<InspectionItem | null>(null);
  const save = useSave();
  const fields: [keyof InspectionItem, string][] = [
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
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          抽查事项清单（“一单”）。需专业岗位资格的事项只抽取持有该资格的检查人员。
        </Text>
        {canManage ? (
          <Button size="xs" onClick={() => setEditing(EMPTY_ITEM)} data-testid="item-add">
            添加事项
          </Button>
        ) : null}
      </Group>
      <ErrorNote error={error} />
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
                  <Button size="compact-xs" variant="subtle" onClick={() => setEditing(i)}>
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
          <Stack>
            <SimpleGrid cols={2}>
              {fields.map(([k, label]) => (
                <TextInput
                  key={k}
                  label={label}
                  value={editing[k] ?? ''}
                  onChange={(e) => setEditing({ ...editing, [k]: e.currentTarget.value })}
                />
              ))}
            </SimpleGrid>
            <ErrorNote error={save.error} />
            <Group justify="flex-end">
              <Button
                loading={save.busy}
                onClick={async () => {
                  const item = Object.fromEntries(
                    Object.entries(editing).map(([k, v]) => [
                      k,
                      k === 'code' || k === 'name' ? v : orNull(v ?? ''),
                    ]),
                  ) as InspectionItem;
                  if (await save.run(() => api.call('sampling.items.save', item))) {
                    setEditing(null);
                    reload();
                  }
                }}
              >
                保存
              </Button>
            </Group>
          </Stack>
        ) : null}
      </Modal>
    </Stack>
  );
}
