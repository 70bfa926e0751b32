import { Stack, Tabs, Text, Title } from '@mantine/core';
import { PAGE_TABS, useTab } from '../router.ts';
import { useCan } from '../security/session-context.ts';
import { ExportTab } from './exchange/ExportTab.tsx';
import { HistoryTab } from './exchange/HistoryTab.tsx';
import { ImportWizard } from './exchange/ImportWizard.tsx';

/** 数据交换: the import wizard, the import history with undo, and exports (SPEC §7). */
export function ExchangePage() {
  // Tabs a role cannot use are not shown (the backend refuses those calls anyway).
  const can = useCan();
  const canImport = can('exchange.import');
  const canExport = can('exchange.export');
  const [tab, setTab] = useTab(
    'exchange',
    PAGE_TABS.exchange.filter((t) => (t !== 'import' || canImport) && (t !== 'export' || canExport)),
  );
  return (
    <Stack gap="md" style={{ minHeight: 0 }}>
      <Title order={3}>数据交换</Title>
      {!canImport && (
        <Text size="sm" c="dimmed" data-testid="exchange-role-note">
          当前角色不能导入数据（由科室负责人或管理员办理），可查看导入记录。
        </Text>
      )}
      <Tabs value={tab} onChange={setTab}>
        <Tabs.List>
          {canImport && (
            <Tabs.Tab value="import" data-testid="tab-import">
              导入
            </Tabs.Tab>
          )}
          <Tabs.Tab value="history" data-testid="tab-history">
            导入记录
          </Tabs.Tab>
          {canExport && (
            <Tabs.Tab value="export" data-testid="tab-export">
              导出
            </Tabs.Tab>
          )}
        </Tabs.List>
        {canImport && (
          <Tabs.Panel value="import" pt="md">
            <ImportWizard />
          </Tabs.Panel>
        )}
        <Tabs.Panel value="history" pt="md">
          <HistoryTab />
        </Tabs.Panel>
        {canExport && (
          <Tabs.Panel value="export" pt="md">
            <ExportTab />
          </Tabs.Panel>
        )}
      </Tabs>
    </Stack>
  );
}
