/** 执法检查人员名录库: the pool (personal data masked) and the form to add or edit one person. */
import { Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import {
  INSPECTOR_STATUS_LABELS,
  type InspectorInput,
  type InspectorRow,
} from '../../../../../shared/api/contracts/sampling.ts';
import { api } from '../../../api.ts';
import { failureText, useApiQuery, useInvalidateApi } from '../../../data/api-query.ts';
import { ErrorNote } from '../shared.tsx';
import { useSave } from './form-helpers.ts';
import { EMPTY_INSPECTOR, InspectorForm } from './InspectorForm.tsx';

/** 执法证 in words: its number and until when it is valid. */
function CertCell({ i }: { i: InspectorRow }) {
  if (!i.certNo) return <Text size="sm">无执法证</Text>;
  return (
    <Group gap={4} wrap="nowrap">
      <Text size="sm">
        {i.certNo}，{i.certExpiry ? `有效期至 ${i.certExpiry}` : '长期有效'}
      </Text>
      {!i.certValid ? (
        <Badge size="xs" color="red" variant="light">
          已过期
        </Badge>
      ) : null}
    </Group>
  );
}

export function InspectorsTab({ canManage }: { canManage: boolean }) {
  const query = useApiQuery('sampling.inspectors.list', {});
  const value = query.data;
  const error = failureText(query.error);
  const invalidate = useInvalidateApi();
  const reload = () => void invalidate('sampling');
  /** `version`: the row's version the form is filled from (0 for a new inspector). */
  const [editing, setEditing] = useState<{ input: InspectorInput; isNew: boolean; version: number } | null>(
    null,
  );
  const save = useSave();
  const list = value?.inspectors ?? null;
  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Text size="sm" c="dimmed">
          执法检查人员名录库。只有状态有效、执法证在检查开始日有效、具备事项所需资格的人员参与抽取；专家协助检查，不计入每组人数。身份证号和手机号按个人信息保护遮蔽显示。整表导入请到“数据交换”，类别选“执法检查人员”（空白模板在“导出”中）。
        </Text>
        {canManage ? (
          <Group gap="xs" wrap="nowrap">
            {list && list.length === 0 ? (
              <Button
                size="xs"
                variant="light"
                loading={save.busy}
                onClick={async () => {
                  if (await save.run(() => api.call('sampling.demo.seed', {}))) reload();
                }}
                data-testid="inspectors-demo"
              >
                添加示范检查人员
              </Button>
            ) : null}
            <Button
              size="xs"
              onClick={() => setEditing({ input: EMPTY_INSPECTOR, isNew: true, version: 0 })}
              data-testid="inspector-add"
            >
              添加检查人员
            </Button>
          </Group>
        ) : null}
      </Group>
      <ErrorNote error={error ?? save.error} />
      <Table striped withTableBorder data-testid="inspectors-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>单位工号</Table.Th>
            <Table.Th>姓名</Table.Th>
            <Table.Th>单位/科室</Table.Th>
            <Table.Th>专业资格</Table.Th>
            <Table.Th>执法证</Table.Th>
            <Table.Th>手机号</Table.Th>
            <Table.Th>岗位类别</Table.Th>
            <Table.Th>状态</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(list ?? []).map((i) => (
            <Table.Tr key={i.employeeNo} data-testid="inspector-row">
              <Table.Td>{i.employeeNo}</Table.Td>
              <Table.Td>
                {i.name}
                {i.gender ? `（${i.gender}）` : ''}
                {i.expert ? (
                  <Badge ml={6} size="xs" variant="light" color="grape">
                    专家
                  </Badge>
                ) : null}
              </Table.Td>
              <Table.Td>{i.unit ?? '—'}</Table.Td>
              <Table.Td>{i.qualifications.join('、') || '—'}</Table.Td>
              <Table.Td>
                <CertCell i={i} />
              </Table.Td>
              <Table.Td>{i.phone ?? '—'}</Table.Td>
              <Table.Td>{i.postCategory ?? '—'}</Table.Td>
              <Table.Td>
                <Badge size="sm" variant="light" color={i.status === 'active' ? 'teal' : 'gray'}>
                  {INSPECTOR_STATUS_LABELS[i.status]}
                </Badge>
              </Table.Td>
              <Table.Td>
                {canManage ? (
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    onClick={() => setEditing({ input: i, isNew: false, version: i.version })}
                  >
                    编辑
                  </Button>
                ) : null}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {editing ? (
        <InspectorForm
          initial={editing.input}
          isNew={editing.isNew}
          version={editing.version}
          onStale={(message) => {
            // Another officer saved this inspector since: close the form, say so, show theirs.
            setEditing(null);
            save.setError(message);
            reload();
          }}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            reload();
          }}
        />
      ) : null}
    </Stack>
  );
}
