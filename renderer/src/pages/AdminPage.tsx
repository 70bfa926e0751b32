import { Stack, Tabs, Title } from '@mantine/core';
import { PAGE_TABS, useTab } from '../router.ts';
import { useCan } from '../security/session-context.ts';
import { AuditTab } from './admin/audit/AuditTab.tsx';
import { BackupTab } from './admin/backup/BackupTab.tsx';
import { UsersTab } from './admin/users/UsersTab.tsx';

/** 系统管理: one tab per concern, each its own module. */
export function AdminPage() {
  // Backups are the administrator's: other roles do not see the tab (the backend refuses them too).
  const canBackup = useCan()('backup.manage');
  const [tab, setTab] = useTab(
    'admin',
    PAGE_TABS.admin.filter((t) => t !== 'backup' || canBackup),
  );
  return (
    <Stack gap="md">
      <Title order={3}>系统管理</Title>
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="users" data-testid="admin-tab-users">
            用户与角色
          </Tabs.Tab>
          <Tabs.Tab value="audit" data-testid="admin-tab-audit">
            操作日志
          </Tabs.Tab>
          {canBackup && (
            <Tabs.Tab value="backup" data-testid="admin-tab-backup">
              备份与恢复
            </Tabs.Tab>
          )}
        </Tabs.List>
        <Tabs.Panel value="users" pt="md">
          <UsersTab />
        </Tabs.Panel>
        <Tabs.Panel value="audit" pt="md">
          <AuditTab />
        </Tabs.Panel>
        {canBackup && (
          <Tabs.Panel value="backup" pt="md">
            <BackupTab />
          </Tabs.Panel>
        )}
      </Tabs>
    </Stack>
  );
}
