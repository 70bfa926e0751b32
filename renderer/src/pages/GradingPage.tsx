import { ScrollArea, Stack, Tabs, Title } from '@mantine/core';
import { PAGE_TABS, useTab } from '../router.ts';
import { useCan } from '../security/session-context.ts';
import { CompareTab } from './grading/CompareTab.tsx';
import { ModelsTab } from './grading/ModelsTab.tsx';
import { RunsTab } from './grading/RunsTab.tsx';

/** 信用评价: grading runs and their class distributions, two runs compared, and the models. */
export function GradingPage() {
  const can = useCan();
  const [tab, setTab] = useTab('grading', PAGE_TABS.grading);
  return (
    <ScrollArea h="100%" offsetScrollbars>
      <Stack gap="md" pb="lg" data-testid="grading-page">
        <Title order={3}>信用评价</Title>
        <Tabs value={tab} onChange={setTab} keepMounted={false}>
          <Tabs.List mb="md">
            <Tabs.Tab value="runs" data-testid="grading-tab-runs">
              评价结果
            </Tabs.Tab>
            <Tabs.Tab value="compare" data-testid="grading-tab-compare">
              两次比较
            </Tabs.Tab>
            <Tabs.Tab value="models" data-testid="grading-tab-models">
              评价模型
            </Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="runs">
            <RunsTab canRun={can('grading.run')} />
          </Tabs.Panel>
          <Tabs.Panel value="compare">
            <CompareTab />
          </Tabs.Panel>
          <Tabs.Panel value="models">
            <ModelsTab canManage={can('models.manage')} canEdit={can('models.edit')} />
          </Tabs.Panel>
        </Tabs>
      </Stack>
    </ScrollArea>
  );
}
