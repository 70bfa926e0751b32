/** 抽查比例方案: ratios per entity kind and risk class, yearly caps; built-in ones can be copied. */
import { Badge, Button, Group, Modal, Paper, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import type { RatioProfileData, RatioProfileRow } from '../../../../../shared/api/contracts/sampling.ts';
import { ENTITY_KIND_LABELS, ENTITY_KINDS } from '../../../../../shared/domain/entity.ts';
import { failureText, useApiQuery, useInvalidateApi } from '../../../data/api-query.ts';
import { classText, ErrorNote, pct } from '../shared.tsx';
import { ProfileForm } from './ProfileForm.tsx';

export function ProfilesTab({ canManage }: { canManage: boolean }) {
  const query = useApiQuery('sampling.profiles.list', {});
  const value = query.data;
  const error = failureText(query.error);
  const invalidate = useInvalidateApi();
  const reload = () => void invalidate('sampling');
  /** The profile the form is filled from, with its version (0 for a copy). */
  const [editing, setEditing] = useState<RatioProfileRow | null>(null);
  /** Another officer saved the profile meanwhile: the form was closed and this says why. */
  const [stale, setStale] = useState<string | null>(null);
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        按主体类型和风险等级设定抽查比例（按万分比整数存储，抽取数向上取整）。比例须随风险等级升高而不降。
      </Text>
      <ErrorNote error={error ?? stale} />
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
                <Button
                  size="compact-xs"
                  variant="subtle"
                  onClick={() => {
                    setStale(null);
                    setEditing(p);
                  }}
                >
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
                      version: 0,
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
          <ProfileForm
            initial={editing}
            onSaved={() => {
              setEditing(null);
              reload();
            }}
            onStale={(message) => {
              // Close the form, say why, and list what the other officer saved.
              setEditing(null);
              setStale(message);
              reload();
            }}
          />
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
