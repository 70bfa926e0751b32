import { Alert, Badge, Button, Group, Menu, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { UserListItem } from '../../../../../shared/api/contracts/users.ts';
import type { Role } from '../../../../../shared/domain/users.ts';
import { api, errorMessage } from '../../../api.ts';
import { failureText, useApiQuery, useInvalidateApi } from '../../../data/api-query.ts';
import { useCan, useSessionUser } from '../../../security/session-context.ts';
import { formatLocalTime } from '../audit/audit-labels.ts';
import { IdleLockCard } from './IdleLockCard.tsx';
import { OwnPasswordCard } from './OwnPasswordCard.tsx';
import { JurisdictionSelect } from './JurisdictionSelect.tsx';
import { AddUserDialog, RemoveUserDialog, ResetPasswordDialog, ROLE_OPTIONS } from './UserDialogs.tsx';
import { useServerMode } from '../../../security/server-mode.ts';

/** 用户与角色: administrators manage users and the idle lock; everyone changes their own password. */
export function UsersTab() {
  const can = useCan();
  return (
    <Stack gap="lg">
      {can('users.manage') ? <UserList /> : null}
      {can('settings.manage') ? <IdleLockCard /> : null}
      <OwnPasswordCard />
    </Stack>
  );
}

function lockText(u: UserListItem): string | null {
  if (u.lockedUntil && Date.parse(u.lockedUntil) > Date.now())
    return `锁定至 ${formatLocalTime(u.lockedUntil)}`;
  if (u.failures > 0) return `连续登录失败 ${u.failures} 次`;
  return null;
}

function UserList() {
  const server = useServerMode();
  const me = useSessionUser();
  const list = useApiQuery('users.list', {});
  const users: UserListItem[] | null = list.data?.users ?? null;
  const [failure, setFailure] = useState<string | null>(null);
  const error = failure ?? failureText(list.error);
  const invalidate = useInvalidateApi();
  // Users, their roles and lockouts show in the audit log too.
  const load = () => invalidate('users', 'audit');
  const [notice, setNotice] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [resetting, setResetting] = useState<UserListItem | null>(null);
  const [removing, setRemoving] = useState<UserListItem | null>(null);

  const act = async (run: () => Promise<unknown>, done: string) => {
    try {
      await run();
      setNotice(done);
      setFailure(null);
    } catch (e) {
      setFailure(errorMessage(e));
      setNotice(null);
    }
    void load();
  };

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={5}>用户</Title>
        <Button onClick={() => setAdding(true)} data-testid="add-user">
          添加用户
        </Button>
      </Group>
      <Text size="xs" c="dimmed">
        管理员：全部功能；科室负责人：导入、评价、抽查的设置与审核、操作日志；执法人员：查看和录入抽查结果、导出；只读：仅查看。
      </Text>
      <Text size="xs" c="dimmed">
        限定了管辖单位的用户只能查看、导出本单位的市场主体（信用评价、抽查和导入仍按全县进行）。
      </Text>
      {error ? (
        <Alert color="red" variant="light" data-testid="users-error">
          {error}
        </Alert>
      ) : null}
      {notice ? (
        <Alert color="green" variant="light" withCloseButton onClose={() => setNotice(null)}>
          {notice}
        </Alert>
      ) : null}
      <Table withTableBorder verticalSpacing={6} data-testid="users-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>用户名</Table.Th>
            <Table.Th>姓名</Table.Th>
            <Table.Th w={150}>角色</Table.Th>
            <Table.Th w={220}>管辖单位</Table.Th>
            <Table.Th>状态</Table.Th>
            <Table.Th w={120} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(users ?? []).map((u) => {
            const self = u.username === me?.username;
            const lock = lockText(u);
            return (
              <Table.Tr key={u.username} data-testid="user-row">
                <Table.Td>{u.username}</Table.Td>
                <Table.Td>
                  {u.displayName}
                  {self ? (
                    <Badge ml={6} size="xs" variant="light" radius="sm">
                      当前用户
                    </Badge>
                  ) : null}
                </Table.Td>
                <Table.Td>
                  <Select
                    size="xs"
                    data={ROLE_OPTIONS}
                    value={u.role}
                    disabled={self}
                    allowDeselect={false}
                    aria-label={`${u.displayName}的角色`}
                    onChange={(v) =>
                      v &&
                      v !== u.role &&
                      void act(
                        () =>
                          api.call('users.update', {
                            username: u.username,
                            role: v as Role,
                            expectedVersion: u.version,
                          }),
                        `已修改 ${u.displayName} 的角色，下次登录生效。`,
                      )
                    }
                  />
                </Table.Td>
                <Table.Td>
                  <JurisdictionSelect
                    size="xs"
                    value={u.jurisdiction}
                    isAdmin={u.role === 'admin'}
                    ariaLabel={`${u.displayName}的管辖单位`}
                    testId="user-jurisdiction"
                    onChange={(unit) =>
                      unit !== u.jurisdiction &&
                      void act(
                        () =>
                          api.call('users.update', {
                            username: u.username,
                            jurisdiction: unit,
                            expectedVersion: u.version,
                          }),
                        unit === null
                          ? `${u.displayName} 现在可查看全县的市场主体，立即生效。`
                          : `${u.displayName} 现在只能查看“${unit}”的市场主体，立即生效。`,
                      )
                    }
                  />
                </Table.Td>
                <Table.Td>
                  {!u.hasKey ? (
                    <Badge color="red" variant="light" radius="sm">
                      {server ? '尚未设置服务器密码，无法登录' : '缺少密钥，无法登录'}
                    </Badge>
                  ) : lock ? (
                    <Badge color="orange" variant="light" radius="sm">
                      {lock}
                    </Badge>
                  ) : (
                    <Text size="sm" c="dimmed">
                      正常
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Menu position="bottom-end" withinPortal>
                    <Menu.Target>
                      <Button size="xs" variant="default">
                        操作
                      </Button>
                    </Menu.Target>
                    <Menu.Dropdown>
                      <Menu.Item onClick={() => setResetting(u)}>重设密码</Menu.Item>
                      {lock ? (
                        <Menu.Item
                          onClick={() =>
                            void act(
                              () => api.call('users.unlock', { username: u.username }),
                              `已解除 ${u.displayName} 的登录锁定。`,
                            )
                          }
                        >
                          解除锁定
                        </Menu.Item>
                      ) : null}
                      <Menu.Item color="red" disabled={self} onClick={() => setRemoving(u)}>
                        删除用户
                      </Menu.Item>
                    </Menu.Dropdown>
                  </Menu>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      <AddUserDialog
        opened={adding}
        onClose={() => setAdding(false)}
        onDone={() => {
          setAdding(false);
          setNotice('已添加用户。');
          void load();
        }}
      />
      <ResetPasswordDialog
        user={resetting}
        onClose={(done) => {
          if (done && resetting) setNotice(`已重设 ${resetting.displayName} 的密码。`);
          setResetting(null);
        }}
      />
      <RemoveUserDialog
        user={removing}
        onClose={(done) => {
          if (done && removing) setNotice(`已删除用户 ${removing.displayName}。`);
          setRemoving(null);
          void load();
        }}
      />
    </Stack>
  );
}
