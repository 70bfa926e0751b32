import { Alert, Badge, Button, Group, Kbd, Modal, Paper, Stack, Table, Text } from '@mantine/core';
import { type KeyboardEvent, memo, useCallback, useEffect, useRef, useState } from 'react';
import type { PlanEntry } from '../../../../shared/api/contracts/sampling.ts';
import { countRows } from '../../../../shared/inspection-results/keyboard-entry.ts';
import { RESULT_CODES } from '../../../../shared/inspection-results/index.ts';
import { DateField } from '../../components/DateField.tsx';
import { ResultRow } from './ResultRow.tsx';
import { localToday } from './shared.tsx';
import { useResultsEntry } from './useResultsEntry.ts';

/**
 * Results entry made for the keyboard (SPEC §6.6): ↑/↓ move between entities, the keys shown in the
 * legend toggle result codes (multi-select), Enter saves the row and moves to the next one without a
 * result. Keys typed while earlier rows are still saving are applied in order; each row shows whether
 * it is saved. “其余全部未发现问题” fills the untouched rows after a confirmation; Ctrl+Z or the
 * button undoes the last entry. The date stays as last typed.
 */
export function ResultsEntry({
  taskId,
  entries,
  editable,
  startDate,
  endDate,
  onSaved,
}: {
  taskId: number;
  entries: PlanEntry[];
  editable: boolean;
  startDate: string;
  endDate: string;
  onSaved: () => void;
}) {
  const [date, setDate] = useState(() => {
    const today = localToday();
    return today < startDate ? startDate : today > endDate ? endDate : today;
  });
  const entry = useResultsEntry({ taskId, entries, date, onSaved });
  const [confirmIds, setConfirmIds] = useState<number[] | null>(null);
  const tableRef = useRef<HTMLDivElement>(null);
  const rowEls = useRef<(HTMLTableRowElement | null)[]>([]);
  const { state, rows } = entry;
  const counts = countRows(state, rows);

  useEffect(() => {
    rowEls.current[state.cursor]?.scrollIntoView({ block: 'nearest' });
  }, [state.cursor]);

  const { setCursor } = entry;
  const onSelect = useCallback(
    (i: number) => {
      setCursor(i);
      tableRef.current?.focus();
    },
    [setCursor],
  );
  const rowRef = useCallback((i: number, el: HTMLTableRowElement | null) => {
    rowEls.current[i] = el;
  }, []);

  function onKeyDown(ev: KeyboardEvent<HTMLDivElement>) {
    if (!editable || ev.altKey || ev.metaKey) return;
    if (ev.ctrlKey) {
      if (ev.key.toLowerCase() === 'z') {
        entry.undo();
        ev.preventDefault();
      }
      return;
    }
    if (entry.onKey(ev.key)) ev.preventDefault();
  }

  function confirmFill() {
    if (confirmIds) entry.fillRemaining(confirmIds);
    setConfirmIds(null);
    tableRef.current?.focus();
  }

  return (
    <Stack gap="sm">
      {editable ? (
        <Paper withBorder p="sm" data-testid="results-legend">
          <Group gap="lg" align="flex-end" wrap="wrap">
            <DateField label="检查日期" value={date} onChange={setDate} w={170} data-testid="results-date" />
            <Text size="sm" c="dimmed" style={{ flex: 1 }}>
              点击下表后用键盘录入：<Kbd>↑</Kbd> <Kbd>↓</Kbd> 选择主体，按键切换结果（可多选），
              <Kbd>Enter</Kbd> 保存并跳到下一户，<Kbd>Backspace</Kbd> 清除，<Kbd>Ctrl</Kbd>+<Kbd>Z</Kbd>{' '}
              撤销上一条。连续输入不会丢失，各行显示是否已保存。
            </Text>
          </Group>
          <KeyLegend />
        </Paper>
      ) : null}
      {/* Stays in view while the table scrolls: the counts show what is saved, whatever row is typed. */}
      {editable || entry.message ? (
        <Paper
          withBorder
          p="xs"
          style={{ position: 'sticky', top: 0, zIndex: 3 }}
          data-testid="results-toolbar"
        >
          <Stack gap={6}>
            {editable ? (
              <Group gap="sm" wrap="wrap">
                <Button
                  size="xs"
                  variant="light"
                  onClick={() => setConfirmIds(entry.untouched().map((r) => r.entityId))}
                  disabled={counts.remaining === 0}
                  data-testid="results-fill-rest"
                >
                  其余全部未发现问题
                </Button>
                <Button
                  size="xs"
                  variant="default"
                  onClick={() => {
                    entry.undo();
                    tableRef.current?.focus();
                  }}
                  disabled={entry.undoLabel === null}
                  data-testid="results-undo"
                >
                  {entry.undoLabel === null ? '撤销上一条' : `撤销上一条（${entry.undoLabel}）`}
                </Button>
                <Text size="sm" data-testid="results-counts">
                  已保存 {counts.saved} 户{counts.pending > 0 ? ` · 正在保存 ${counts.pending} 户` : ''}
                  {counts.failed > 0 ? ` · 保存失败 ${counts.failed} 户` : ''} · 未录入 {counts.remaining} 户
                </Text>
              </Group>
            ) : null}
            {entry.message ? (
              <Alert color={entry.message.color} variant="light" p="xs" data-testid="results-message">
                {entry.message.text}
              </Alert>
            ) : null}
          </Stack>
        </Paper>
      ) : null}
      {/* biome-ignore lint/a11y/useSemanticElements: a wrapper around Mantine's table is the keyboard entry surface */}
      <div
        ref={tableRef}
        role="grid"
        tabIndex={0}
        onKeyDown={onKeyDown}
        style={{ outline: 'none' }}
        data-testid="results-table"
        aria-label="检查结果录入"
      >
        {/* Fixed column widths: a result typed into one row does not make the browser re-measure
            every row of the table (with hundreds of rows that cost ~100 ms a key). No hover highlight:
            scrolling to the next row would re-test and restyle the row under the mouse on every key. */}
        <Table withTableBorder layout="fixed">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={56}>序号</Table.Th>
              <Table.Th w={190}>统一社会信用代码/注册号</Table.Th>
              <Table.Th>市场主体名称</Table.Th>
              <Table.Th w={150}>类型 / 等级</Table.Th>
              <Table.Th w={170}>检查人员（首位为主检）</Table.Th>
              <Table.Th w="30%">检查结果</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {entries.map((e, i) => (
              <ResultRow
                key={e.entityId}
                entry={e}
                index={i}
                overlay={state.overlay.get(e.entityId)}
                isCursor={i === state.cursor}
                editable={editable}
                onSelect={onSelect}
                rowRef={rowRef}
              />
            ))}
          </Table.Tbody>
        </Table>
      </div>
      <Modal
        opened={confirmIds !== null}
        onClose={() => setConfirmIds(null)}
        title="其余全部未发现问题"
        centered
      >
        <Stack>
          <Text size="sm" data-testid="fill-rest-text">
            将尚未录入结果的其余 {confirmIds?.length ?? 0} 户全部录入为“未发现问题”，检查日期 {date}。
            已选择但未保存的行不受影响。录入后可用“撤销上一条”整批撤销。
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmIds(null)} data-testid="fill-rest-cancel">
              取消
            </Button>
            <Button onClick={confirmFill} disabled={!confirmIds?.length} data-testid="fill-rest-confirm">
              确定录入 {confirmIds?.length ?? 0} 户
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

/** The result keys (static: drawn once, not on every key typed). */
const KeyLegend = memo(function KeyLegend() {
  return (
    <Group gap={6} mt="xs" wrap="wrap">
      {RESULT_CODES.map((c) => (
        <Badge key={c.code} variant="outline" color={c.parent ? 'gray' : 'blue'} radius="sm" tt="none">
          <Kbd size="xs">{c.key.toUpperCase()}</Kbd> {c.label}
        </Badge>
      ))}
    </Group>
  );
});
