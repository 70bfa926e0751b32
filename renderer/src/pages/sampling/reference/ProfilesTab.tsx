/** 抽查比例方案: ratios per entity kind and risk class, yearly caps; built-in ones can be copied. */
import {
  Badge,
  Button,
  Group,
  Modal,
  NumberInput,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import type { RatioProfileData } from '../../../../../shared/api/contracts/sampling.ts';
import { ENTITY_KIND_LABELS, ENTITY_KINDS } from '../../../../../shared/domain/entity.ts';
import { api } from '../../../api.ts';
import { failureText, useApiQuery, useInvalidateApi } from '../../../data/api-query.ts';
import { classText, ErrorNote, pct } from '../shared.tsx';
import { useSave } from './form-helpers.ts';

export function ProfilesTab({ canManage }: { canManage: boolean }) {
  const query = useApiQuery('sampling.profiles.list', {});
  const value = query.data;
  const error = failureText(query.error);
  const invalidate = useInvalidateApi();
  const reload = () => void invalidate('sampling');
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
