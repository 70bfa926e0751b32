import {
  Alert,
  Anchor,
  Box,
  Button,
  Center,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import type { CountyProfile } from '../../../shared/domain/county.ts';
import { api, errorMessage } from '../api.ts';
import type { Session } from '../App.tsx';
import { Brand } from '../components/Brand.tsx';
import { PASSWORD_CHECK_NOTE, PASSWORD_CHECK_WHY, WaitNote } from '../components/WaitNote.tsx';

/**
 * The idle lock's screen: the data key has been dropped in the backend, the pages are gone from the
 * window, and only the password brings them back. The locked user is filled in; another user may log
 * in instead (then the app starts from the 工作台).
 */
export function LockScreen({
  locked,
  county,
  notice,
  onUnlock,
}: {
  locked: { username: string; displayName: string };
  county: CountyProfile | null;
  notice?: string | undefined;
  onUnlock: (s: Session, sameUser: boolean) => void;
}) {
  const [switching, setSwitching] = useState(false);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    if (busy) return;
    const name = switching ? username.trim() : locked.username;
    if (!name || !password) {
      setError(switching ? '请输入用户名和密码' : '请输入密码');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const out = await api.call('session.login', { username: name, password });
      onUnlock({ user: out.user, county: out.county }, out.user.username === locked.username);
    } catch (e) {
      setError(errorMessage(e));
      setPassword('');
      setBusy(false);
    }
  };

  return (
    <Center mih="100%" py={40} px="md" data-testid="lock-screen">
      <Box w={400}>
        <Paper p="xl" withBorder shadow="xs">
          <Stack gap="lg">
            <Brand subtitle={county ? county.bureau : null} />
            <Stack gap={4}>
              <Title order={4}>已锁定</Title>
              <Text size="sm" c="dimmed">
                {notice ?? '为保护数据，程序已锁定。请输入密码继续。'}
              </Text>
            </Stack>
            <form onSubmit={(ev) => void submit(ev)} noValidate>
              <Stack gap="md">
                {switching ? (
                  <TextInput
                    label="用户名"
                    autoComplete="username"
                    autoFocus
                    value={username}
                    onChange={(e) => setUsername(e.currentTarget.value)}
                    data-testid="lock-username"
                  />
                ) : (
                  <Text fw={500} data-testid="lock-user">
                    {locked.displayName}（{locked.username}）
                  </Text>
                )}
                <PasswordInput
                  label="密码"
                  autoComplete="current-password"
                  autoFocus={!switching}
                  value={password}
                  onChange={(e) => setPassword(e.currentTarget.value)}
                  data-testid="lock-password"
                />
                {error ? (
                  <Alert color="red" variant="light" role="alert" data-testid="lock-error">
                    {error}
                  </Alert>
                ) : null}
                <Button type="submit" fullWidth size="md" loading={busy} data-testid="lock-submit">
                  {switching ? '登录' : '解锁'}
                </Button>
                {busy ? (
                  <WaitNote text={PASSWORD_CHECK_NOTE} detail={PASSWORD_CHECK_WHY} data-testid="lock-wait" />
                ) : null}
                <Anchor
                  component="button"
                  type="button"
                  size="sm"
                  onClick={() => {
                    setSwitching((s) => !s);
                    setError(null);
                    setPassword('');
                  }}
                  data-testid="lock-switch-user"
                >
                  {switching ? `以 ${locked.displayName} 的身份解锁` : '切换用户'}
                </Anchor>
              </Stack>
            </form>
          </Stack>
        </Paper>
      </Box>
    </Center>
  );
}
