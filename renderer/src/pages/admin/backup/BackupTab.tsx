import {
  Alert,
  Badge,
  Button,
  Code,
  Group,
  NumberInput,
  Paper,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import type { Output } from '../../../../../shared/api/contract.ts';
import type { BackupInfo } from '../../../../../shared/api/contracts/backup.ts';
import { errorMessage } from '../../../api.ts';
import { useApiMutation, useInvalidateApi, useApiQuery } from '../../../data/api-query.ts';
import { formatCount } from '../../../format.ts';
import { formatBackupTime, formatBytes, kindLabel } from './format.ts';
import { RestoreDialog } from './RestoreDialog.tsx';
import { WaitNote } from '../../../components/WaitNote.tsx';

type Message = { ok: boolean; text: string };

/** 备份与恢复 (管理员): backups now and daily, how many are kept, restore. */
export function BackupTab() {
  const list = useApiQuery('backup.list', {});
  const invalidate = useInvalidateApi();
  const [keep, setKeep] = useState<number | string>('');
  const [message, setMessage] = useState<Message | null>(null);
  const [restoring, setRestoring] = useState<BackupInfo | null>(null);

  // The field shows the stored count whenever it changes; in between it holds what the user types.
  const storedKeep = list.data?.keep;
  useEffect(() => {
    if (storedKeep !== undefined) setKeep(storedKeep);
  }, [storedKeep]);

  /** Both actions say how they went in one place and, even when they failed, list what is on disk now. */
  const outcome = <T,>(text: (r: T) => string) => ({
    onMutate: () => setMessage(null),
    onSuccess: (r: T) => setMessage({ ok: true, text: text(r) }),
    onError: (e: unknown) => setMessage({ ok: false, text: errorMessage(e) }),
    onSettled: () => invalidate('backup.list'),
  });
  const creating = useApiMutation(
    'backup.create',
    outcome(
      (b: Output<'backup.create'>) =>
        `已备份（${formatBytes(b.size)}，${formatCount(b.entities ?? 0)} 户市场主体），完整性检查通过。`,
    ),
  );
  const keeping = useApiMutation(
    'backup.setKeep',
    outcome((r: Output<'backup.setKeep'>) =>
      r.removed.length > 0 ? `已保存；删除了 ${r.removed.length} 份较早的备份。` : '已保存。',
    ),
  );
  const create = () => creating.mutate({});
  const saveKeep = () => keeping.mutate({ keep: typeof keep === 'number' ? keep : Number(keep) });

  const listing = list.data ?? null;
  const shown: Message | null =
    message ?? (list.error ? { ok: false, text: errorMessage(list.error) } : null);
  const busy = creating.isPending ? 'create' : keeping.isPending ? 'keep' : null;

  return (
    <Stack gap="lg">
      <Paper withBorder p="md">
        <Stack gap="sm">
          <Group justify="space-between">
            <Title order={5}>备份</Title>
            <Button onClick={create} loading={busy === 'create'} data-testid="backup-create">
              立即备份
            </Button>
          </Group>
          {busy === 'create' ? <WaitNote text="正在备份数据库并校验备份…" /> : null}
          <Text size="xs" c="dimmed">
            每天第一次登录时自动备份一次。备份与数据库一样加密，并附带密钥文件，可复制到 U
            盘保存；在新电脑上用备份当时的管理员密码即可恢复。每份备份写入后都会校验完整性。
          </Text>
          {listing ? (
            <Text size="sm">
              备份位置：<Code data-testid="backup-folder">{listing.folder}</Code>
            </Text>
          ) : null}
          <Group align="flex-end">
            <NumberInput
              label="每类备份保留份数"
              value={keep}
              onChange={setKeep}
              min={1}
              max={90}
              allowDecimal={false}
              w={200}
              data-testid="backup-keep"
            />
            <Button
              variant="default"
              onClick={saveKeep}
              loading={busy === 'keep'}
              data-testid="backup-keep-save"
            >
              保存
            </Button>
          </Group>
          {shown ? (
            <Alert color={shown.ok ? 'green' : 'red'} variant="light" data-testid="backup-message">
              {shown.text}
            </Alert>
          ) : null}
        </Stack>
      </Paper>

      <Stack gap="xs">
        <Title order={5}>已有备份</Title>
        {listing && listing.backups.length === 0 ? (
          <Text c="dimmed" size="sm" data-testid="backup-empty">
            还没有备份。
          </Text>
        ) : null}
        {listing && listing.backups.length > 0 ? (
          <Table striped highlightOnHover data-testid="backup-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>时间</Table.Th>
                <Table.Th>类型</Table.Th>
                <Table.Th>操作人</Table.Th>
                <Table.Th ta="right">大小</Table.Th>
                <Table.Th ta="right">市场主体</Table.Th>
                <Table.Th>校验</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {listing.backups.map((b) => (
                <Table.Tr key={b.id} data-testid="backup-row">
                  <Table.Td>{formatBackupTime(b.createdAt)}</Table.Td>
                  <Table.Td>{kindLabel(b.kind)}</Table.Td>
                  <Table.Td>{b.createdBy}</Table.Td>
                  <Table.Td ta="right">{formatBytes(b.size)}</Table.Td>
                  <Table.Td ta="right">{b.entities === null ? '—' : formatCount(b.entities)}</Table.Td>
                  <Table.Td>
                    {b.quickCheck === 'ok' ? (
                      <Badge color="green" variant="light">
                        完整
                      </Badge>
                    ) : (
                      <Badge color="gray" variant="light">
                        未校验
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="light"
                      color="orange"
                      onClick={() => setRestoring(b)}
                      data-testid="backup-restore"
                    >
                      恢复
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : null}
      </Stack>
      <RestoreDialog backup={restoring} onClose={() => setRestoring(null)} />
    </Stack>
  );
}
