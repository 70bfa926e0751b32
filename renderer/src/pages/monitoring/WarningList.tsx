import { Badge, Checkbox, Group, Pagination, Table, Text, Tooltip } from '@mantine/core';
import { WARNING_STATUS_LABELS, type WarningSummary } from '../../../../shared/api/contracts/monitoring.ts';
import { formatCount } from '../../format.ts';
import { LEVEL_COLORS, STATUS_COLORS, SUBJECT_LABELS, warningNumber } from './labels.ts';

export const PAGE_SIZE = 50;

/** A badge keeps its whole word when the table is narrow (Mantine cuts badge labels by default). */
export const UNCUT = {
  root: { flexShrink: 0, maxWidth: 'none', overflow: 'visible' },
  label: { overflow: 'visible' },
} as const;

/**
 * The filtered warnings, one page at a time. Confirmed warnings can be ticked to go into an inspection
 * task together; the others have nothing to tick (only a confirmed warning is ready for 检查).
 */
export function WarningList({
  items,
  total,
  page,
  onPage,
  selectedId,
  onOpen,
  ticked,
  onTick,
  canTick,
}: {
  items: WarningSummary[];
  total: number;
  page: number;
  onPage: (page: number) => void;
  selectedId: number | null;
  onOpen: (id: number) => void;
  ticked: ReadonlySet<number>;
  onTick: (id: number, on: boolean) => void;
  canTick: boolean;
}) {
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  return (
    <>
      <Table highlightOnHover withTableBorder fz="sm" data-testid="warning-list">
        <Table.Thead>
          <Table.Tr>
            {canTick ? <Table.Th w={36} /> : null}
            <Table.Th style={{ whiteSpace: 'nowrap' }}>预警规则</Table.Th>
            <Table.Th>预警对象</Table.Th>
            <Table.Th style={{ whiteSpace: 'nowrap' }}>涉及主体</Table.Th>
            <Table.Th style={{ whiteSpace: 'nowrap' }}>等级</Table.Th>
            <Table.Th style={{ whiteSpace: 'nowrap' }}>状态</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((w) => (
            <Table.Tr
              key={w.id}
              onClick={() => onOpen(w.id)}
              style={{ cursor: 'pointer' }}
              bg={selectedId === w.id ? 'var(--mantine-color-blue-0)' : undefined}
              data-testid="warning-row"
              data-warning-id={w.id}
              data-rule={w.rule}
            >
              {canTick ? (
                <Table.Td onClick={(e) => e.stopPropagation()}>
                  {w.status === 'confirmed' && w.taskId === null ? (
                    <Checkbox
                      aria-label={`选择${warningNumber(w.id)}`}
                      checked={ticked.has(w.id)}
                      onChange={(e) => onTick(w.id, e.currentTarget.checked)}
                      data-testid="warning-tick"
                    />
                  ) : null}
                </Table.Td>
              ) : null}
              <Table.Td>
                <Text size="sm">{w.ruleName}</Text>
                <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                  {warningNumber(w.id)}
                </Text>
              </Table.Td>
              <Table.Td style={{ overflowWrap: 'anywhere' }}>
                <Text size="sm" lineClamp={2}>
                  {w.subject.display}
                </Text>
                <Text size="xs" c="dimmed">
                  {SUBJECT_LABELS[w.subject.type]}
                  {w.townships.length > 0 ? ` · ${w.townships.join('、')}` : ''}
                </Text>
              </Table.Td>
              <Table.Td className="cd-num" data-testid="warning-entity-count">
                {formatCount(w.entityCount)} 户
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Badge color={LEVEL_COLORS[w.level]} variant="light" radius="sm" styles={UNCUT}>
                  {w.level}
                </Badge>
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Tooltip label={w.taskId !== null ? '已列入抽查任务' : `建议：${w.action}`} withinPortal>
                  <Text
                    size="sm"
                    fw={500}
                    c={`${STATUS_COLORS[w.status]}.7`}
                    style={{ whiteSpace: 'nowrap' }}
                    data-testid="warning-status"
                  >
                    {WARNING_STATUS_LABELS[w.status]}
                  </Text>
                </Tooltip>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {pages > 1 ? (
        <Group justify="center">
          <Pagination total={pages} value={page} onChange={onPage} size="sm" data-testid="warning-pages" />
        </Group>
      ) : null}
    </>
  );
}
