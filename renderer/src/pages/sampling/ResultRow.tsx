import { Badge, Group, Table, Text } from '@mantine/core';
import { memo } from 'react';
import type { PlanEntry } from '../../../../shared/api/contracts/sampling.ts';
import { ENTITY_KIND_LABELS } from '../../../../shared/domain/entity.ts';
import type { RowOverlay } from '../../../../shared/inspection-results/keyboard-entry.ts';
import { resultLabel } from '../../../../shared/inspection-results/index.ts';
import { classText } from './shared.tsx';

const STATUS_NOTES = {
  editing: { text: '未保存', color: 'orange' },
  queued: { text: '保存中…', color: 'gray' },
  saved: { text: '✓ 已保存', color: 'teal' },
  failed: { text: '保存失败', color: 'red' },
} as const;

type RowProps = {
  entry: PlanEntry;
  index: number;
  overlay: RowOverlay | undefined;
  isCursor: boolean;
  editable: boolean;
  onSelect: (index: number) => void;
  rowRef: (index: number, el: HTMLTableRowElement | null) => void;
};

/**
 * A re-read plan brings new entry objects: a row redraws only if its stored result changed (the rest
 * of an entry is fixed once the plan is drawn).
 */
function sameRow(a: RowProps, b: RowProps): boolean {
  const ra = a.entry.result;
  const rb = b.entry.result;
  return (
    a.entry.entityId === b.entry.entityId &&
    (ra === rb ||
      (ra !== null &&
        rb !== null &&
        ra.checkedOn === rb.checkedOn &&
        ra.results.join() === rb.results.join())) &&
    a.index === b.index &&
    a.overlay === b.overlay &&
    a.isCursor === b.isCursor &&
    a.editable === b.editable &&
    a.onSelect === b.onSelect &&
    a.rowRef === b.rowRef
  );
}

/**
 * One row of the results table. Memoised: a key re-renders only the rows whose cursor or overlay
 * changed, so typing stays immediate in a plan of hundreds of entities.
 */
export const ResultRow = memo(function ResultRow({
  entry,
  index,
  overlay,
  isCursor,
  editable,
  onSelect,
  rowRef,
}: RowProps) {
  const codes = overlay?.codes ?? entry.result?.results ?? [];
  const note = !overlay
    ? null
    : overlay.status === 'saved' && codes.length === 0
      ? { text: '已撤销', color: 'dimmed' }
      : STATUS_NOTES[overlay.status];
  return (
    <Table.Tr
      ref={(el) => rowRef(index, el)}
      onClick={() => onSelect(index)}
      // Scrolled to with the cursor: clear of the sticky toolbar above the table.
      style={{ scrollMarginTop: 170, scrollMarginBottom: 16, cursor: editable ? 'pointer' : undefined }}
      bg={
        overlay?.status === 'failed'
          ? 'var(--mantine-color-red-0)'
          : isCursor && editable
            ? 'var(--mantine-color-blue-0)'
            : undefined
      }
      data-testid="plan-entry"
      data-cursor={isCursor ? 'true' : undefined}
      data-status={overlay?.status ?? (entry.result ? 'stored' : 'empty')}
    >
      <Table.Td>{entry.position}</Table.Td>
      <Table.Td style={{ fontFamily: 'monospace' }}>{entry.code}</Table.Td>
      <Table.Td>{entry.name}</Table.Td>
      <Table.Td>
        {ENTITY_KIND_LABELS[entry.kind]} · {classText(entry.class)}
      </Table.Td>
      <Table.Td>
        {entry.team.length === 0 ? (
          <Badge color="red" variant="light">
            未配齐
          </Badge>
        ) : (
          entry.team.map((m, j) => (
            <Text key={m.employeeNo} span size="sm" fw={j === 0 ? 600 : 400} mr={6}>
              {m.name}
            </Text>
          ))
        )}
      </Table.Td>
      <Table.Td data-testid="entry-result">
        <Group gap={4}>
          {codes.length === 0 ? (
            <Text size="sm" c="dimmed">
              未录入
            </Text>
          ) : (
            codes.map((c) => (
              <Badge
                key={c}
                size="sm"
                radius="sm"
                variant={overlay?.status === 'editing' ? 'outline' : 'light'}
                tt="none"
              >
                {resultLabel(c)}
              </Badge>
            ))
          )}
          {note ? (
            <Text size="xs" c={note.color} data-testid="entry-status" title={overlay?.error ?? undefined}>
              {note.text}
            </Text>
          ) : codes.length > 0 ? (
            <Text size="xs" c="dimmed">
              {entry.result?.checkedOn}
            </Text>
          ) : null}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}, sameRow);
