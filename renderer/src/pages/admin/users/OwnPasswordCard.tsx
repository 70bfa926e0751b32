import { Alert, Button, Group, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { useState } from 'react';
import { z } from 'zod';
import { usersContract } from '../../../../../shared/api/contracts/users.ts';
import { api, errorMessage } from '../../../api.ts';
import { PASSWORD_CHECK_WHY, WaitNote } from '../../../components/WaitNote.tsx';

/** The call's own input plus the new password typed a second time, which never leaves the form. */
const ownPasswordFormSchema = usersContract['users.changeOwnPassword'].input
  .extend({ again: z.string() })
  .refine((v) => v.newPassword === v.again, { message: '两次输入的新密码不一致', path: ['again'] });
type OwnPasswordFormValues = z.input<typeof ownPasswordFormSchema>;

/** Every user changes their own password here; the current one is asked again. */
export function OwnPasswordCard() {
  const form = useForm<OwnPasswordFormValues>({
    initialValues: { currentPassword: '', newPassword: '', again: '' },
    validate: schemaResolver(ownPasswordFormSchema, { sync: true }),
  });
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const submit = async ({ currentPassword, newPassword }: OwnPasswordFormValues) => {
    setBusy(true);
    setMessage(null);
    try {
      await api.call('users.changeOwnPassword', { currentPassword, newPassword });
      setMessage({ ok: true, text: '密码已修改，下次登录请使用新密码。' });
      form.reset();
    } catch (e) {
      setMessage({ ok: false, text: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Paper withBorder p="md" maw={520}>
      <form onSubmit={form.onSubmit((v) => void submit(v))} noValidate>
        <Stack gap="sm">
          <Title order={5}>修改我的密码</Title>
          <Text size="xs" c="dimmed">
            密码至少 8 位。修改密码不会重新加密数据库，旧密码立即失效。
          </Text>
          <PasswordInput
            label="当前密码"
            autoComplete="current-password"
            {...form.getInputProps('currentPassword')}
          />
          <PasswordInput label="新密码" autoComplete="new-password" {...form.getInputProps('newPassword')} />
          <PasswordInput
            label="再次输入新密码"
            autoComplete="new-password"
            {...form.getInputProps('again')}
          />
          {message ? (
            <Alert color={message.ok ? 'green' : 'red'} variant="light">
              {message.text}
            </Alert>
          ) : null}
          <Group>
            <Button
              type="submit"
              loading={busy}
              disabled={!form.values.currentPassword || !form.values.newPassword}
            >
              修改密码
            </Button>
          </Group>
          {busy ? <WaitNote text="正在验证原密码并保存新密码…" detail={PASSWORD_CHECK_WHY} /> : null}
        </Stack>
      </form>
    </Paper>
  );
}
