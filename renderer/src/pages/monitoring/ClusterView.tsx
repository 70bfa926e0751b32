import { Alert, Group, Loader, Modal, Stack, Text } from '@mantine/core';
import { failureText, useApiQuery } from '../../data/api-query.ts';
import { formatCount } from '../../format.ts';
import { EntityRows } from './EntityRows.tsx';

export interface ClusterRef {
  type: 'address' | 'person';
  key: string;
}

/** Every entity at one address or under one person, in business or not, with grades and list status. */
export function ClusterView({ cluster, onClose }: { cluster: ClusterRef | null; onClose: () => void }) {
  const q = useApiQuery('monitoring.cluster', cluster ?? { type: 'address', key: '-' }, {
    enabled: cluster !== null,
  });
  const d = q.data;
  const listed = d ? d.entities.filter((e) => e.lists.length > 0).length : 0;
  const active = d ? d.entities.filter((e) => e.active).length : 0;
  return (
    <Modal
      opened={cluster !== null}
      onClose={onClose}
      size="xl"
      title={cluster?.type === 'person' ? '同一人员名下的市场主体' : '同一住所的市场主体'}
      data-testid="cluster-view"
    >
      <Stack gap="sm">
        {q.isLoading ? <Loader size="sm" /> : null}
        {q.error ? <Alert color="red">{failureText(q.error)}</Alert> : null}
        {d ? (
          <>
            <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
              {d.display}
            </Text>
            <Group gap="lg">
              <Text size="sm" data-testid="cluster-count">
                共 {formatCount(d.entities.length)} 户，在营 {formatCount(active)} 户
              </Text>
              <Text size="sm" c={listed > 0 ? 'red' : 'dimmed'}>
                列入经营异常名录或严重违法失信名单 {formatCount(listed)} 户
              </Text>
            </Group>
            <EntityRows entities={d.entities} testId="cluster-entities" />
          </>
        ) : null}
      </Stack>
    </Modal>
  );
}
