import { Badge, Card, Group, ScrollArea, Stack, Table, Tabs, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { CASE_TABS } from '../../../shared/api/contracts/repair.ts';
import { OBJECTION_OUTCOME_LABELS, OBJECTION_STATE_LABELS } from '../../../shared/objections/workflow.ts';
import { REPAIR_ACTION_LABELS } from '../../../shared/repair/eligibility.ts';
import { REPAIR_STATE_LABELS } from '../../../shared/repair/workflow.ts';
import { failureText, useApiQuery } from '../data/api-query.ts';
import { PAGE_TABS, useTab } from '../router.ts';
import { DeadlineBadge, ObjectionDetailPanel, RepairDetailPanel } from './repair/CaseDetails.tsx';
import { type CaseDeadline, caseInHash, caseNumber, TAB_LABELS } from './repair/cases.ts';

type CaseTab = (typeof CASE_TABS)[number];

interface Row {
  id: number;
  entityName: string;
  what: string;
  who: string;
  on: string;
  state: string;
  deadline: CaseDeadline;
}

/** 异议与修复 (issue 12): credit-repair applications and objections, each by status, with one case open beside. */
export function RepairPage() {
  const [area, setArea] = useTab('objections', PAGE_TABS.objections);
  return (
    <Stack gap="md" style={{ minHeight: 0, flex: 1 }}>
      <Title order={3}>异议与修复</Title>
      <Tabs value={area} onChange={setArea} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="repairs" data-testid="tab-repairs">
            信用修复
          </Tabs.Tab>
          <Tabs.Tab value="objections" data-testid="tab-objections">
            异议
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="repairs" pt="md">
          <CaseArea kind="repair" />
        </Tabs.Panel>
        <Tabs.Panel value="objections" pt="md">
          <CaseArea kind="objection" />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

function useCaseRows(kind: 'repair' | 'objection', tab: CaseTab, query: string) {
  const input = { tab, query: query || undefined, offset: 0, limit: 200 };
  const repairs = useApiQuery('repair.list', input, { enabled: kind === 'repair' });
  const objections = useApiQuery('objections.list', input, { enabled: kind === 'objection' });
  if (kind === 'repair') {
    const d = repairs.data;
    return {
      error: failureText(repairs.error),
      counts: d?.counts,
      rows: d?.items.map<Row>((r) => ({
        id: r.id,
        entityName: r.entityName,
        what: `${REPAIR_ACTION_LABELS[r.action]}：${r.recordLabel}`,
        who: r.applicant,
        on: r.appliedOn,
        state: REPAIR_STATE_LABELS[r.state],
        deadline: r.deadline,
      })),
    };
  }
  const d = objections.data;
  return {
    error: failureText(objections.error),
    counts: d?.counts,
    rows: d?.items.map<Row>((o) => ({
      id: o.id,
      entityName: o.entityName,
      what: o.subject,
      who: o.objector,
      on: o.receivedOn,
      state: o.outcome ? OBJECTION_OUTCOME_LABELS[o.outcome] : OBJECTION_STATE_LABELS[o.state],
      deadline: o.deadline,
    })),
  };
}

function CaseArea({ kind }: { kind: 'repair' | 'objection' }) {
  const [tab, setTab] = useState<CaseTab>('pending');
  const [search, setSearch] = useState('');
  const [query] = useDebouncedValue(search.trim(), 250);
  const [selected, setSelected] = useState<number | null>(() => caseInHash(window.location.hash));
  useEffect(() => {
    // A link from the 工作台 while the page is already open only changes the address.
    const onChange = () => {
      const id = caseInHash(window.location.hash);
      if (id !== null) setSelected(id);
    };
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  const { rows, counts, error } = useCaseRows(kind, tab, query);
  return (
    <Group align="flex-start" gap="md" wrap="nowrap" data-testid={`case-area-${kind}`}>
      <Stack gap="sm" style={{ flex: '1 1 55%', minWidth: 0 }}>
        <Group justify="space-between" wrap="nowrap">
          <Tabs value={tab} onChange={(v) => v && setTab(v as CaseTab)} variant="pills">
            <Tabs.List>
              {CASE_TABS.map((t) => (
                <Tabs.Tab key={t} value={t} data-testid={`status-${t}`}>
                  {TAB_LABELS[t]} {counts ? counts[t] : ''}
                </Tabs.Tab>
              ))}
            </Tabs.List>
          </Tabs>
          <TextInput
            placeholder={kind === 'repair' ? '主体名称、代码或申请人' : '主体名称、代码或异议人'}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            w={240}
            data-testid="case-search"
          />
        </Group>
        {error ? <Text c="red">{error}</Text> : null}
        {rows && rows.length === 0 ? (
          <Text c="dimmed" size="sm" data-testid="case-list-empty">
            没有符合条件的{kind === 'repair' ? '信用修复申请' : '异议'}。
          </Text>
        ) : null}
        {rows && rows.length > 0 ? (
          <Table highlightOnHover withTableBorder fz="sm" data-testid="case-list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th style={{ whiteSpace: 'nowrap' }}>编号</Table.Th>
                <Table.Th>市场主体</Table.Th>
                <Table.Th>{kind === 'repair' ? '修复事项' : '异议事项'}</Table.Th>
                <Table.Th style={{ whiteSpace: 'nowrap' }}>
                  {kind === 'repair' ? '申请日期' : '收到日期'}
                </Table.Th>
                <Table.Th style={{ whiteSpace: 'nowrap' }}>状态</Table.Th>
                <Table.Th>期限</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr
                  key={r.id}
                  onClick={() => setSelected(r.id)}
                  style={{ cursor: 'pointer' }}
                  bg={selected === r.id ? 'var(--mantine-color-blue-0)' : undefined}
                  data-testid="case-row"
                  data-case-id={r.id}
                >
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{caseNumber(r.id)}</Table.Td>
                  <Table.Td>
                    {r.entityName}
                    <Text size="xs" c="dimmed">
                      {r.who}
                    </Text>
                  </Table.Td>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>{r.what}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{r.on}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Badge variant="light" radius="sm">
                      {r.state}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <DeadlineBadge kind={kind} deadline={r.deadline} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : null}
      </Stack>
      <Card withBorder padding="md" style={{ flex: '1 1 45%', minWidth: 360 }}>
        <ScrollArea.Autosize mah="calc(100dvh - 220px)" offsetScrollbars>
          {selected === null ? (
            <Text c="dimmed" size="sm">
              点击左侧案件查看详情和办理。
            </Text>
          ) : kind === 'repair' ? (
            <RepairDetailPanel id={selected} />
          ) : (
            <ObjectionDetailPanel id={selected} />
          )}
        </ScrollArea.Autosize>
      </Card>
    </Group>
  );
}
