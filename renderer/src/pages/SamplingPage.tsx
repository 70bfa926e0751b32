import { Stack, Tabs, Text, Title } from '@mantine/core';
import { errorMessage } from '../api.ts';
import { useApiQuery, useInvalidateApi } from '../data/api-query.ts';
import { navigate, PAGE_TABS, type Route, useTab } from '../router.ts';
import { useCan } from '../security/session-context.ts';
import { PlanView } from './sampling/PlanView.tsx';
import { CalendarTab } from './sampling/reference/CalendarTab.tsx';
import { ConflictsTab } from './sampling/reference/ConflictsTab.tsx';
import { InspectorsTab } from './sampling/reference/InspectorsTab.tsx';
import { ItemsTab } from './sampling/reference/ItemsTab.tsx';
import { ProfilesTab } from './sampling/reference/ProfilesTab.tsx';
import { ErrorNote, TASK_CHANGED } from './sampling/shared.tsx';
import { TaskList } from './sampling/TaskList.tsx';
import { TaskWizard } from './sampling/TaskWizard.tsx';

const toList = () => navigate({ page: 'inspections', tab: 'tasks' });

/** Leaving the wizard: a draft it saved is new to the task list. */
function useLeaveWizard(): () => void {
  const invalidate = useInvalidateApi();
  return () => void invalidate(...TASK_CHANGED).then(toList);
}

/** The wizard saved or drew a task: what the task list and the deadlines knew is stale. */
function useOpenChangedTask(): (taskId: number) => void {
  const invalidate = useInvalidateApi();
  return (id) => void invalidate(...TASK_CHANGED).then(() => navigate({ page: 'task', id }));
}

/** A saved draft carried on in the wizard: the wizard starts once the draft has been read. */
function DraftWizard({ taskId }: { taskId: number }) {
  const draft = useApiQuery('sampling.tasks.get', { taskId });
  const openTask = useOpenChangedTask();
  const leave = useLeaveWizard();
  if (draft.error) return <ErrorNote error={errorMessage(draft.error)} />;
  if (!draft.data) return <Text c="dimmed">正在加载…</Text>;
  return <TaskWizard existing={draft.data} onDone={openTask} onCancel={leave} />;
}

/** The 抽查任务 tab: the list, one task, or the wizard, as the address says. */
function TasksPanel({ route, bureau }: { route: Route; bureau: string }) {
  const canManage = useCan()('sampling.manage');
  const openTask = useOpenChangedTask();
  const leave = useLeaveWizard();
  if (route.page === 'task-wizard') {
    return route.id === undefined ? (
      <TaskWizard onDone={openTask} onCancel={leave} />
    ) : (
      <DraftWizard key={route.id} taskId={route.id} />
    );
  }
  if (route.page === 'task')
    return (
      <PlanView
        key={route.id}
        taskId={route.id}
        bureau={bureau}
        onBack={toList}
        onContinue={(draft) => navigate({ page: 'task-wizard', id: draft.summary.id })}
      />
    );
  return (
    <TaskList
      canManage={canManage}
      onCreate={() => navigate({ page: 'task-wizard' })}
      onOpen={(id) => navigate({ page: 'task', id })}
    />
  );
}

/** 双随机抽查: tasks (wizard, plan, results, deadlines) and the reference data behind the draw. */
export function SamplingPage({ route }: { route: Route }) {
  const status = useApiQuery('app.status', {});
  const county = status.data?.county;
  const [tab, setTab] = useTab('inspections', PAGE_TABS.inspections);
  const canManage = useCan()('sampling.manage');

  return (
    <Stack gap="md" style={{ overflow: 'auto', flex: 1 }} data-testid="inspections-page">
      <Title order={3} className="cd-no-print">
        双随机抽查
      </Title>
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List className="cd-no-print">
          <Tabs.Tab value="tasks" data-testid="insp-tab-tasks">
            抽查任务
          </Tabs.Tab>
          <Tabs.Tab value="items" data-testid="insp-tab-items">
            抽查事项
          </Tabs.Tab>
          <Tabs.Tab value="inspectors" data-testid="insp-tab-inspectors">
            检查人员
          </Tabs.Tab>
          <Tabs.Tab value="conflicts" data-testid="insp-tab-conflicts">
            回避关系
          </Tabs.Tab>
          <Tabs.Tab value="profiles" data-testid="insp-tab-profiles">
            抽查比例
          </Tabs.Tab>
          <Tabs.Tab value="calendar" data-testid="insp-tab-calendar">
            工作日历
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="tasks" pt="md">
          <TasksPanel route={route} bureau={county?.bureau ?? ''} />
        </Tabs.Panel>
        <Tabs.Panel value="items" pt="md">
          <ItemsTab canManage={canManage} />
        </Tabs.Panel>
        <Tabs.Panel value="inspectors" pt="md">
          <InspectorsTab canManage={canManage} />
        </Tabs.Panel>
        <Tabs.Panel value="conflicts" pt="md">
          <ConflictsTab canManage={canManage} />
        </Tabs.Panel>
        <Tabs.Panel value="profiles" pt="md">
          <ProfilesTab canManage={canManage} />
        </Tabs.Panel>
        <Tabs.Panel value="calendar" pt="md">
          <CalendarTab canManage={canManage} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
