/**
 * “一单两库” and the settings of the draw: the item list, the inspector pool, conflicts (回避), ratio
 * profiles and the working-day calendar — each a table with a small form. Whole files come in through
 * 数据交换 (the Excel importers call the same services).
 */
import {
  ActionIcon,
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import type {
  CalendarDayInput,
  Conflict,
  InspectionItem,
  InspectorInput,
  RatioProfileData,
} from '../../../../shared/api/contracts/sampling.ts';
import { INSPECTOR_STATUS_LABELS } from '../../../../shared/api/contracts/sampling.ts';
import { ENTITY_KIND_LABELS, ENTITY_KINDS } from '../../../../shared/domain/entity.ts';
import { api, errorMessage } from '../../api.ts';
import { classText, ErrorNote, pct, useLoad } from './shared.tsx';

function useSave() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function run(f: () => Promise<unknown>): Promise<boolean> {
    setBusy(true);
    setError(null);
    try {
      await f();
      return true;
    } catch (e) {
      setError(errorMessage(e));
      return false;
    } finally {
      setBusy(false);
    }
  }
  return { error, busy, run };
}

const orNull = (s: string) => (s.trim() ? s.trim() : null);
const splitList = (s: string) =>
  s
    .split(/[,，、\s]+/)
    .map((x) => x.trim())
    .filter(Boolean);

// ---- items -------------------------------------------------------------------------------------

const EMPTY_ITEM: InspectionItem = {
  code: '',
  name: '',
  subItems: null,
  legalBasis: null,
  subject: null,
  objectScope: null,
  ratioText: null,
  frequencyText: null,
  method: null,
  qualification: null,
  note: null,
};

