import {
  Alert,
  Anchor,
  Button,
  Card,
  Group,
  Progress,
  ScrollArea,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import type { Dashboard } from '../../../shared/api/contracts/dashboard.ts';
import type { CountyProfile } from '../../../shared/domain/county.ts';
import {
  ENTITY_KIND_LABELS,
  ENTITY_KINDS,
  ENTITY_STATUS_LABELS,
  ENTITY_STATUSES,
} from '../../../shared/domain/entity.ts';
import { failureText, useApiQuery } from '../data/api-query.ts';
import { formatCount } from '../format.ts';
import { navigate } from '../router.ts';
import { TodoCards } from './dashboard/TodoCards.tsx';

type Stats = Dashboard['entities'];

function StatCard({
  label,
  value,
  hint,
  testId,
}: {
  label: string;
  value: number | null;
  hint?: string;
  testId: string;
}) {
  return (
    <Card withBorder padding="md" data-testid={testId}>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      {value === null ? (
        <Skeleton h={30} mt={6} w="60%" />
      ) : (
        <Text fz={26} fw={600} lh={1.4} style={{ fontVariantNumeric: 'tabular-nums' }}>
          {formatCount(value)}
          <Text span size="sm" c="dimmed" fw={400} ml={4}>
            户
          </Text>
        </Text>
      )}
      {hint ? (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      ) : null}
    </Card>
  );
}

const pct = (n: number, of: number) => (of > 0 ? `${((n / of) * 100).toFixed(1)}%` : '—');

export function DashboardPage({
  county,
  server,
  welcome,
  onDismissWelcome,
  onOpenTownship,
}: {
  county: CountyProfile;
  /** A bureau server: its backups are the database's own, not the desk's (no backup card). */
  server: boolean;
  welcome: string | undefined;
  onDismissWelcome: () => void;
  /** Opens the entity list filtered to one township. */
  onOpenTownship: (name: string) => void;
}) {
  // One call for the whole page (to-do lists and counts alike).
  // It sums up every area, so its answer is not kept once the page is left: each visit counts afresh.
  const dashboard = useApiQuery('app.dashboard', {}, { gcTime: 0 });
  const data: Dashboard | null = dashboard.data ?? null;
  const error = failureText(dashboard.error);
  const [showWelcome, setShowWelcome] = useState(Boolean(welcome));
  const stats: Stats | null = data?.entities ?? null;

  const total = stats?.total ?? null;
  const maxTownship = stats?.townships[0]?.count ?? 0;

  return (
    <ScrollArea h="100%" offsetScrollbars>
      <Stack gap="md" pb="md" data-testid="dashboard">
        <Group justify="space-between" align="flex-end">
          <div>
            <Title order={3}>工作台</Title>
            <Text size="sm" c="dimmed">
              {county.bureau} · 行政区划代码 {county.regionCode}
            </Text>
          </div>
          <Button
            variant="light"
            onClick={() => navigate({ page: 'entities' })}
            data-testid="dashboard-open-entities"
          >
            查找市场主体
          </Button>
        </Group>

        {showWelcome && welcome ? (
          <Alert
            color="gov"
            withCloseButton
            closeButtonLabel="关闭提示"
            onClose={() => {
              setShowWelcome(false);
              onDismissWelcome();
            }}
            data-testid="dashboard-welcome"
          >
            {welcome}
          </Alert>
        ) : null}

        {error ? (
          <Alert color="red" title="统计数据加载失败" data-testid="dashboard-error">
            {error}
          </Alert>
        ) : null}

        {data ? <TodoCards data={data} withBackup={!server} /> : null}

        <SimpleGrid cols={{ base: 2, md: 5 }} spacing="md">
          <StatCard label="市场主体总数" value={total} testId="stat-total" hint="含已注销、吊销等" />
          {ENTITY_KINDS.map((k) => (
            <StatCard
              key={k}
              label={ENTITY_KIND_LABELS[k]}
              value={stats ? stats.byKind[k] : null}
              hint={stats && total ? `占 ${pct(stats.byKind[k], total)}` : undefined}
              testId={`stat-kind-${k}`}
            />
          ))}
        </SimpleGrid>

        <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
          <Card withBorder padding="md">
            <Title order={5} mb="sm">
              登记状态
            </Title>
            <Table verticalSpacing={6} data-testid="dashboard-status-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>状态</Table.Th>
                  <Table.Th ta="right">户数</Table.Th>
                  <Table.Th ta="right">占比</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {ENTITY_STATUSES.map((s) => (
                  <Table.Tr key={s}>
                    <Table.Td>{ENTITY_STATUS_LABELS[s]}</Table.Td>
                    <Table.Td ta="right" className="cd-num">
                      {stats ? formatCount(stats.byStatus[s]) : <Skeleton h={14} w={60} ml="auto" />}
                    </Table.Td>
                    <Table.Td ta="right" className="cd-num">
                      {stats && total !== null ? pct(stats.byStatus[s], total) : ''}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Card>

          <Card withBorder padding="md">
            <Group justify="space-between" mb="sm">
              <Title order={5}>各乡镇（街道）主体分布</Title>
              {stats ? (
                <Text size="xs" c="dimmed">
                  共 {stats.townships.length} 个乡镇（街道）
                </Text>
              ) : null}
            </Group>
            {stats && stats.townships.length === 0 ? (
              <Text size="sm" c="dimmed">
                尚无市场主体数据。请在“数据交换”中导入本县市场主体。
              </Text>
            ) : (
              <ScrollArea.Autosize offsetScrollbars>
                <Table verticalSpacing={5} data-testid="dashboard-township-table">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>乡镇（街道）</Table.Th>
                      <Table.Th ta="right" w={90}>
                        户数
                      </Table.Th>
                      <Table.Th w="40%">占比</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {(stats?.townships ?? []).map((t) => (
                      <Table.Tr key={t.name}>
                        <Table.Td>
                          <Anchor
                            size="sm"
                            href="#/entities"
                            title={`查看${t.name}的市场主体`}
                            onClick={(ev) => {
                              ev.preventDefault();
                              onOpenTownship(t.name);
                            }}
                          >
                            {t.name}
                          </Anchor>
                        </Table.Td>
                        <Table.Td ta="right" className="cd-num">
                          {formatCount(t.count)}
                        </Table.Td>
                        <Table.Td>
                          <Group gap={8} wrap="nowrap">
                            <Progress
                              value={maxTownship ? (t.count / maxTownship) * 100 : 0}
                              size="sm"
                              style={{ flex: 1 }}
                              aria-hidden
                            />
                            <Text size="xs" c="dimmed" w={44} ta="right" className="cd-num">
                              {total ? pct(t.count, total) : ''}
                            </Text>
                          </Group>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                    {!stats
                      ? [0, 1, 2, 3, 4].map((i) => (
                          <Table.Tr key={i}>
                            <Table.Td colSpan={3}>
                              <Skeleton h={14} />
                            </Table.Td>
                          </Table.Tr>
                        ))
                      : null}
                  </Table.Tbody>
                </Table>
              </ScrollArea.Autosize>
            )}
          </Card>
        </SimpleGrid>
      </Stack>
    </ScrollArea>
  );
}
