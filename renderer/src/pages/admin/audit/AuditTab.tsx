import { Alert, Button, Code, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { AuditVerifyOutput } from '../../../../../shared/api/contracts/audit.ts';
import { api, errorMessage } from '../../../api.ts';
import { AuditHeadCard } from './AuditHeadCard.tsx';
import { useCan } from '../../../security/session-context.ts';
import { AuditEntryList } from './AuditEntryList.tsx';
import { WaitNote } from '../../../components/WaitNote.tsx';

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
      <AuditEntryList />
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
      {busy ? <WaitNote text="正在逐条校验操作记录…" /> : null}
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
