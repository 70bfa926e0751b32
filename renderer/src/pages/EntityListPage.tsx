import {
  Alert,
  Button,
  Center,
  CloseButton,
  Group,
  Loader,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { keepPreviousData, useQueries } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import type { EntityRow } from '../../../shared/api/contract.ts';
import {
  ENTITY_KIND_LABELS,
  ENTITY_KINDS,
  ENTITY_STATUS_LABELS,
  ENTITY_STATUSES,
  type EntityKind,
  type EntityStatus,
} from '../../../shared/domain/entity.ts';
import { sectionLabel } from '../../../shared/domain/industry-sections.ts';
import { api, errorMessage } from '../api.ts';
import { useApiQuery } from '../data/api-query.ts';
import { apiQueryKey } from '../data/query-keys.ts';
import { DASH, formatCount } from '../format.ts';
import { navigate } from '../router.ts';
import {
  hasFilter,
  type ListFilters,
  NO_FILTERS,
  pageInput,
  pagesOfRows,
  rowSlot,
} from './entities/entity-pages.ts';

const ROW_HEIGHT = 36;
const HEAD_HEIGHT = 38;
/**
 * Pages scrolled away from are dropped from the cache after this long (a long list is not kept whole),
 * and a page read this recently is not read again when scrolled back to: rows change only through
 * imports and task results, which invalidate `entities` themselves.
 */
const PAGE_KEEP_MS = 60_000;
/** Browsers cap an element's height (~33 million px in Chromium); beyond this, narrow the search. */
const MAX_LISTED_ROWS = 500_000;

/**
 * What the list remembers while the user looks at a credit file (kept by the shell). The rows
 * themselves are in the query cache; this holds only what the user chose and where they were.
 * Written from effects and event handlers, never while rendering.
 */
export interface EntityListMemory {
  filters: ListFilters;
  scrollTop: number;
}

export function newEntityListMemory(filters?: Partial<ListFilters>): EntityListMemory {
  return { filters: { ...NO_FILTERS, ...filters }, scrollTop: 0 };
}

const COLUMNS: { title: string; width: string; className?: string }[] = [
  { title: '统一社会信用代码/注册号', width: '176px' },
  { title: '名称', width: 'minmax(200px, 2fr)' },
  { title: '类型', width: '124px' },
  { title: '法定代表人/经营者', width: '104px' },
  { title: '乡镇（街道）', width: '110px' },
  { title: '行业', width: 'minmax(120px, 1fr)' },
  { title: '成立日期', width: '96px' },
  { title: '状态', width: '104px' },
  { title: '信用记录', width: '76px', className: 'cd-num' },
];
const GRID_STYLE = {
  '--cd-cols': COLUMNS.map((c) => c.width).join(' '),
  '--cd-min-width': '1080px',
} as React.CSSProperties;

function formatTook(ms: number): string {
  return ms < 10 ? ms.toFixed(1) : String(Math.round(ms));
}

const STATUS_TEXT_COLOR: Record<EntityStatus, string | undefined> = {
  active: undefined,
  revoked: 'var(--mantine-color-red-7)',
  cancelled: 'var(--mantine-color-gray-6)',
  moved: 'var(--mantine-color-yellow-8)',
  withdrawn: 'var(--mantine-color-gray-6)',
};

/**
 * The list shows `filters` (from the address, or what was remembered when the address names none).
 * Choosing a filter rewrites the address; the search box's text is the one thing kept here, and goes
 * into the address after a 250 ms pause in typing (clearing the box applies at once).
 */
export function EntityListPage({ filters, memory }: { filters: ListFilters; memory: EntityListMemory }) {
  const [query, setQuery] = useState(filters.query);
  const scrollRef = useRef<HTMLDivElement>(null);
  const show = (next: ListFilters) => {
    // Remembered first: a cleared list's address is the bare `#/entities`, which shows the remembered.
    memory.filters = next;
    navigate({ page: 'entities', filters: next }, { replace: true });
  };
  // The query this page last put into the address: its echo must not overwrite what is being typed.
  const sentQuery = useRef(filters.query);

  useEffect(() => {
    memory.filters = filters;
  }, [memory, filters]);

  // A query arriving from elsewhere (the back button, a link) replaces the box's text.
  useEffect(() => {
    if (filters.query === sentQuery.current) return;
    sentQuery.current = filters.query;
    setQuery(filters.query);
  }, [filters.query]);

  // A filter chosen while a typed search waits must not be undone when the search goes out.
  const latestFilters = useRef(filters);
  useEffect(() => {
    latestFilters.current = filters;
  }, [filters]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: only the typed text schedules a search
  useEffect(() => {
    const q = query.trim();
    if (q === latestFilters.current.query) return;
    const apply = () => {
      sentQuery.current = q;
      show({ ...latestFilters.current, query: q });
    };
    if (q === '') {
      apply();
      return;
    }
    const t = window.setTimeout(apply, 250);
    return () => window.clearTimeout(t);
  }, [query]);

  const { kind, status, township } = filters;
  const key = JSON.stringify(filters);
  // The first page brings the total. While a new search is on its way the last answered one stays
  // on screen (no flicker while typing): `shownFilters` is the search whose rows are shown.
  const first = useApiQuery('entities.search', pageInput(filters, 0), {
    placeholderData: keepPreviousData,
    staleTime: PAGE_KEEP_MS,
  });
  const answered = first.data !== undefined && !first.isPlaceholderData;
  const [lastAnswered, setLastAnswered] = useState<ListFilters>(filters);
  useEffect(() => {
    if (answered) setLastAnswered(filters);
  }, [answered, filters]);
  const shownFilters = answered ? filters : lastAnswered;
  const searching = first.isFetching && !answered;
  const total = first.data?.total ?? null;
  const totalCapped = first.data?.totalCapped ?? false;
  const tookMs = first.data?.tookMs ?? null;
  // An officer whose 管辖单位 the administrator set sees only that unit's entities.
  const scopedTo = first.data?.scopedTo ?? null;

  // A search answered for the first time starts at the top; coming back to the list, where the user was.
  const scrolledFor = useRef<string | null>(null);
  useEffect(() => {
    if (!answered || scrolledFor.current === key) return;
    if (scrolledFor.current !== null) memory.scrollTop = 0;
    scrolledFor.current = key;
    if (scrollRef.current) scrollRef.current.scrollTop = memory.scrollTop;
  }, [answered, key, memory]);

  const townships = useApiQuery('entities.townships', {});

  const count = Math.min(total ?? 0, MAX_LISTED_ROWS);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    scrollMargin: HEAD_HEIGHT,
    initialOffset: () => memory.scrollTop,
  });
  const items = virtualizer.getVirtualItems();
  const inView = items.length > 0 ? pagesOfRows(items[0]!.index, items[items.length - 1]!.index) : [];

  // The pages under the viewport are fetched; while the scrollbar is being dragged, only where it
  // comes to rest (pages already cached are shown at once either way).
  const [resting, setResting] = useState<readonly number[]>([]);
  const inViewKey = inView.join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies: isScrolling is read at schedule time on purpose
  useEffect(() => {
    const t = window.setTimeout(
      () => setResting(inViewKey ? inViewKey.split(',').map(Number) : []),
      virtualizer.isScrolling ? 90 : 0,
    );
    return () => window.clearTimeout(t);
  }, [inViewKey]);

  // Page 0 is `first` itself (asking for it again would read it twice).
  const later = inView.filter((p) => p > 0);
  const pages = useQueries({
    queries: later.map((p) => {
      const input = pageInput(shownFilters, p);
      return {
        queryKey: apiQueryKey('entities.search', input),
        queryFn: () => api.call('entities.search', input),
        enabled: answered && resting.includes(p),
        gcTime: PAGE_KEEP_MS,
        staleTime: PAGE_KEEP_MS,
      };
    }),
  });
  const rowsOf = new Map<number, EntityRow[]>();
  if (first.data) rowsOf.set(0, first.data.rows);
  later.forEach((p, i) => {
    const rows = pages[i]?.data?.rows;
    if (rows) rowsOf.set(p, rows);
  });
  const pageError = pages.find((q) => q.error)?.error ?? null;
  const firstError = first.error && !first.data ? errorMessage(first.error) : null;
  const partialError = pageError ? errorMessage(pageError) : null;

  const open = (id: number) => {
    memory.scrollTop = scrollRef.current?.scrollTop ?? 0;
    navigate({ page: 'entity', id });
  };

  /** Focuses row `index`, scrolling it into view first (it may not be rendered yet). */
  const focusRow = (index: number) => {
    if (index < 0 || index >= count) return;
    virtualizer.scrollToIndex(index, { align: 'auto' });
    const attempt = (left: number) => {
      const el = scrollRef.current?.querySelector<HTMLElement>(`tr[data-row-index="${index}"]`);
      if (el) el.focus();
      else if (left > 0) requestAnimationFrame(() => attempt(left - 1));
    };
    attempt(10);
  };

  const onRowKey = (ev: KeyboardEvent<HTMLTableRowElement>, index: number, id: number | null) => {
    if (id !== null && (ev.key === 'Enter' || ev.key === ' ')) {
      ev.preventDefault();
      open(id);
    } else if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      ev.preventDefault();
      focusRow(index + (ev.key === 'ArrowDown' ? 1 : -1));
    }
  };

  const anyFilter = hasFilter({ ...filters, query });
  const retry = () => {
    if (first.error) void first.refetch();
    for (const q of pages) if (q.error) void q.refetch();
  };

  const townshipList = townships.data?.townships ?? [];
  const townshipData = townshipList.map((t) => ({
    value: t.name,
    label: `${t.name}（${formatCount(t.count)}）`,
  }));
  if (township && !townshipList.some((t) => t.name === township))
    townshipData.unshift({ value: township, label: township });

  return (
    <Stack gap="sm" style={{ flex: 1, minHeight: 0 }} data-testid="entity-list-page">
      <Group justify="space-between" align="flex-end" wrap="nowrap">
        <Title order={3}>市场主体</Title>
        {scopedTo !== null ? (
          <Text
            size="sm"
            c="dimmed"
            title="您的账户限定了管辖单位，列表、信用档案和导出只包括该单位的市场主体。如需调整，请联系管理员。"
            data-testid="entity-scope-note"
          >
            仅显示：{scopedTo}
          </Text>
        ) : null}
      </Group>

      <Group gap="sm" align="flex-end" wrap="nowrap">
        <TextInput
          label="查找"
          placeholder="输入名称片段或统一社会信用代码/注册号前缀"
          value={query}
          onChange={(e) => setQuery(e.currentTarget.value)}
          maxLength={100}
          style={{ flex: 1, minWidth: 260 }}
          type="search"
          autoComplete="off"
          spellCheck={false}
          data-testid="entity-search"
        />
        <Select
          label="主体类型"
          placeholder="全部类型"
          data={ENTITY_KINDS.map((k) => ({ value: k, label: ENTITY_KIND_LABELS[k] }))}
          value={kind}
          onChange={(v) => show({ ...filters, kind: v as EntityKind | null })}
          clearable
          w={150}
          data-testid="entity-filter-kind"
        />
        <Select
          label="登记状态"
          placeholder="全部状态"
          data={ENTITY_STATUSES.map((s) => ({ value: s, label: ENTITY_STATUS_LABELS[s] }))}
          value={status}
          onChange={(v) => show({ ...filters, status: v as EntityStatus | null })}
          clearable
          w={140}
          data-testid="entity-filter-status"
        />
        <Select
          label="乡镇（街道）"
          placeholder="全部乡镇（街道）"
          data={townshipData}
          value={township}
          onChange={(v) => show({ ...filters, township: v })}
          clearable
          searchable
          nothingFoundMessage="没有这个乡镇（街道）"
          w={190}
          data-testid="entity-filter-township"
        />
        <Button
          variant="default"
          disabled={!anyFilter}
          onClick={() => {
            sentQuery.current = '';
            setQuery('');
            show(NO_FILTERS);
          }}
          data-testid="entity-clear-filters"
        >
          清空条件
        </Button>
      </Group>

      <LinkedFilters filters={filters} onChange={show} />

      <Group gap="xs" h={22} wrap="nowrap">
        {total !== null ? (
          <Text size="sm" data-testid="entity-count" aria-live="polite">
            {totalCapped ? '超过' : '共'} <b>{formatCount(total)}</b> 户（用时 {formatTook(tookMs ?? 0)} ms）
          </Text>
        ) : searching ? (
          <Text size="sm" c="dimmed" data-testid="entity-count-pending">
            正在查询…
          </Text>
        ) : null}
        {searching && total !== null ? <Loader size={14} /> : null}
        {totalCapped ? (
          <Text size="sm" c="orange.8" data-testid="entity-count-capped">
            只列出前 {formatCount(total ?? 0)} 户，请输入更长的名称片段或选择筛选条件。
          </Text>
        ) : null}
        {total !== null && total > MAX_LISTED_ROWS ? (
          <Text size="sm" c="orange.8">
            列表只显示前 {formatCount(MAX_LISTED_ROWS)} 户，请输入名称、代码或选择筛选条件缩小范围。
          </Text>
        ) : null}
        {partialError && total !== null ? (
          <Text size="sm" c="red.7">
            部分数据加载失败：{partialError}{' '}
            <Button variant="subtle" size="compact-xs" onClick={retry}>
              重试
            </Button>
          </Text>
        ) : null}
      </Group>

      {firstError ? (
        <Alert color="red" title="查询失败" data-testid="entity-error">
          <Group gap="sm">
            <Text size="sm">{firstError}</Text>
            <Button variant="light" color="red" size="xs" onClick={retry}>
              重试
            </Button>
          </Group>
        </Alert>
      ) : null}

      <div
        ref={scrollRef}
        className="cd-table-scroll"
        style={{ flex: 1, minHeight: 160 }}
        data-testid="entity-table"
        onScroll={(e) => {
          if (answered) memory.scrollTop = e.currentTarget.scrollTop;
        }}
      >
        <table
          className="cd-vtable"
          aria-label="市场主体列表"
          aria-rowcount={count + 1}
          aria-busy={searching}
        >
          <thead className="cd-table-head">
            <tr className="cd-grid" style={GRID_STYLE} aria-rowindex={1}>
              {COLUMNS.map((c) => (
                <th key={c.title} className={c.className} title={c.title} scope="col">
                  {c.title}
                </th>
              ))}
            </tr>
          </thead>
          <tbody style={{ height: virtualizer.getTotalSize() }}>
            {items.map((item) => {
              const slot = rowSlot(item.index);
              const row = rowsOf.get(slot.page)?.[slot.at];
              const style: React.CSSProperties = {
                ...GRID_STYLE,
                height: ROW_HEIGHT,
                transform: `translateY(${item.start - HEAD_HEIGHT}px)`,
              };
              const odd = item.index % 2 === 1 ? ' cd-row-odd' : '';
              if (!row) {
                return (
                  <tr
                    key={item.key}
                    className={`cd-grid cd-row cd-row-loading${odd}`}
                    style={style}
                    aria-rowindex={item.index + 2}
                    tabIndex={-1}
                    onKeyDown={(ev) => onRowKey(ev, item.index, null)}
                    data-testid="entity-row-loading"
                    data-row-index={item.index}
                  >
                    <td>加载中…</td>
                  </tr>
                );
              }
              return (
                <tr
                  key={item.key}
                  className={`cd-grid cd-row${odd}`}
                  style={style}
                  tabIndex={0}
                  aria-rowindex={item.index + 2}
                  onClick={() => open(row.id)}
                  onKeyDown={(ev) => onRowKey(ev, item.index, row.id)}
                  data-testid="entity-row"
                  data-entity-id={row.id}
                  data-row-index={item.index}
                >
                  <td className="cd-mono">{row.code || DASH}</td>
                  <td title={row.name}>{row.name}</td>
                  <td>{ENTITY_KIND_LABELS[row.kind]}</td>
                  <td title={row.legalRep ?? undefined}>{row.legalRep ?? DASH}</td>
                  <td title={row.township ?? undefined}>{row.township ?? DASH}</td>
                  <td title={row.industryName ?? undefined}>{row.industryName ?? DASH}</td>
                  <td className="cd-tnum">{row.establishedOn ?? DASH}</td>
                  <td style={{ color: STATUS_TEXT_COLOR[row.status] }}>{ENTITY_STATUS_LABELS[row.status]}</td>
                  <td className={row.recordCount === 0 ? 'cd-num cd-zero' : 'cd-num'}>
                    {formatCount(row.recordCount)}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {total === 0 ? (
          <Center py="xl" data-testid="entity-empty">
            <Text c="dimmed">
              {anyFilter ? '没有符合条件的市场主体。' : '还没有市场主体。请在“数据交换”中导入。'}
            </Text>
          </Center>
        ) : null}
      </div>
    </Stack>
  );
}

/**
 * The filters a link brings (the 统计报表 page's bars): 管辖单位, 行业门类 and the classes of one grading
 * run. They have no field of their own; each shows as a tag that can be removed.
 */
function LinkedFilters({
  filters,
  onChange,
}: {
  filters: ListFilters;
  onChange: (next: ListFilters) => void;
}) {
  const { jurisdiction, section, run } = filters;
  const runs = useApiQuery('grading.runs', {}, { enabled: run !== null });
  if (jurisdiction === null && section === null && run === null) return null;
  const graded = run ? runs.data?.runs.find((r) => r.id === run.runId) : undefined;
  const classes = run ? `${run.classes.join('、')} 类` : '';
  const tags: { key: string; text: string; clear: Partial<ListFilters> }[] = [];
  if (jurisdiction !== null)
    tags.push({ key: 'jurisdiction', text: `管辖单位：${jurisdiction}`, clear: { jurisdiction: null } });
  if (section !== null)
    tags.push({ key: 'section', text: `行业门类：${sectionLabel(section)}`, clear: { section: null } });
  if (run !== null)
    tags.push({
      key: 'run',
      text: graded
        ? `评价结果：${graded.modelName}（基准日 ${graded.asOf}）${classes}`
        : runs.isPending
          ? `评价结果：${classes}`
          : `评价结果：${classes}（该次评价已不存在）`,
      clear: { run: null },
    });
  return (
    <Group gap="xs" data-testid="entity-linked-filters">
      {tags.map((t) => (
        <Group
          key={t.key}
          gap={4}
          wrap="nowrap"
          px={8}
          py={2}
          style={{
            border: '1px solid var(--mantine-color-gov-2)',
            background: 'var(--mantine-color-gov-0)',
            borderRadius: 'var(--mantine-radius-sm)',
          }}
          data-testid={`entity-filter-${t.key}`}
        >
          <Text size="sm">{t.text}</Text>
          <CloseButton
            size="xs"
            aria-label={`取消条件：${t.text}`}
            onClick={() => onChange({ ...filters, ...t.clear })}
          />
        </Group>
      ))}
    </Group>
  );
}
