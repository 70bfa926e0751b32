import { Stack, Tabs, Title } from '@mantine/core';
import { useState } from 'react';
import type { TaskDetail } from '../../../shared/api/contracts/sampling.ts';
import { api } from '../api.ts';
import { navigate } from '../router.ts';
import { PlanView } from './inspections/PlanView.tsx';
import {
  CalendarTab,
  ConflictsTab,
  InspectorsTab,
  ItemsTab,
  ProfilesTab,
} from './inspections/ReferenceTabs.tsx';
import { allowed, useLoad, useRole } from './inspections/shared.tsx';
import { TaskList } from './inspections/TaskList.tsx';
import { TaskWizard } from './inspections/TaskWizard.tsx';

type View = { kind: 'list' } | { kind: 'wizard'; existing?: TaskDetail } | { kind: 'task'; id: number };

/** 双随机抽查: tasks (wizard, plan, results, deadlines) and the reference data behind the draw. */
export function InspectionsPage({ openTaskId }: { openTaskId?: number } = {}) {
  const role = useRole();
  const status = useLoad(() => api.call('app.status', {}));
  const county = status.value?.county;
  const [tab, setTab] = useState<string | null>('tasks');
  const [view, setView] = useState<View>(
    openTaskId === undefined ? { kind: 'list' } : { kind: 'task', id: openTaskId },
  );
  const canManage = allowed(role, 'sampling.manage');

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
          {view.kind === 'wizard' ? (
            <TaskWizard
              existing={view.existing}
              onDone={(id) => setView({ kind: 'task', id })}
              onCancel={() => setView({ kind: 'list' })}
            />
          ) : view.kind === 'task' ? (
            <PlanView
              taskId={view.id}
              role={role}
              bureau={county?.bureau ?? ''}
              onBack={() => {
                // Opened from a link: back to the task list's own address, so a reload shows the list.
                if (openTaskId !== undefined) navigate({ page: 'inspections' });
                setView({ kind: 'list' });
              }}
              onContinue={(existing) => setView({ kind: 'wizard', existing })}
            />
          ) : (
            <TaskList
              canManage={canManage}
              onCreate={() => setView({ kind: 'wizard' })}
              onOpen={(id) => setView({ kind: 'task', id })}
            />
          )}
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
