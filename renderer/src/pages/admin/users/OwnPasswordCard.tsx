import { Alert, Button, Group, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { passwordSchema } from '../../../../../shared/domain/users.ts';
import { api, errorMessage } from '../../../api.ts';
import { PASSWORD_CHECK_WHY, WaitNote } from '../../../components/WaitNote.tsx';

/** Every user changes their own password here; the current one is asked again. */
export function OwnPasswordCard() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    const valid = passwordSchema.safeParse(next);
    if (!valid.success)
      return setMessage({ ok: false, text: valid.error.issues[0]?.message ?? '新密码无效' });
    if (next !== again) return setMessage({ ok: false, text: '两次输入的新密码不一致' });
    setBusy(true);
    setMessage(null);
    try {
      await api.call('users.changeOwnPassword', { currentPassword: current, newPassword: next });
      setMessage({ ok: true, text: '密码已修改，下次登录请使用新密码。' });
      setCurrent('');
      setNext('');
      setAgain('');
    } catch (e) {
      setMessage({ ok: false, text: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Paper withBorder p="md" maw={520}>
      <form onSubmit={(ev) => void submit(ev)} noValidate>
        <Stack gap="sm">
          <Title order={5}>修改我的密码</Title>
          <Text size="xs" c="dimmed">
            密码至少 8 位。修改密码不会重新加密数据库，旧密码立即失效。
          </Text>
          <PasswordInput
            label="当前密码"
            autoComplete="current-password"
            value={current}
            onChange={(e) => setCurrent(e.currentTarget.value)}
          />
          <PasswordInput
            label="新密码"
            autoComplete="new-password"
            value={next}
            onChange={(e) => setNext(e.currentTarget.value)}
          />
          <PasswordInput
            label="再次输入新密码"
            autoComplete="new-password"
            value={again}
            onChange={(e) => setAgain(e.currentTarget.value)}
          />
          {message ? (
            <Alert color={message.ok ? 'green' : 'red'} variant="light">
              {message.text}
            </Alert>
          ) : null}
          <Group>
            <Button type="submit" loading={busy} disabled={!current || !next}>
              修改密码
            </Button>
          </Group>
          {busy ? <WaitNote text="正在验证原密码并保存新密码…" detail={PASSWORD_CHECK_WHY} /> : null}
        </Stack>
      </form>
    </Paper>
  );
}
