/** Import history: every batch with its counts; a batch can be undone (restores the previous state exactly). */
import { Alert, Badge, Button, Group, Modal, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import type { BatchInfo } from '../../../../shared/api/contracts/exchange.ts';
import { IMPORT_KIND_LABELS, type ImportKind } from '../../../../shared/exchange/types.ts';
import { errorMessage } from '../../api.ts';
import { useApiMutation, useApiQuery } from '../../data/api-query.ts';
import { EVERY_AREA } from '../../data/query-keys.ts';
import { formatCount } from '../../format.ts';
import { useCan } from '../../security/session-context.ts';

function kindLabel(kind: string): string {
  if (kind === 'demo') return '演示数据';
  return IMPORT_KIND_LABELS[kind as ImportKind] ?? kind;
}

const when = (iso: string) => iso.slice(0, 16).replace('T', ' ');

/** The batches are re-read whenever anything is imported (the import invalidates every area). */
export function HistoryTab() {
  const list = useApiQuery('exchange.batches', { offset: 0, limit: 100 });
  const batches: BatchInfo[] = list.data?.batches ?? [];
  const [failure, setFailure] = useState<string | null>(null);
  const error = failure ?? (list.error ? errorMessage(list.error) : null);
  const [message, setMessage] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<BatchInfo | null>(null);
  const canUndo = useCan()('exchange.undo');
  // An undo restores rows of any area (entities, records, reference data).
  const undoBatch = useApiMutation('exchange.undo', { invalidates: [EVERY_AREA] });
  const busy = undoBatch.isPending;

  async function undo(b: BatchInfo) {
    setFailure(null);
    try {
      const r = await undoBatch.mutateAsync({ batchId: b.id });
      setMessage(
        `已撤销批次 ${r.batchId}：删除 ${formatCount(r.deleted)} 行新增数据，恢复 ${formatCount(r.restored)} 行原有数据。`,
      );
    } catch (e) {
      setFailure(errorMessage(e));
    } finally {
      setConfirm(null);
    }
  }

  return (
    <Stack gap="sm" data-testid="import-history">
      {error && <Alert color="red">{error}</Alert>}
      {message && (
        <Alert color="green" data-testid="undo-message">
          {message}
        </Alert>
      )}
      <Table striped withTableBorder>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>批次</Table.Th>
            <Table.Th>类别</Table.Th>
            <Table.Th>文件</Table.Th>
            <Table.Th>导入时间</Table.Th>
            <Table.Th>操作人</Table.Th>
            <Table.Th>结果</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {batches.map((b) => (
            <Table.Tr key={b.id} data-testid={`batch-${b.id}`}>
              <Table.Td>{b.id}</Table.Td>
              <Table.Td>{kindLabel(b.kind)}</Table.Td>
              <Table.Td>
                <Text size="sm" truncate maw={220}>
                  {b.fileName ?? '—'}
                </Text>
              </Table.Td>
              <Table.Td>{when(b.createdAt)}</Table.Td>
              <Table.Td>{b.createdBy}</Table.Td>
              <Table.Td>
                <Text size="xs">
                  {'rows' in b.counts
                    ? `${formatCount(b.counts.rows ?? 0)} 行：新增 ${formatCount(b.counts.inserted ?? 0)}，更新 ${formatCount(b.counts.updated ?? 0)}，未变 ${formatCount(b.counts.unchanged ?? 0)}，错误 ${formatCount(b.counts.errors ?? 0)}`
                    : `新增 ${formatCount(b.counts.inserted ?? 0)}`}
                </Text>
              </Table.Td>
              <Table.Td>
                {b.undoneAt ? (
                  <Badge color="gray" variant="light">
                    已撤销 {when(b.undoneAt)}
                  </Badge>
                ) : b.undoable && canUndo ? (
                  <Button
                    size="xs"
                    variant="default"
                    color="red"
                    onClick={() => setConfirm(b)}
                    data-testid={`undo-${b.id}`}
                  >
                    撤销
                  </Button>
                ) : null}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {batches.length === 0 && <Text c="dimmed">还没有导入记录。</Text>}
      <Modal opened={confirm !== null} onClose={() => setConfirm(null)} title="撤销导入批次" centered>
        {confirm && (
          <Stack>
            <Text size="sm">
              撤销批次 {confirm.id}（{kindLabel(confirm.kind)}，{confirm.fileName}
              ）将删除该批次新增的数据，并把被更新的数据恢复为导入前的样子。确定撤销吗？
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setConfirm(null)}>
                不撤销
              </Button>
              <Button
                color="red"
                loading={busy}
                onClick={() => void undo(confirm)}
                data-testid="undo-confirm"
              >
                确定撤销
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}