export function ItemsTab({ canManage }: { canManage: boolean }) {
  const { value, error, reload } = useLoad(() => api.call('sampling.items.list', {}));
  const [editing, setEditing] = useState<InspectionItem | null>(null);
  const save = useSave();
  const fields: [keyof InspectionItem, string][] = [
    ['code', '编号'],
    ['name', '抽查事项名称'],
    ['subItems', '抽查子项'],
    ['legalBasis', '抽查依据'],
    ['subject', '抽查主体'],
    ['objectScope', '抽查对象'],
    ['ratioText', '抽查比例'],
    ['frequencyText', '抽查频次'],
    ['method', '抽查方式'],
    ['qualification', '所需专业岗位资格（空 = 无需）'],
    ['note', '备注'],
  ];
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          抽查事项清单（“一单”）。需专业岗位资格的事项只抽取持有该资格的检查人员。
        </Text>
        {canManage ? (
          <Button size="xs" onClick={() => setEditing(EMPTY_ITEM)} data-testid="item-add">
            添加事项
          </Button>
        ) : null}
      </Group>
      <ErrorNote error={error} />
      <Table striped withTableBorder data-testid="items-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>编号</Table.Th>
            <Table.Th>抽查事项名称</Table.Th>
            <Table.Th>抽查方式</Table.Th>
            <Table.Th>抽查比例 / 频次</Table.Th>
            <Table.Th>检查人员要求</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(value?.items ?? []).map((i) => (
            <Table.Tr key={i.code}>
              <Table.Td>{i.code}</Table.Td>
              <Table.Td>{i.name}</Table.Td>
              <Table.Td>{i.method ?? '—'}</Table.Td>
              <Table.Td>{[i.ratioText, i.frequencyText].filter(Boolean).join(' / ') || '—'}</Table.Td>
              <Table.Td>{i.qualification ? `需${i.qualification}` : '无需专业岗位资格'}</Table.Td>
              <Table.Td>
                {canManage ? (
                  <Button size="compact-xs" variant="subtle" onClick={() => setEditing(i)}>
                    编辑
                  </Button>
                ) : null}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title="抽查事项" size="lg">
        {editing ? (
          <Stack>
            <SimpleGrid cols={2}>
              {fields.map(([k, label]) => (
                <TextInput
                  key={k}
                  label={label}
                  value={editing[k] ?? ''}
                  onChange={(e) => setEditing({ ...editing, [k]: e.currentTarget.value })}
                />
              ))}
            </SimpleGrid>
            <ErrorNote error={save.error} />
            <Group justify="flex-end">
              <Button
                loading={save.busy}
                onClick={async () => {
                  const item = Object.fromEntries(
                    Object.entries(editing).map(([k, v]) => [
                      k,
                      k === 'code' || k === 'name' ? v : orNull(v ?? ''),
                    ]),
                  ) as InspectionItem;
                  if (await save.run(() => api.call('sampling.items.save', item))) {
                    setEditing(null);
                    reload();
                  }
                }}
              >
                保存
              </Button>
            </Group>
          </Stack>
        ) : null}
      </Modal>
    </Stack>
  );
}

// ---- inspectors --------------------------------------------------------------------------------

const EMPTY_INSPECTOR: InspectorInput = {
  employeeNo: '',
  name: '',
  gender: null,
  idNumber: null,
  phone: null,
  unit: null,
  region: null,
  postCategory: null,
  qualifications: [],
  itemScope: [],
  expert: false,
  certNo: null,
  certExpiry: null,
  status: 'active',
};

export function InspectorsTab({ canManage }: { canManage: boolean }) {
  const { value, error, reload } = useLoad(() => api.call('sampling.inspectors.list', {}));
  const [editing, setEditing] = useState<InspectorInput | null>(null);
  const save = useSave();
  const list = value?.inspectors ?? null;
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          执法检查人员名录库。只有状态有效、执法证在检查开始日有效、具备事项所需资格的人员参与抽取；专家协助检查，不计入每组人数。身份证号和手机号按个人信息保护遮蔽显示。
        </Text>
        {canManage ? (
          <Group gap="xs" wrap="nowrap">
            {list && list.length === 0 ? (
              <Button
                size="xs"
                variant="light"
                loading={save.busy}
                onClick={async () => {
                  if (await save.run(() => api.call('sampling.demo.seed', {}))) reload();
                }}
                data-testid="inspectors-demo"
              >
                添加示范检查人员
              </Button>
            ) : null}
            <Button size="xs" onClick={() => setEditing(EMPTY_INSPECTOR)} data-testid="inspector-add">
              添加检查人员
            </Button>
          </Group>
        ) : null}
      </Group>
      <ErrorNote error={error ?? save.error} />
      <Table striped withTableBorder data-testid="inspectors-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>单位工号</Table.Th>
            <Table.Th>姓名</Table.Th>
            <Table.Th>所在单位</Table.Th>
            <Table.Th>岗位资质资格</Table.Th>
            <Table.Th>执法证</Table.Th>
            <Table.Th>手机号</Table.Th>
            <Table.Th>状态</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(list ?? []).map((i) => (
            <Table.Tr key={i.employeeNo} data-testid="inspector-row">
              <Table.Td>{i.employeeNo}</Table.Td>
              <Table.Td>
                {i.name}
                {i.expert ? (
                  <Badge ml={6} size="xs" variant="light" color="grape">
                    专家
                  </Badge>
                ) : null}
              </Table.Td>
              <Table.Td>{i.unit ?? '—'}</Table.Td>
              <Table.Td>{i.qualifications.join('、') || '—'}</Table.Td>
              <Table.Td>
                <Group gap={4} wrap="nowrap">
                  <Text size="sm">{i.certExpiry ?? (i.certNo ? '长期有效' : '无')}</Text>
                  {!i.certValid ? (
                    <Badge size="xs" color="red" variant="light">
                      已过期
                    </Badge>
                  ) : null}
                </Group>
              </Table.Td>
              <Table.Td>{i.phone ?? '—'}</Table.Td>
              <Table.Td>
                <Badge size="sm" variant="light" color={i.status === 'active' ? 'teal' : 'gray'}>
                  {INSPECTOR_STATUS_LABELS[i.status]}
                </Badge>
              </Table.Td>
              <Table.Td>
                {canManage ? (
                  <Button size="compact-xs" variant="subtle" onClick={() => setEditing(i)}>
                    编辑
                  </Button>
                ) : null}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title="检查人员" size="lg">
        {editing ? (
          <Stack>
            <SimpleGrid cols={2}>
              <TextInput
                label="单位工号"
                value={editing.employeeNo}
                onChange={(e) => setEditing({ ...editing, employeeNo: e.currentTarget.value })}
              />
              <TextInput
                label="姓名"
                value={editing.name}
                onChange={(e) => setEditing({ ...editing, name: e.currentTarget.value })}
              />
              <TextInput
                label="所在单位（部门）"
                value={editing.unit ?? ''}
                onChange={(e) => setEditing({ ...editing, unit: e.currentTarget.value })}
              />
              <TextInput
                label="手机号"
                value={editing.phone ?? ''}
                onChange={(e) => setEditing({ ...editing, phone: e.currentTarget.value })}
              />
              <TextInput
                label="身份证号"
                value={editing.idNumber ?? ''}
                onChange={(e) => setEditing({ ...editing, idNumber: e.currentTarget.value })}
              />
              <TextInput
                label="岗位资质资格（多个用逗号分开）"
                value={(editing.qualifications ?? []).join('，')}
                onChange={(e) => setEditing({ ...editing, qualifications: splitList(e.currentTarget.value) })}
              />
              <TextInput
                label="执法证编号"
                value={editing.certNo ?? ''}
                onChange={(e) => setEditing({ ...editing, certNo: e.currentTarget.value })}
              />
              <TextInput
                type="date"
                label="执法证有效期（空 = 长期有效）"
                value={editing.certExpiry ?? ''}
                onChange={(e) => setEditing({ ...editing, certExpiry: e.currentTarget.value || null })}
              />
              <Select
                label="状态"
                data={[
                  { value: 'active', label: '有效' },
                  { value: 'inactive', label: '失效' },
                ]}
                value={editing.status ?? 'active'}
                onChange={(v) => setEditing({ ...editing, status: v === 'inactive' ? 'inactive' : 'active' })}
                allowDeselect={false}
              />
              <Checkbox
                mt="lg"
                label="专家（协助检查，不计入每组人数）"
                checked={editing.expert ?? false}
                onChange={(e) => setEditing({ ...editing, expert: e.currentTarget.checked })}
              />
            </SimpleGrid>
            <ErrorNote error={save.error} />
            <Group justify="flex-end">
              <Button
                loading={save.busy}
                onClick={async () => {
                  const input: InspectorInput = {
                    ...editing,
                    unit: orNull(editing.unit ?? ''),
                    phone: orNull(editing.phone ?? ''),
                    idNumber: orNull(editing.idNumber ?? ''),
                    certNo: orNull(editing.certNo ?? ''),
                  };
                  if (await save.run(() => api.call('sampling.inspectors.save', input))) {
                    setEditing(null);
                    reload();
                  }
                }}
              >
                保存
              </Button>
            </Group>
          </Stack>
        ) : null}
      </Modal>
    </Stack>
  );
}

// ---- conflicts ---------------------------------------------------------------------------------

export function ConflictsTab({ canManage }: { canManage: boolean }) {
  const { value, error, reload } = useLoad(async () => {
    const [c, i] = await Promise.all([
      api.call('sampling.conflicts.list', {}),
      api.call('sampling.inspectors.list', {}),
    ]);
    return { conflicts: c.conflicts, inspectors: i.inspectors };
  });
  const [form, setForm] = useState<Conflict>({ employeeNo: '', entityCode: '', reason: null });
  const save = useSave();
  const names = new Map((value?.inspectors ?? []).map((i) => [i.employeeNo, i.name]));
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        回避关系：检查人员与有利害关系的主体，抽取时绝不会配对。
      </Text>
      <ErrorNote error={error ?? save.error} />
      {canManage ? (
        <Paper withBorder p="sm">
          <Group align="flex-end">
            <Select
              label="检查人员"
              searchable
              data={(value?.inspectors ?? []).map((i) => ({
                value: i.employeeNo,
                label: `${i.employeeNo} ${i.name}`,
              }))}
              value={form.employeeNo || null}
              onChange={(v) => setForm({ ...form, employeeNo: v ?? '' })}
              w={200}
            />
            <TextInput
              label="主体代码（统一社会信用代码或注册号）"
              value={form.entityCode}
              onChange={(e) => setForm({ ...form, entityCode: e.currentTarget.value })}
              w={280}
            />
            <TextInput
              label="理由"
              value={form.reason ?? ''}
              onChange={(e) => setForm({ ...form, reason: e.currentTarget.value })}
              style={{ flex: 1 }}
            />
            <Button
              loading={save.busy}
              onClick={async () => {
                if (
                  await save.run(() =>
                    api.call('sampling.conflicts.save', { ...form, reason: orNull(form.reason ?? '') }),
                  )
                ) {
                  setForm({ employeeNo: '', entityCode: '', reason: null });
                  reload();
                }
              }}
            >
              添加
            </Button>
          </Group>
        </Paper>
      ) : null}
      <Table striped withTableBorder data-testid="conflicts-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>检查人员</Table.Th>
            <Table.Th>主体代码</Table.Th>
            <Table.Th>理由</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(value?.conflicts ?? []).map((c) => (
            <Table.Tr key={`${c.employeeNo}-${c.entityCode}`}>
              <Table.Td>
                {c.employeeNo} {names.get(c.employeeNo) ?? ''}
              </Table.Td>
              <Table.Td style={{ fontFamily: 'monospace' }}>{c.entityCode}</Table.Td>
              <Table.Td>{c.reason ?? '—'}</Table.Td>
              <Table.Td>
                {canManage ? (
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label="删除"
                    onClick={async () => {
                      if (
                        await save.run(() =>
                          api.call('sampling.conflicts.delete', {
                            employeeNo: c.employeeNo,
                            entityCode: c.entityCode,
                          }),
                        )
                      )
                        reload();
                    }}
                  >
                    ×
                  </ActionIcon>
                ) : null}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

// ---- ratio profiles ----------------------------------------------------------------------------

export function ProfilesTab({ canManage }: { canManage: boolean }) {
  const { value, error, reload } = useLoad(() => api.call('sampling.profiles.list', {}));
  const [editing, setEditing] = useState<RatioProfileData | null>(null);
  const save = useSave();
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        按主体类型和风险等级设定抽查比例（按万分比整数存储，抽取数向上取整）。比例须随风险等级升高而不降。
      </Text>
      <ErrorNote error={error} />
      {(value?.profiles ?? []).map((p) => (
        <Paper key={p.id} withBorder p="sm" data-testid="profile-card">
          <Group justify="space-between" mb={4}>
            <Group gap="xs">
              <Text fw={600}>{p.name}</Text>
              {p.builtin ? (
                <Badge size="xs" variant="light">
                  内置
                </Badge>
              ) : null}
            </Group>
            {canManage ? (
              <Group gap="xs">
                <Button size="compact-xs" variant="subtle" onClick={() => setEditing(p)}>
                  编辑
                </Button>
                <Button
                  size="compact-xs"
                  variant="subtle"
                  onClick={() =>
                    setEditing({
                      ...p,
                      id: `${p.id}-copy`.slice(0, 40),
                      name: `${p.name}（副本）`,
                      builtin: false,
                    })
                  }
                >
                  复制为新方案
                </Button>
              </Group>
            ) : null}
          </Group>
          {p.description ? (
            <Text size="xs" c="dimmed" mb={4}>
              {p.description}
            </Text>
          ) : null}
          <RatioTable profile={p} />
        </Paper>
      ))}
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title="抽查比例方案" size="xl">
        {editing ? (
          <Stack>
            <SimpleGrid cols={2}>
              <TextInput
                label="方案编号"
                value={editing.id}
                onChange={(e) => setEditing({ ...editing, id: e.currentTarget.value })}
              />
              <TextInput
                label="方案名称"
                value={editing.name}
                onChange={(e) => setEditing({ ...editing, name: e.currentTarget.value })}
              />
            </SimpleGrid>
            <Table withTableBorder>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>主体类型（%）</Table.Th>
                  {[...editing.classOrder, 'unclassified'].map((c) => (
                    <Table.Th key={c}>{classText(c === 'unclassified' ? null : c)}</Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {ENTITY_KINDS.map((k) => (
                  <Table.Tr key={k}>
                    <Table.Td>{ENTITY_KIND_LABELS[k]}</Table.Td>
                    {[...editing.classOrder, 'unclassified'].map((c) => (
                      <Table.Td key={c}>
                        <NumberInput
                          size="xs"
                          min={0}
                          max={100}
                          decimalScale={2}
                          value={(editing.ratios[k]?.[c] ?? 0) / 100}
                          onChange={(v) =>
                            setEditing({
                              ...editing,
                              ratios: {
                                ...editing.ratios,
                                [k]: { ...(editing.ratios[k] ?? {}), [c]: Math.round(Number(v || 0) * 100) },
                              },
                            })
                          }
                        />
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
                <Table.Tr>
                  <Table.Td>每年抽查上限（次）</Table.Td>
                  {editing.classOrder.map((c) => (
                    <Table.Td key={c}>
                      <NumberInput
                        size="xs"
                        min={0}
                        max={52}
                        placeholder="不限"
                        value={editing.yearlyCaps[c] ?? ''}
                        onChange={(v) => {
                          const caps = { ...editing.yearlyCaps };
                          if (v === '' || Number(v) <= 0) delete caps[c];
                          else caps[c] = Number(v);
                          setEditing({ ...editing, yearlyCaps: caps });
                        }}
                      />
                    </Table.Td>
                  ))}
                  <Table.Td />
                </Table.Tr>
              </Table.Tbody>
            </Table>
            <ErrorNote error={save.error} />
            <Group justify="flex-end">
              <Button
                loading={save.busy}
                onClick={async () => {
                  if (await save.run(() => api.call('sampling.profiles.save', editing))) {
                    setEditing(null);
                    reload();
                  }
                }}
              >
                保存
              </Button>
            </Group>
          </Stack>
        ) : null}
      </Modal>
    </Stack>
  );
}

function RatioTable({ profile }: { profile: RatioProfileData }) {
  const classes = [...profile.classOrder, 'unclassified'];
  return (
    <Table withTableBorder fz="sm">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>主体类型</Table.Th>
          {classes.map((c) => (
            <Table.Th key={c}>{classText(c === 'unclassified' ? null : c)}</Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {ENTITY_KINDS.filter((k) => profile.ratios[k]).map((k) => (
          <Table.Tr key={k}>
            <Table.Td>{ENTITY_KIND_LABELS[k]}</Table.Td>
            {classes.map((c) => (
              <Table.Td key={c}>{pct(profile.ratios[k]?.[c] ?? 0)}</Table.Td>
            ))}
          </Table.Tr>
        ))}
        {Object.keys(profile.yearlyCaps).length > 0 ? (
          <Table.Tr>
            <Table.Td>每年上限</Table.Td>
            {classes.map((c) => (
              <Table.Td key={c}>{profile.yearlyCaps[c] ? `${profile.yearlyCaps[c]} 次` : '不限'}</Table.Td>
            ))}
          </Table.Tr>
        ) : null}
      </Table.Tbody>
    </Table>
  );
}

// ---- calendar ----------------------------------------------------------------------------------

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];

export function CalendarTab({ canManage }: { canManage: boolean }) {
  const [year, setYear] = useState(new Date().getFullYear());
  const { value, error, reload } = useLoad(() => api.call('sampling.calendar.list', { year }), [year]);
  const [form, setForm] = useState<CalendarDayInput>({ date: '', kind: 'holiday', name: '' });
  const save = useSave();
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        工作日历：周一至周五为工作日，另按国务院办公厅每年公布的放假和调休安排设定。公示期限按此计算。
      </Text>
      <Group align="flex-end">
        <Select
          label="年份"
          data={[year - 1, year, year + 1].map(String)}
          value={String(year)}
          onChange={(v) => v && setYear(Number(v))}
          w={110}
          allowDeselect={false}
        />
        {canManage ? (
          <>
            <TextInput
              type="date"
              label="日期"
              value={form.date}
              onChange={(e) => setForm({ ...form, date: e.currentTarget.value })}
            />
            <Select
              label="类型"
              data={[
                { value: 'holiday', label: '放假' },
                { value: 'workday', label: '调休上班' },
              ]}
              value={form.kind}
              onChange={(v) => setForm({ ...form, kind: v === 'workday' ? 'workday' : 'holiday' })}
              w={130}
              allowDeselect={false}
            />
            <TextInput
              label="名称"
              placeholder="如 春节"
              value={form.name}
              onChange={(e) => setForm({ ...form, name: e.currentTarget.value })}
            />
            <Button
              loading={save.busy}
              onClick={async () => {
                if (await save.run(() => api.call('sampling.calendar.save', form))) reload();
              }}
            >
              添加
            </Button>
          </>
        ) : null}
      </Group>
      <ErrorNote error={error ?? save.error} />
      {value && value.days.length === 0 ? (
        <Text c="orange" size="sm">
          {year} 年尚未设置节假日，请按国务院办公厅的通知添加。
        </Text>
      ) : null}
      <Table striped withTableBorder data-testid="calendar-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>日期</Table.Th>
            <Table.Th>星期</Table.Th>
            <Table.Th>类型</Table.Th>
            <Table.Th>名称</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(value?.days ?? []).map((d) => (
            <Table.Tr key={d.date}>
              <Table.Td>{d.date}</Table.Td>
              <Table.Td>{WEEKDAYS[new Date(`${d.date}T00:00:00`).getDay()]}</Table.Td>
              <Table.Td>
                <Badge size="sm" variant="light" color={d.kind === 'holiday' ? 'red' : 'blue'}>
                  {d.kind === 'holiday' ? '放假' : '调休上班'}
                </Badge>
              </Table.Td>
              <Table.Td>{d.name}</Table.Td>
              <Table.Td>
                {canManage ? (
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label="删除"
                    onClick={async () => {
                      if (await save.run(() => api.call('sampling.calendar.delete', { date: d.date })))
                        reload();
                    }}
                  >
                    ×
                  </ActionIcon>
                ) : null}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
