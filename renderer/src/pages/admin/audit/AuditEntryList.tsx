import { Alert, Badge, Button, Code, Group, Pagination, Select, Stack, Table, Text } from '@mantine/core';
import { keepPreviousData } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { AUDIT_ACTION_GROUPS } from '../../../../../shared/audit/actions.ts';
import { api, errorMessage } from '../../../api.ts';
import { failureText, useApiQuery, useInvalidateApi } from '../../../data/api-query.ts';
import { DASH, formatCount } from '../../../format.ts';
import { saveDownload } from '../../exchange/transfer.ts';
import { formatLocalTime } from './audit-labels.ts';
import { DateField } from '../../../components/DateField.tsx';

const PAGE = 50;

interface Filter {
  actor: string;
  action: string;
  from: string;
  to: string;
}

const NO_FILTER: Filter = { actor: '', action: '', from: '', to: '' };

/**
 * The log in plain Chinese, newest first: filters by user, kind of action and date range; each entry's
 * stored record (JSON) only behind its 原始记录 toggle; the filtered entries export to Excel.
 */
export function AuditEntryList() {
  const [filter, setFilter] = useState<Filter>(NO_FILTER);
  const [page, setPage] = useState(1);
  const [exportError, setExportError] = useState<string | null>(null);
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  const [exporting, setExporting] = useState(false);
  const [exported, setExported] = useState<string | null>(null);
  const invalidate = useInvalidateApi();

  const badRange = filter.from !== '' && filter.to !== '' && filter.from > filter.to;
  const list = useApiQuery(
    'audit.list',
    { offset: (page - 1) * PAGE, limit: PAGE, ...filter },
    // A range being typed (or a page being turned) keeps the entries shown until the next answer.
    { enabled: !badRange, placeholderData: keepPreviousData },
  );
  const data = list.data ?? null;
  const error = exportError ?? failureText(list.error);

  const change = (patch: Partial<Filter>) => {
    setFilter((f) => ({ ...f, ...patch }));
    setPage(1);
    setExported(null);
    setExportError(null);
  };

  const exportLog = async () => {
    setExporting(true);
    setExportError(null);
    setExported(null);
    try {
      const d = await api.call('audit.export', filter);
      await saveDownload(d);
      setExported(`已导出「${d.fileName}」，共 ${formatCount(d.rows)} 条。`);
      await invalidate('audit'); // the export itself is now in the log, and the chain's head moved
    } catch (e) {
      setExportError(errorMessage(e));
    } finally {
      setExporting(false);
    }
  };

  const toggle = (id: number) =>
    setOpen((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE)) : 1;
  return (
    <Stack gap="sm">
      <Group gap="sm" align="flex-end" wrap="wrap">
        <Select
          label="用户"
          placeholder="全部用户"
          clearable
          data={(data?.actors ?? []).map((a) => ({ value: a.username, label: a.displayName }))}
          value={filter.actor || null}
          onChange={(v) => change({ actor: v ?? '' })}
          w={160}
          data-testid="audit-filter-actor"
        />
        <Select
          label="操作类别"
          placeholder="全部操作"
          clearable
          data={AUDIT_ACTION_GROUPS.map((g) => ({ value: g.prefix, label: g.label }))}
          value={filter.action || null}
          onChange={(v) => change({ action: v ?? '' })}
          w={160}
          data-testid="audit-filter-action"
        />
        <DateField
          label="起始日期"
          clearable
          value={filter.from}
          onChange={(from) => change({ from })}
          w={160}
          data-testid="audit-filter-from"
        />
        <DateField
          label="截止日期"
          clearable
          value={filter.to}
          onChange={(to) => change({ to })}
          error={badRange ? '截止日期不能早于起始日期' : undefined}
          w={160}
          data-testid="audit-filter-to"
        />
        <Button variant="subtle" onClick={() => change(NO_FILTER)} data-testid="audit-filter-clear">
          清除筛选
        </Button>
        <Button
          variant="light"
          onClick={() => void exportLog()}
          loading={exporting}
          disabled={badRange || data?.total === 0}
          data-testid="audit-export"
        >
          导出 Excel
        </Button>
        <Text size="sm" c="dimmed" pb={8} data-testid="audit-total">
          {data ? `共 ${formatCount(data.total)} 条` : ''}
        </Text>
      </Group>
      {exported ? (
        <Alert color="green" variant="light" data-testid="audit-export-done">
          {exported}文件标有“内部资料 · 不对外公开”，请勿外传。
        </Alert>
      ) : null}
      {error ? (
        <Alert color="red" variant="light">
          {error}
        </Alert>
      ) : null}
      <Table striped withTableBorder verticalSpacing={6} data-testid="audit-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={70}>编号</Table.Th>
            <Table.Th w={170}>时间</Table.Th>
            <Table.Th w={110}>用户</Table.Th>
            <Table.Th w={150}>操作</Table.Th>
            <Table.Th w={220}>对象</Table.Th>
            <Table.Th>说明</Table.Th>
            <Table.Th w={90} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(data?.entries ?? []).map((e) => (
            <Fragment key={e.id}>
              <Table.Tr data-testid="audit-row">
                <Table.Td className="cd-num">{e.id}</Table.Td>
                <Table.Td>{formatLocalTime(e.at)}</Table.Td>
                <Table.Td data-testid="audit-actor">{e.actorName}</Table.Td>
                <Table.Td data-testid="audit-action">
                  {e.warning ? (
                    <Badge color="red" variant="light" radius="sm">
                      {e.actionLabel}
                    </Badge>
                  ) : (
                    e.actionLabel
                  )}
                </Table.Td>
                <Table.Td data-testid="audit-object">{e.object || DASH}</Table.Td>
                <Table.Td data-testid="audit-summary">
                  <Text size="sm" style={{ wordBreak: 'break-word' }}>
                    {e.summary || DASH}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {Object.keys(e.detail).length || e.target ? (
                    <Button
                      variant="subtle"
                      size="compact-xs"
                      onClick={() => toggle(e.id)}
                      data-testid="audit-raw-toggle"
                      aria-expanded={open.has(e.id)}
                    >
                      {open.has(e.id) ? '收起' : '原始记录'}
                    </Button>
                  ) : null}
                </Table.Td>
              </Table.Tr>
              {open.has(e.id) ? (
                <Table.Tr data-testid="audit-raw">
                  <Table.Td colSpan={7}>
                    <Text size="xs" c="dimmed" mb={4}>
                      系统保存的原始记录（供核查，内容与上面的说明一致）
                    </Text>
                    <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
                      {JSON.stringify({ action: e.action, target: e.target, detail: e.detail }, null, 2)}
                    </Code>
                  </Table.Td>
                </Table.Tr>
              ) : null}
            </Fragment>
          ))}
        </Table.Tbody>
      </Table>
      {data && data.total === 0 ? (
        <Text size="sm" c="dimmed" data-testid="audit-empty">
          没有符合条件的记录。
        </Text>
      ) : null}
      {pages > 1 ? <Pagination total={pages} value={page} onChange={setPage} size="sm" /> : null}
    </Stack>
  );
}
