import { Alert, Badge, Group, Kbd, Paper, Stack, Table, Text, TextInput } from '@mantine/core';
import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import type { PlanEntry } from '../../../../shared/api/contracts/sampling.ts';
import { ENTITY_KIND_LABELS } from '../../../../shared/domain/entity.ts';
import { RESULT_CODES, resultLabel, resultText } from '../../../../shared/inspection-results/index.ts';
import { api, errorMessage } from '../../api.ts';
import { classText, localToday } from './shared.tsx';

const BY_KEY = new Map(RESULT_CODES.map((c) => [c.key, c.code]));

function toggle(codes: readonly string[], code: string): string[] {
  if (codes.includes(code)) return codes.filter((c) => c !== code);
  // 未发现问题 excludes everything else, and anything else excludes it.
  if (code === '1') return ['1'];
  return [...codes.filter((c) => c !== '1'), code];
}

/**
 * Results entry made for the keyboard (SPEC §6.6): ↑/↓ move between entities, the keys shown in the
 * legend toggle result codes (multi-select), Enter saves the row and moves to the next one without a
 * result. The date stays as last typed. Follow-ups (无法联系 → 经营异常名录, 不配合 → 公示) are shown.
 */
export function ResultsEntry({
  taskId,
  entries,
  editable,
  startDate,
  endDate,
  onSaved,
}: {
  taskId: number;
  entries: PlanEntry[];
  editable: boolean;
  startDate: string;
  endDate: string;
  onSaved: () => void;
}) {
  const [cursor, setCursor] = useState(() =>
    Math.max(
      0,
      entries.findIndex((e) => !e.result),
    ),
  );
  const [pending, setPending] = useState<Record<number, string[]>>({});
  const [date, setDate] = useState(() => {
    const today = localToday();
    return today < startDate ? startDate : today > endDate ? endDate : today;
  });
  const [message, setMessage] = useState<{ color: string; text: string } | null>(null);
  const [saving, setSaving] = useState(false);
  const tableRef = useRef<HTMLDivElement>(null);
  const rowRefs = useRef<(HTMLTableRowElement | null)[]>([]);

  useEffect(() => {
    rowRefs.current[cursor]?.scrollIntoView({ block: 'nearest' });
  }, [cursor]);

  const selection = (e: PlanEntry) => pending[e.entityId] ?? e.result?.results ?? [];

  async function save(index: number) {
    const e = entries[index];
    if (!e) return;
    const codes = selection(e);
    if (codes.length === 0) {
      setMessage({ color: 'orange', text: '请先选择检查结果（按图例中的键）' });
      return;
    }
    setSaving(true);
    try {
      const r = await api.call('sampling.results.enter', {
        taskId,
        entityId: e.entityId,
        results: codes,
        checkedOn: date,
        followUp: null,
        note: null,
      });
      setPending((p) => {
        const { [e.entityId]: _done, ...rest } = p;
        return rest;
      });
      const follow = r.followUps.map((f) => f.text).join('；');
      setMessage({
        color: follow ? 'orange' : 'teal',
        text: `已保存 ${e.name}：${resultText(r.results)}${follow ? `。后续处置：${follow}` : ''}。还剩 ${r.remaining} 户。`,
      });
      const nextEmpty = entries.findIndex((x, i) => i > index && !x.result);
      setCursor(nextEmpty >= 0 ? nextEmpty : Math.min(index + 1, entries.length - 1));
      onSaved();
    } catch (err) {
      setMessage({ color: 'red', text: errorMessage(err) });
    } finally {
      setSaving(false);
      tableRef.current?.focus();
    }
  }

  function onKeyDown(ev: KeyboardEvent<HTMLDivElement>) {
    if (!editable || saving) return;
    const e = entries[cursor];
    if (ev.key === 'ArrowDown' || ev.key === 'j') {
      setCursor((c) => Math.min(c + 1, entries.length - 1));
      ev.preventDefault();
    } else if (ev.key === 'ArrowUp' || ev.key === 'k') {
      setCursor((c) => Math.max(c - 1, 0));
      ev.preventDefault();
    } else if (ev.key === 'Enter') {
      void save(cursor);
      ev.preventDefault();
    } else if (ev.key === 'Backspace' && e) {
      setPending((p) => ({ ...p, [e.entityId]: [] }));
      ev.preventDefault();
    } else if (e) {
      const code = BY_KEY.get(ev.key.toLowerCase());
      if (code) {
        setPending((p) => ({ ...p, [e.entityId]: toggle(selection(e), code) }));
        ev.preventDefault();
      }
    }
  }

  return (
    <Stack gap="sm">
      {editable ? (
        <Paper withBorder p="sm" data-testid="results-legend">
          <Group gap="lg" align="flex-end" wrap="wrap">
            <TextInput
              type="date"
              label="检查日期"
              value={date}
              min={startDate}
              onChange={(ev) => setDate(ev.currentTarget.value)}
              w={170}
              data-testid="results-date"
            />
            <Text size="sm" c="dimmed">
              点击下表后用键盘录入：<Kbd>↑</Kbd> <Kbd>↓</Kbd> 选择主体，按键切换结果（可多选），
              <Kbd>Enter</Kbd> 保存并跳到下一户，<Kbd>Backspace</Kbd> 清除。
            </Text>
          </Group>
          <Group gap={6} mt="xs" wrap="wrap">
            {RESULT_CODES.map((c) => (
              <Badge key={c.code} variant="outline" color={c.parent ? 'gray' : 'blue'} radius="sm" tt="none">
                <Kbd size="xs">{c.key.toUpperCase()}</Kbd> {c.label}
              </Badge>
            ))}
          </Group>
        </Paper>
      ) : null}
      {message ? (
        <Alert color={message.color} variant="light" data-testid="results-message">
          {message.text}
        </Alert>
      ) : null}
      {/* biome-ignore lint/a11y/useSemanticElements: a wrapper around Mantine's table is the keyboard entry surface */}
      <div
        ref={tableRef}
        role="grid"
        tabIndex={0}
        onKeyDown={onKeyDown}
        style={{ outline: 'none' }}
        data-testid="results-table"
        aria-label="检查结果录入"
      >
        <Table withTableBorder highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={50}>序号</Table.Th>
              <Table.Th>统一社会信用代码/注册号</Table.Th>
              <Table.Th>市场主体名称</Table.Th>
              <Table.Th>类型 / 等级</Table.Th>
              <Table.Th>检查人员（首位为主检）</Table.Th>
              <Table.Th>检查结果</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {entries.map((e, i) => {
              const sel = selection(e);
              const dirty = pending[e.entityId] !== undefined;
              return (
                <Table.Tr
                  key={e.entityId}
                  ref={(el) => {
                    rowRefs.current[i] = el;
                  }}
                  onClick={() => {
                    setCursor(i);
                    tableRef.current?.focus();
                  }}
                  bg={i === cursor && editable ? 'var(--mantine-color-blue-0)' : undefined}
                  data-testid="plan-entry"
                  data-cursor={i === cursor ? 'true' : undefined}
                >
                  <Table.Td>{e.position}</Table.Td>
                  <Table.Td style={{ fontFamily: 'monospace' }}>{e.code}</Table.Td>
                  <Table.Td>{e.name}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {ENTITY_KIND_LABELS[e.kind]} · {classText(e.class)}
                  </Table.Td>
                  <Table.Td>
                    {e.team.length === 0 ? (
                      <Badge color="red" variant="light">
                        未配齐
                      </Badge>
                    ) : (
                      e.team.map((m, j) => (
                        <Text key={m.employeeNo} span size="sm" fw={j === 0 ? 600 : 400} mr={6}>
                          {m.name}
                        </Text>
                      ))
                    )}
                  </Table.Td>
                  <Table.Td data-testid="entry-result">
                    {sel.length === 0 ? (
                      <Text size="sm" c="dimmed">
                        未录入
                      </Text>
                    ) : (
                      <Group gap={4}>
                        {sel.map((c) => (
                          <Badge
                            key={c}
                            size="sm"
                            radius="sm"
                            variant={dirty ? 'outline' : 'light'}
                            tt="none"
                          >
                            {resultLabel(c)}
                          </Badge>
                        ))}
                        {dirty ? (
                          <Text size="xs" c="orange">
                            未保存
                          </Text>
                        ) : (
                          <Text size="xs" c="dimmed">
                            {e.result?.checkedOn}
                          </Text>
                        )}
                      </Group>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </div>
    </Stack>
  );
}
