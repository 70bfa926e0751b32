import { Anchor, Badge, Group, Table, Text } from '@mantine/core';
import type { MonitoredEntityRow } from '../../../../shared/api/contracts/monitoring.ts';
import { ENTITY_KIND_LABELS } from '../../../../shared/domain/entity.ts';
import { routeHref } from '../../router.ts';

/** The entities of a warning or a cluster: who they are, their grades and whether they are listed. */
export function EntityRows({ entities, testId }: { entities: MonitoredEntityRow[]; testId: string }) {
  if (entities.length === 0)
    return (
      <Text size="sm" c="dimmed">
        没有涉及的市场主体。
      </Text>
    );
  return (
    <Table withTableBorder fz="sm" data-testid={testId}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>市场主体</Table.Th>
          <Table.Th style={{ whiteSpace: 'nowrap' }}>乡镇（街道）</Table.Th>
          <Table.Th style={{ whiteSpace: 'nowrap' }}>信用等级</Table.Th>
          <Table.Th style={{ whiteSpace: 'nowrap' }}>名录状态</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {entities.map((e) => (
          <Table.Tr key={e.entityId} data-testid={`${testId}-row`} data-code={e.code}>
            <Table.Td style={{ overflowWrap: 'anywhere' }}>
              <Anchor href={routeHref({ page: 'entity', id: e.entityId })} size="sm">
                {e.name}
              </Anchor>
              <Text size="xs" c="dimmed">
                {e.code} · {ENTITY_KIND_LABELS[e.kind]}
                {e.legalRepresentative ? ` · ${e.legalRepresentative}` : ''}
                {e.active ? '' : ' · 已不在营业'}
              </Text>
            </Table.Td>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>{e.township ?? '—'}</Table.Td>
            <Table.Td>
              {e.grades.length === 0 ? (
                <Text size="xs" c="dimmed">
                  未评价
                </Text>
              ) : (
                e.grades.map((g) => (
                  <Text size="xs" key={g.modelName} style={{ whiteSpace: 'nowrap' }}>
                    {g.label}
                  </Text>
                ))
              )}
            </Table.Td>
            <Table.Td>
              {e.lists.length === 0 ? (
                <Text size="xs" c="dimmed">
                  未列入
                </Text>
              ) : (
                <Group gap={4}>
                  {e.lists.map((l) => (
                    <Badge key={l} color="red" variant="light" radius="sm" size="sm">
                      {l}
                    </Badge>
                  ))}
                </Group>
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
