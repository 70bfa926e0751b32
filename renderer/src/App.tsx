import { Alert, Button, Center, Loader, Stack, Text } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import type { Output } from '../../shared/api/contract.ts';
import type { CountyProfile } from '../../shared/domain/county.ts';
import type { UserInfo } from '../../shared/domain/users.ts';
import { api, errorMessage, SESSION_LOST_EVENT } from './api.ts';
import { LoginPage } from './pages/LoginPage.tsx';
import { SetupPage } from './pages/SetupPage.tsx';
import { Shell } from './pages/Shell.tsx';

type Status = Output<'app.status'>;

export interface Session {
  user: UserInfo;
  county: CountyProfile;
  /** One-time message for the dashboard, e.g. after the first-run setup. */
  welcome?: string;
}

type State =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'setup'; status: Status }
  | { kind: 'login'; county: CountyProfile | null; notice?: string }
  | { kind: 'app'; session: Session };

export function App() {
  const [state, setState] = useState<State>({ kind: 'loading' });

  const load = useCallback(async () => {
    setState({ kind: 'loading' });
    try {
      const status = await api.call('app.status', {});
      if (!status.databaseExists) setState({ kind: 'setup', status });
      else if (status.user && status.county)
        setState({ kind: 'app', session: { user: status.user, county: status.county } });
      else setState({ kind: 'login', county: status.county });
    } catch (e) {
      setState({ kind: 'error', message: errorMessage(e) });
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    const onLost = (ev: Event) => {
      const detail = (ev as CustomEvent<string>).detail;
      setState((s) =>
        s.kind === 'app'
          ? { kind: 'login', county: s.session.county, notice: detail || '登录已失效，请重新登录' }
          : s,
      );
    };
    window.addEventListener(SESSION_LOST_EVENT, onLost);
    return () => window.removeEventListener(SESSION_LOST_EVENT, onLost);
  }, []);

  const logout = useCallback(async () => {
    const county = state.kind === 'app' ? state.session.county : null;
    try {
      await api.call('session.logout', {});
    } catch {
      // Already logged out on the server side: nothing more to do.
    }
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
    setState({ kind: 'login', county, notice: '已退出登录' });
  }, [state]);

  switch (state.kind) {
    case 'loading':
      return (
        <Center h="100%">
          <Stack align="center" gap="sm">
            <Loader />
            <Text c="dimmed">正在启动…</Text>
          </Stack>
        </Center>
      );
    case 'error':
      return (
        <Center h="100%">
          <Alert color="red" title="程序无法启动" maw={480} data-testid="startup-error">
            <Stack gap="sm">
              <Text size="sm">{state.message}</Text>
              <Button
                variant="filled"
                color="red"
                onClick={() => void load()}
                w="fit-content"
                data-testid="startup-retry"
              >
                重试
              </Button>
            </Stack>
          </Alert>
        </Center>
      );
    case 'setup':
      return <SetupPage status={state.status} onDone={(session) => setState({ kind: 'app', session })} />;
    case 'login':
      return (
        <LoginPage
          county={state.county}
          notice={state.notice}
          onLogin={(session) => setState({ kind: 'app', session })}
        />
      );
    case 'app':
      return <Shell session={state.session} onLogout={() => void logout()} />;
  }
}
