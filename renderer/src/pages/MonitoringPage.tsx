import { ScrollArea, Stack, Tabs, Title } from '@mantine/core';
import { PAGE_TABS, useTab } from '../router.ts';
import { useCan } from '../security/session-context.ts';
import { RulesTab } from './monitoring/RulesTab.tsx';
import { WarningsTab } from './monitoring/WarningsTab.tsx';

/** 监测预警 (issue 13): warnings by rule, level and township, their handling, and the rules' thresholds. */
export function MonitoringPage() {
  const can = useCan();
  const [tab, setTab] = useTab('monitoring', PAGE_TABS.monitoring);
  return (
    <ScrollArea h="100%" offsetScrollbars>
      <Stack gap="md" pb="lg" data-testid="monitoring-page">
        <Title order={3}>监测预警</Title>
        <Tabs value={tab} onChange={setTab} keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="warnings" data-testid="monitoring-tab-warnings">
              预警信息
            </Tabs.Tab>
            <Tabs.Tab value="rules" data-testid="monitoring-tab-rules">
              预警规则
            </Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="warnings" pt="md">
            <WarningsTab />
          </Tabs.Panel>
          <Tabs.Panel value="rules" pt="md">
            <RulesTab canEdit={can('monitoring.rules')} />
          </Tabs.Panel>
        </Tabs>
      </Stack>
    </ScrollArea>
  );
}
