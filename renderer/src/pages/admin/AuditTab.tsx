import { Alert, Badge, Button, Code, Group, Pagination, Stack, Table, Text, TextInput } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import type { AuditEntryRow, AuditVerifyOutput } from '../../../../shared/api/contracts/admin.ts';
import { api, errorMessage } from '../../api.ts';
import { AuditHeadCard } from './AuditHeadCard.tsx';
import { useCan } from '../../security/session-context.ts';
import { auditActionIsWarning, auditActionLabel, formatLocalTime } from './security/audit-labels.ts';

const PAGE = 50;

/** 操作日志: verify the hash chain, then browse the entries newest first. 科室负责人 and 管理员. */
export function AuditTab() {
  const can = useCan();
  if (!can('audit.read')) {
    return (
      <Text c="dimmed" data-testid="audit-forbidden">
        只有科室负责人和管理员可以查看操作日志。
      </Text>
    );
  }
  return (
    <Stack gap="lg">
      <AuditHeadCard />
      <VerifyPanel />
      <EntryList />
    </Stack>
  );
}

function VerifyPanel() {
  const [result, setResult] = useState<AuditVerifyOutput | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const verify = async () => {
    setBusy(true);
    setError(null);
    try {
      setResult(await api.call('audit.verify', {}));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Text size="sm" c="dimmed" maw={640}>
          每条操作记录都带有与前一条相连的哈希值。校验会逐条重新计算，找出被修改、删除、插入或调换顺序的记录。
        </Text>
        <Button onClick={() => void verify()} loading={busy} data-testid="audit-verify">
          校验完整性
        </Button>
      </Group>
      {error ? (
        <Alert color="red" variant="light">
          {error}
        </Alert>
      ) : null}
      {result ? (
        result.intact ? (
          <Alert color="green" variant="light" title="完整" data-testid="audit-result">
            <Stack gap={4}>
              <Text size="sm">
                共 {result.entries.toLocaleString('zh-CN')} 条记录，哈希链无断点，未发现篡改。
              </Text>
              <Text size="xs" c="dimmed">
                链尾哈希：<Code>{result.headHash}</Code>
                （可抄录在季度报告中，日后核对）
              </Text>
            </Stack>
          </Alert>
        ) : (
          <Alert color="red" variant="light" title="日志已被篡改" data-testid="audit-result">
            <Text size="sm">
              第 {result.firstBroken?.id} 条：{result.firstBroken?.message}
              此前的记录完整。请立即报告单位负责人，并保留数据库文件以备核查。
            </Text>
          </Alert>
        )
      ) : null}
    </Stack>
  );
}

function EntryList() {
  const [actor, setActor] = useState('');
  const [action, setAction] = useState('');
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ total: number; entries: AuditEntryRow[] } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setData(await api.call('audit.list', { offset: (page - 1) * PAGE, limit: PAGE, actor, action }));
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, [page, actor, action]);

  useEffect(() => {
    void load();
  }, [load]);

  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE)) : 1;
  return (
    <Stack gap="sm">
      <Group gap="sm" align="flex-end">
        <TextInput
          label="用户名"
          placeholder="全部"
          value={actor}
          onChange={(e) => {
            setActor(e.currentTarget.value.trim());
            setPage(1);
          }}
          w={160}
          data-testid="audit-filter-actor"
        />
        <TextInput
          label="操作代码（前缀）"
          placeholder="如 user. 或 session.login"
          value={action}
          onChange={(e) => {
            setAction(e.currentTarget.value.trim());
            setPage(1);
          }}
          w={220}
        />
        <Text size="sm" c="dimmed" pb={8}>
          {data ? `共 ${data.total.toLocaleString('zh-CN')} 条` : ''}
        </Text>
      </Group>
      {error ? (
        <Alert color="red" variant="light">
          {error}
        </Alert>
      ) : null}
      <Table striped withTableBorder verticalSpacing={6} data-testid="audit-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={70}>编号</Table.Th>
            <Table.Th w={170}>时间</Table.Th>
            <Table.Th w={120}>用户</Table.Th>
            <Table.Th w={180}>操作</Table.Th>
            <Table.Th w={140}>对象</Table.Th>
            <Table.Th>详情</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(data?.entries ?? []).map((e) => (
            <Table.Tr key={e.id} data-testid="audit-row">
              <Table.Td>{e.id}</Table.Td>
              <Table.Td>{formatLocalTime(e.at)}</Table.Td>
              <Table.Td>{e.actor}</Table.Td>
              <Table.Td>
                {auditActionIsWarning(e.action) ? (
                  <Badge color="red" variant="light" radius="sm">
                    {auditActionLabel(e.action)}
                  </Badge>
                ) : (
                  auditActionLabel(e.action)
                )}
              </Table.Td>
              <Table.Td>{e.target ?? ''}</Table.Td>
              <Table.Td>
                <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
                  {Object.keys(e.detail).length ? JSON.stringify(e.detail) : ''}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {pages > 1 ? <Pagination total={pages} value={page} onChange={setPage} size="sm" /> : null}
    </Stack>
  );
}
