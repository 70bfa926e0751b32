import { Card, Group, Progress, SimpleGrid, Stack, Text, UnstyledButton } from '@mantine/core';
import type { MonitoringOverview } from '../../../../shared/api/contracts/monitoring.ts';
import { formatCount } from '../../format.ts';

type Counts = MonitoringOverview['byRule'];

/** One breakdown (by rule, level, township or status); a row click filters the list to it. */
function CountsCard({
  title,
  rows,
  chosen,
  onChoose,
  testId,
}: {
  title: string;
  rows: Counts;
  chosen: string | null;
  onChoose: (key: string | null) => void;
  testId: string;
}) {
  const max = Math.max(1, ...rows.map((r) => r.count));
  return (
    <Card withBorder padding="sm" data-testid={testId}>
      <Text fw={600} size="sm" mb={6}>
        {title}
      </Text>
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          暂无
        </Text>
      ) : (
        <Stack gap={4} mah={188} style={{ overflowY: 'auto' }}>
          {rows.map((r) => (
            <UnstyledButton
              key={r.key}
              onClick={() => onChoose(chosen === r.key ? null : r.key)}
              data-testid={`${testId}-row`}
              data-key={r.key}
              aria-pressed={chosen === r.key}
              style={{
                borderRadius: 4,
                padding: '2px 6px',
                background: chosen === r.key ? 'var(--mantine-color-blue-0)' : undefined,
              }}
            >
              <Group justify="space-between" wrap="nowrap" gap="xs">
                <Text size="sm" truncate>
                  {r.label}
                </Text>
                <Text size="sm" className="cd-num" data-testid={`${testId}-count`}>
                  {formatCount(r.count)}
                </Text>
              </Group>
              <Progress value={(r.count / max) * 100} size={3} mt={2} />
            </UnstyledButton>
          ))}
        </Stack>
      )}
    </Card>
  );
}

export interface OverviewChoice {
  rule: string | null;
  level: string | null;
  township: string | null;
  status: string | null;
}

/** Open warnings counted by rule, level, township and status. */
export function OverviewCards({
  overview,
  chosen,
  onChoose,
}: {
  overview: MonitoringOverview;
  chosen: OverviewChoice;
  onChoose: (patch: Partial<OverviewChoice>) => void;
}) {
  return (
    <SimpleGrid cols={{ base: 2, lg: 4 }} spacing="sm" data-testid="monitoring-overview">
      <CountsCard
        title="按预警规则"
        rows={overview.byRule}
        chosen={chosen.rule}
        onChoose={(rule) => onChoose({ rule })}
        testId="overview-rule"
      />
      <CountsCard
        title="按预警等级"
        rows={overview.byLevel}
        chosen={chosen.level}
        onChoose={(level) => onChoose({ level })}
        testId="overview-level"
      />
      <CountsCard
        title="按乡镇（街道）"
        rows={overview.byTownship}
        chosen={chosen.township}
        onChoose={(township) => onChoose({ township })}
        testId="overview-township"
      />
      <CountsCard
        title="按办理状态"
        rows={overview.byStatus}
        chosen={chosen.status}
        onChoose={(status) => onChoose({ status })}
        testId="overview-status"
      />
    </SimpleGrid>
  );
}
