import { Alert, Button, Group, Modal, PasswordInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { useState } from 'react';
import { z } from 'zod';
import { type UserListItem, usersContract } from '../../../../../shared/api/contracts/users.ts';
import { ROLE_LABELS, ROLES } from '../../../../../shared/domain/users.ts';
import { api, errorMessage } from '../../../api.ts';
import { PASSWORD_HASH_WHY, WaitNote } from '../../../components/WaitNote.tsx';
import { useServerMode } from '../../../security/server-mode.ts';
import { JurisdictionSelect } from './JurisdictionSelect.tsx';

export const ROLE_OPTIONS = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));

const AGAIN_MISMATCH = { message: '两次输入的密码不一致', path: ['again'] };

/** The call's own input plus the password typed a second time, which never leaves the form. */
const addUserFormSchema = usersContract['users.add'].input
  .extend({ again: z.string() })
  .refine((v) => v.password === v.again, AGAIN_MISMATCH);
type AddUserFormValues = z.input<typeof addUserFormSchema>;

const resetPasswordFormSchema = usersContract['users.setPassword'].input
  .pick({ password: true })
  .extend({ again: z.string() })
  .refine((v) => v.password === v.again, AGAIN_MISMATCH);
type ResetPasswordFormValues = z.input<typeof resetPasswordFormSchema>;

const ADD_USER_EMPTY: AddUserFormValues = {
  username: '',
  displayName: '',
  role: 'officer',
  password: '',
  again: '',
  jurisdiction: null,
};

/** 添加用户: name, role and a first password (the user changes it later under 修改我的密码). */
export function AddUserDialog({
  opened,
  onClose,
  onDone,
}: {
  opened: boolean;
  onClose: () => void;
  onDone: () => void;
}) {
  const form = useForm<AddUserFormValues>({
    initialValues: ADD_USER_EMPTY,
    validate: schemaResolver(addUserFormSchema, { sync: true }),
  });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async ({ username, displayName, role, password, jurisdiction }: AddUserFormValues) => {
    setBusy(true);
    setError(null);
    try {
      await api.call('users.add', {
        username: username.trim(),
        displayName: displayName.trim(),
        role,
        password,
        // A 管理员 is never scoped: a unit picked before switching the role to 管理员 is dropped.
        jurisdiction: role === 'admin' ? null : (jurisdiction ?? null),
      });
      // The role chosen last is kept: several users of one role are often added in a row.
      form.setValues({ ...ADD_USER_EMPTY, role });
      onDone();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title="添加用户" centered>
      <form onSubmit={form.onSubmit((v) => void submit(v))} noValidate data-testid="add-user-form">
        <Stack gap="sm">
          <TextInput
            label="用户名"
            description="登录时使用：字母、数字、下划线、点或连字符"
            {...form.getInputProps('username')}
            data-testid="add-user-username"
          />
          <TextInput label="姓名" {...form.getInputProps('displayName')} data-testid="add-user-name" />
          <Select
            label="角色"
            data={ROLE_OPTIONS}
            {...form.getInputProps('role')}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
            data-testid="add-user-role"
          />
          <JurisdictionSelect
            label="管辖单位"
            value={form.values.jurisdiction ?? null}
            onChange={(unit) => form.setFieldValue('jurisdiction', unit)}
            isAdmin={form.values.role === 'admin'}
            testId="add-user-jurisdiction"
          />
          <PasswordInput
            label="初始密码"
            description="至少 8 位"
            autoComplete="new-password"
            {...form.getInputProps('password')}
            data-testid="add-user-password"
          />
          <PasswordInput
            label="再次输入密码"
            autoComplete="new-password"
            {...form.getInputProps('again')}
            data-testid="add-user-password2"
          />
          {error ? (
            <Alert color="red" variant="light" data-testid="add-user-error">
              {error}
            </Alert>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              取消
            </Button>
            <Button type="submit" loading={busy} data-testid="add-user-submit">
              添加
            </Button>
          </Group>
          {busy ? <WaitNote text="正在加密保存新用户的密码…" detail={PASSWORD_HASH_WHY} /> : null}
        </Stack>
      </form>
    </Modal>
  );
}

/** 重设密码 for a user who forgot theirs: the data key is wrapped again for the new password. */
export function ResetPasswordDialog({
  user,
  onClose,
}: {
  user: UserListItem | null;
  onClose: (done: boolean) => void;
}) {
  const form = useForm<ResetPasswordFormValues>({
    initialValues: { password: '', again: '' },
    validate: schemaResolver(resetPasswordFormSchema, { sync: true }),
  });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const close = (done: boolean) => {
    form.reset();
    setError(null);
    onClose(done);
  };
  const submit = async ({ password }: ResetPasswordFormValues) => {
    if (!user) return;
    setBusy(true);
    try {
      await api.call('users.setPassword', { username: user.username, password });
      close(true);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      opened={user !== null}
      onClose={() => close(false)}
      title={`重设密码：${user?.displayName ?? ''}`}
      centered
    >
      <form onSubmit={form.onSubmit((v) => void submit(v))} noValidate>
        <Stack gap="sm">
          <PasswordInput label="新密码" autoComplete="new-password" {...form.getInputProps('password')} />
          <PasswordInput
            label="再次输入新密码"
            autoComplete="new-password"
            {...form.getInputProps('again')}
          />
          {error ? (
            <Alert color="red" variant="light">
              {error}
            </Alert>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => close(false)}>
              取消
            </Button>
            <Button type="submit" loading={busy}>
              重设密码
            </Button>
          </Group>
          {busy ? <WaitNote text="正在加密保存新密码…" detail={PASSWORD_HASH_WHY} /> : null}
        </Stack>
      </form>
    </Modal>
  );
}

/** 删除用户, confirmed: the wrapped key leaves the key file; the name stays in the log. */
export function RemoveUserDialog({
  user,
  onClose,
}: {
  user: UserListItem | null;
  onClose: (done: boolean) => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const server = useServerMode();
  const remove = async () => {
    if (!user) return;
    setBusy(true);
    try {
      await api.call('users.remove', { username: user.username });
      setError(null);
      onClose(true);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      opened={user !== null}
      onClose={() => {
        setError(null);
        onClose(false);
      }}
      title="删除用户"
      centered
    >
      <Stack gap="sm">
        <Text size="sm">
          删除后，{user?.displayName}（{user?.username}）将无法再登录。其操作记录保留在操作日志中。
        </Text>
        {server ? (
          <Text size="xs" c="dimmed">
            该用户在所有浏览器上的登录将立即失效。
          </Text>
        ) : (
          <Text size="xs" c="dimmed">
            注意：数据库本身的密钥不会更换。如该用户可能持有旧的密钥文件副本，请在删除后更换所有人的密码并妥善保管旧备份。
          </Text>
        )}
        {error ? (
          <Alert color="red" variant="light">
            {error}
          </Alert>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={() => onClose(false)}>
            取消
          </Button>
          <Button color="red" onClick={() => void remove()} loading={busy} data-testid="remove-user-confirm">
            删除
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
