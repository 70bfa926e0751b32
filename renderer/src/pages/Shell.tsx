import { AppShell, Badge, Button, Group, Menu, NavLink, ScrollArea, Stack, Text } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { ROLE_LABELS } from '../../../shared/domain/users.ts';
import type { Session } from '../App.tsx';
import { Brand } from '../components/Brand.tsx';
import { IntegrityIndicator } from '../components/IntegrityIndicator.tsx';
import { WriteWaitIndicator } from '../components/WriteWaitIndicator.tsx';
import { NAV_PAGES, type NavPage, navigate, navPageOf, routeHref, useRoute } from '../router.ts';
import { ConnectionLink } from '../components/ConnectionLink.tsx';
import { AdminPage } from './AdminPage.tsx';
import { AnalysisPage } from './AnalysisPage.tsx';
import { DashboardPage } from './DashboardPage.tsx';
import { EntityDetailPage } from './EntityDetailPage.tsx';
import { type EntityListMemory, EntityListPage, newEntityListMemory } from './EntityListPage.tsx';
import { hasFilter } from './entities/entity-pages.ts';
import { ExchangePage } from './ExchangePage.tsx';
import { GradingPage } from './GradingPage.tsx';
import { MonitoringPage } from './MonitoringPage.tsx';
import { RepairPage } from './RepairPage.tsx';
import { SamplingPage } from './SamplingPage.tsx';

export const NAV_LABELS: Record<NavPage, string> = {
  dashboard: '工作台',
  entities: '市场主体',
  grading: '信用评价',
  inspections: '双随机抽查',
  exchange: '数据交换',
  objections: '异议与修复',
  monitoring: '监测预警',
  reports: '统计报表',
  admin: '系统管理',
};

const HEADER_HEIGHT = 56;
const NAVBAR_WIDTH = 184;

export function Shell({
  session,
  server,
  onLogout,
  onConnection,
}: {
  session: Session;
  /** A bureau server: officers may be signed in on several browsers, and can sign out of all of them. */
  server: boolean;
  onLogout: (everywhere: boolean) => void;
  /** Opens 连接方式 (the desktop app and browser mode); absent in a browser on the bureau server. */
  onConnection?: (() => void) | undefined;
}) {
  const route = useRoute();
  const active = navPageOf(route);
  // The entity list's search, filters, scroll position and loaded pages survive a visit to a credit file.
  const listMemory = useRef<EntityListMemory>(newEntityListMemory());
  const welcome = useRef(session.welcome);

  useEffect(() => {
    if (route.page !== 'entity') document.title = `${NAV_LABELS[active]} - 信用分级分类监管工作台`;
  }, [active, route.page]);

  // A bare `#/entities` (the nav item, 返回列表) shows the list as it was left; the address is
  // rewritten to say so, so that it can be copied or reloaded.
  useEffect(() => {
    const remembered = listMemory.current.filters;
    if (route.page === 'entities' && !route.filters && hasFilter(remembered))
      navigate({ page: 'entities', filters: remembered }, { replace: true });
  }, [route]);

  let page: React.ReactNode;
  switch (route.page) {
    case 'dashboard':
      page = (
        <DashboardPage
          county={session.county}
          server={server}
          welcome={welcome.current}
          onDismissWelcome={() => {
            welcome.current = undefined;
          }}
          onOpenTownship={(township) => {
            listMemory.current = newEntityListMemory({ township });
            navigate({ page: 'entities', filters: listMemory.current.filters });
          }}
        />
      );
      break;
    case 'entities':
      page = (
        <EntityListPage filters={route.filters ?? listMemory.current.filters} memory={listMemory.current} />
      );
      break;
    case 'entity':
      page = <EntityDetailPage key={route.id} id={route.id} />;
      break;
    case 'grading':
      page = <GradingPage />;
      break;
    case 'inspections':
    case 'task':
    case 'task-wizard':
      page = <SamplingPage route={route} />;
      break;
    case 'exchange':
      page = <ExchangePage />;
      break;
    case 'objections':
      page = <RepairPage />;
      break;
    case 'monitoring':
      page = <MonitoringPage />;
      break;
    case 'admin':
      page = <AdminPage />;
      break;
    case 'reports':
      page = <AnalysisPage />;
      break;
  }

  return (
    <AppShell
      header={{ height: HEADER_HEIGHT }}
      navbar={{ width: NAVBAR_WIDTH, breakpoint: 0 }}
      padding="md"
      styles={{ main: { height: '100dvh', display: 'flex', flexDirection: 'column' } }}
    >
      <AppShell.Header px="md" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
        <Group h="100%" justify="space-between" wrap="nowrap">
          <Group gap="lg" wrap="nowrap" style={{ minWidth: 0 }}>
            <Brand />
            <Text
              size="sm"
              c="dimmed"
              truncate
              style={{ borderLeft: '1px solid var(--mantine-color-gray-3)', paddingLeft: 16 }}
              data-testid="header-bureau"
            >
              {session.county.bureau}
            </Text>
            {server && (
              <Badge variant="outline" color="teal" radius="sm" data-testid="header-server">
                单位服务器
              </Badge>
            )}
          </Group>
          <Group gap="sm" wrap="nowrap">
            <WriteWaitIndicator />
            <IntegrityIndicator />
            {onConnection ? <ConnectionLink onOpen={onConnection} /> : null}
            <Text size="sm" fw={500} data-testid="header-user">
              {session.user.displayName}
            </Text>
            <Badge variant="light" radius="sm" data-testid="header-role">
              {ROLE_LABELS[session.user.role]}
            </Badge>
            {server ? (
              <Menu position="bottom-end" withinPortal>
                <Menu.Target>
                  <Button variant="default" size="xs" data-testid="logout-menu">
                    退出登录
                  </Button>
                </Menu.Target>
                <Menu.Dropdown>
                  <Menu.Item onClick={() => onLogout(false)} data-testid="logout">
                    退出本浏览器的登录
                  </Menu.Item>
                  <Menu.Item onClick={() => onLogout(true)} data-testid="logout-everywhere">
                    在所有设备上退出登录
                  </Menu.Item>
                </Menu.Dropdown>
              </Menu>
            ) : (
              <Button variant="default" size="xs" onClick={() => onLogout(false)} data-testid="logout">
                退出登录
              </Button>
            )}
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="xs" aria-label="主导航">
        <AppShell.Section grow component={ScrollArea}>
          <Stack gap={2} data-testid="nav">
            {NAV_PAGES.map((p) => (
              <NavLink
                key={p}
                href={routeHref({ page: p })}
                label={NAV_LABELS[p]}
                active={active === p}
                variant="filled"
                className="cd-nav-link"
                aria-current={active === p ? 'page' : undefined}
                data-testid={`nav-${p}`}
              />
            ))}
          </Stack>
        </AppShell.Section>
        <AppShell.Section>
          <Text size="xs" c="dimmed" px="xs" py={6} lh={1.5}>
            {session.county.name}
            <br />
            行政区划代码 {session.county.regionCode}
          </Text>
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main>{page}</AppShell.Main>
    </AppShell>
  );
}
