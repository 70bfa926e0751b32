import { localDateTime } from '../../../../shared/dates/iso-date.ts';
import { Alert, Button, Card, Group, Select, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { useState } from 'react';
import {
  WARNING_LEVEL_VALUES,
  WARNING_STATUS_LABELS,
  WARNING_STATUSES,
} from '../../../../shared/api/contracts/monitoring.ts';
import { api, errorMessage } from '../../api.ts';
import { failureText, useApiQuery } from '../../data/api-query.ts';
import { formatCount } from '../../format.ts';
import { useCan } from '../../security/session-context.ts';
import { saveDownload } from '../exchange/transfer.ts';
import { listFilter, parseWarningView, type WarningView } from './filters.ts';
import { OverviewCards } from './OverviewCards.tsx';
import { RunMonitoringDialog } from './RunMonitoringDialog.tsx';
import { ToTaskDialog } from './ToTaskDialog.tsx';
import { useWarningView } from './use-warning-view.ts';
import { WarningDetailPanel } from './WarningDetail.tsx';
import { PAGE_SIZE, WarningList } from './WarningList.tsx';

const STATUS_OPTIONS = [
  { value: '', label: '办理中（未关闭）' },
  ...WARNING_STATUSES.map((s) => ({ value: s, label: WARNING_STATUS_LABELS[s] })),
  { value: 'all', label: '全部' },
];

/** Counts, the filtered list with one warning open beside it, and the ways from warnings into action. */
export function WarningsTab() {
  const can = useCan();
  const [view, setView] = useWarningView();
  const [page, setPage] = useState(1);
  const [ticked, setTicked] = useState<ReadonlySet<number>>(new Set());
  const [running, setRunning] = useState(false);
  const [toTask, setToTask] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<string | null>(null);
  const [search, setSearch] = useState(view.q);

  const overview = useApiQuery('monitoring.overview', {});
  const rules = useApiQuery('monitoring.rules.get', {});
  const filter = listFilter(view);
  const list = useApiQuery(
    'monitoring.list',
    { ...filter, offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE },
    { placeholderData: (previous) => previous },
  );

  // A filter change starts at page 1 and forgets ticks that may no longer be on screen.
  const change = (patch: Partial<WarningView>) => {
    setPage(1);
    setTicked(new Set());
    setView({ ...parseWarningView(window.location.hash), ...patch });
  };
  const changeQuery = useDebouncedCallback((q: string) => change({ q }), 300);

  const canRun = can('monitoring.handle');
  const canTask = can('monitoring.handle') && can('sampling.manage');
  const o = overview.data;
  const error = failureText(overview.error ?? list.error ?? rules.error);

  const exportList = async () => {
    setExporting(true);
    setExportError(null);
    try {
      await saveDownload(await api.call('monitoring.export', filter));
    } catch (e) {
      setExportError(errorMessage(e));
    } finally {
      setExporting(false);
    }
  };

  return (
    <Stack gap="md" data-testid="warnings-tab">
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm" c="dimmed" data-testid="monitoring-last-run">
          {o?.lastRun
            ? `上次监测：基准日 ${o.lastRun.asOf}，${localDateTime(o.lastRun.createdAt)} 由 ${o.lastRun.createdBy} 运行；办理中的预警 ${formatCount(o.active)} 条`
            : o
              ? '尚未运行过监测。'
              : ''}
        </Text>
        <Group gap="xs" wrap="nowrap">
          <Tooltip label="需要执法人员及以上角色" disabled={canRun} withinPortal>
            <Button onClick={() => setRunning(true)} disabled={!canRun} data-testid="monitoring-run">
              运行监测
            </Button>
          </Tooltip>
          <Tooltip
            label={canTask ? '先在列表中勾选已确认的预警' : '需要能创建抽查任务的角色'}
            disabled={canTask && ticked.size > 0}
            withinPortal
          >
            <Button
              variant="light"
              onClick={() => setToTask(true)}
              disabled={!canTask || ticked.size === 0}
              data-testid="monitoring-to-task"
            >
              生成抽查任务{ticked.size > 0 ? `（${ticked.size}）` : ''}
            </Button>
          </Tooltip>
          <Button variant="default" onClick={exportList} loading={exporting} data-testid="monitoring-export">
            导出 Excel
          </Button>
        </Group>
      </Group>
      {error || exportError ? <Alert color="red">{error ?? exportError}</Alert> : null}

      {o ? (
        <OverviewCards
          overview={o}
          chosen={{
            rule: view.rule,
            level: view.level,
            township: view.township,
            status: view.status === 'all' ? null : view.status,
          }}
          // The counts' keys are the contract's rule ids, levels and statuses, so they are filter values.
          onChoose={(patch) => change(patch as Partial<WarningView>)}
        />
      ) : null}

      <Group gap="sm" align="flex-end" data-testid="warning-filters">
        <Select
          label="预警规则"
          placeholder="全部规则"
          clearable
          data={(rules.data?.rules ?? []).map((r) => ({ value: r.id, label: r.name }))}
          value={view.rule}
          onChange={(v) => change({ rule: (v as WarningView['rule']) ?? null })}
          comboboxProps={{ withinPortal: true }}
          w={200}
          data-testid="filter-rule"
        />
        <Select
          label="等级"
          placeholder="全部等级"
          clearable
          data={[...WARNING_LEVEL_VALUES]}
          value={view.level}
          onChange={(v) => change({ level: (v as WarningView['level']) ?? null })}
          comboboxProps={{ withinPortal: true }}
          w={120}
          data-testid="filter-level"
        />
        <Select
          label="状态"
          data={STATUS_OPTIONS}
          value={view.status ?? ''}
          allowDeselect={false}
          onChange={(v) => change({ status: v ? (v as WarningView['status']) : null })}
          comboboxProps={{ withinPortal: true }}
          w={170}
          data-testid="filter-status"
        />
        <Select
          label="乡镇（街道）"
          placeholder="全部乡镇"
          clearable
          searchable
          data={(o?.byTownship ?? []).map((t) => ({ value: t.key, label: t.label }))}
          value={view.township}
          onChange={(v) => change({ township: v ?? null })}
          comboboxProps={{ withinPortal: true }}
          w={170}
          data-testid="filter-township"
        />
        <TextInput
          label="搜索"
          placeholder="主体名称、代码、住所或人员"
          value={search}
          onChange={(e) => {
            setSearch(e.currentTarget.value);
            changeQuery(e.currentTarget.value);
          }}
          style={{ flex: 1, minWidth: 200 }}
          data-testid="filter-q"
        />
      </Group>

      <Group align="flex-start" gap="md" wrap="nowrap">
        <Stack gap="sm" style={{ flex: '1 1 55%', minWidth: 0 }}>
          <Text size="sm" c="dimmed" data-testid="warning-total">
            {list.data ? `共 ${formatCount(list.data.total)} 条` : ''}
          </Text>
          {list.data && list.data.items.length === 0 ? (
            <Text c="dimmed" size="sm" data-testid="warning-list-empty">
              没有符合条件的预警。
            </Text>
          ) : null}
          {list.data && list.data.items.length > 0 ? (
            <WarningList
              items={list.data.items}
              total={list.data.total}
              page={page}
              onPage={setPage}
              selectedId={view.warning}
              onOpen={(id) => setView({ ...view, warning: id }, { push: true })}
              ticked={ticked}
              onTick={(id, on) => {
                const next = new Set(ticked);
                if (on) next.add(id);
                else next.delete(id);
                setTicked(next);
              }}
              canTick={canTask}
            />
          ) : null}
        </Stack>
        <Card withBorder padding="md" style={{ flex: '1 1 45%', minWidth: 380 }}>
          {view.warning === null ? (
            <Text c="dimmed" size="sm">
              点击左侧预警查看详情和办理。
            </Text>
          ) : (
            <WarningDetailPanel id={view.warning} />
          )}
        </Card>
      </Group>

      <RunMonitoringDialog opened={running} onClose={() => setRunning(false)} />
      <ToTaskDialog warningIds={[...ticked]} opened={toTask} onClose={() => setToTask(false)} />
    </Stack>
  );
}
