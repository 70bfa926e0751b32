import { Alert, Box, Button, Center, Paper, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { ApiError } from '../../../shared/api/errors.ts';
import type { CountyProfile } from '../../../shared/domain/county.ts';
import { api, errorMessage } from '../api.ts';
import type { Session } from '../App.tsx';
import { Brand } from '../components/Brand.tsx';
import { ConnectionLink } from '../components/ConnectionLink.tsx';
import { RecoveryPanel } from '../components/recovery/RecoveryPanel.tsx';
import { PASSWORD_CHECK_NOTE, PASSWORD_CHECK_WHY, WaitNote } from '../components/WaitNote.tsx';

export function LoginPage({
  county,
  notice,
  server,
  onLogin,
  onConnection,
}: {
  county: CountyProfile | null;
  notice?: string | undefined;
  /** A bureau server: its database is not this computer's, so neither is its recovery nor its encryption. */
  server: boolean;
  onLogin: (s: Session) => void;
  /** Opens 连接方式; absent in a browser on the bureau server, where there is no choice to make. */
  onConnection?: (() => void) | undefined;
}) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Set when the database could not be opened: the recovery screen (restore a backup) replaces the form.
  const [damaged, setDamaged] = useState<string | null>(null);
  const [restoredNotice, setRestoredNotice] = useState<string | null>(null);

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    if (busy) return;
    if (!username.trim() || !password) {
      setError('请输入用户名和密码');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const out = await api.call('session.login', { username: username.trim(), password });
      onLogin({ user: out.user, county: out.county });
    } catch (e) {
      // A server's unreachable database is its administrator's to fix; restoring a desk backup is no cure.
      if (e instanceof ApiError && e.code === 'database_unreadable' && !server) setDamaged(errorMessage(e));
      else setError(errorMessage(e));
      setPassword('');
      setBusy(false);
    }
  };

  if (damaged) {
    return (
      <Center mih="100%" py={40} px="md">
        <Box w={560}>
          <RecoveryPanel
            reason={damaged}
            onRestored={(n) => {
              setDamaged(null);
              setRestoredNotice(n);
            }}
            onCancel={() => setDamaged(null)}
          />
        </Box>
      </Center>
    );
  }
  const shownNotice = restoredNotice ?? notice;

  return (
    <Center mih="100%" py={40} px="md">
      <Box w={400}>
        <Paper p="xl" withBorder shadow="xs">
          <Stack gap="lg">
            <Brand subtitle={county ? county.bureau : null} />
            {shownNotice && !error ? (
              <Alert color="gray" variant="light" data-testid="login-notice">
                {shownNotice}
              </Alert>
            ) : null}
            <form onSubmit={(ev) => void submit(ev)} noValidate data-testid="login-form">
              <Stack gap="md">
                <TextInput
                  label="用户名"
                  autoComplete="username"
                  autoFocus
                  value={username}
                  onChange={(e) => setUsername(e.currentTarget.value)}
                  data-testid="login-username"
                />
                <PasswordInput
                  label="密码"
                  autoComplete="current-password"
                  value={password}
                  onChange={(e) => setPassword(e.currentTarget.value)}
                  data-testid="login-password"
                />
                {error ? (
                  <Alert color="red" variant="light" data-testid="login-error" role="alert">
                    {error}
                  </Alert>
                ) : null}
                <Button type="submit" fullWidth size="md" loading={busy} data-testid="login-submit">
                  登录
                </Button>
                {busy ? (
                  <WaitNote text={PASSWORD_CHECK_NOTE} detail={PASSWORD_CHECK_WHY} data-testid="login-wait" />
                ) : null}
              </Stack>
            </form>
          </Stack>
        </Paper>
        <Text ta="center" size="xs" c="dimmed" mt="md">
          {server
            ? '数据保存在单位服务器上，只在单位内部网络中使用。'
            : '数据保存在本机并加密，不连接互联网。'}
        </Text>
        {onConnection ? (
          <Center mt="xs">
            <ConnectionLink onOpen={onConnection} />
          </Center>
        ) : null}
      </Box>
    </Center>
  );
}
