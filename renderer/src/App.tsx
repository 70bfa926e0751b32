import { Alert, Button, Center, Loader, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Output } from '../../shared/api/contract.ts';
import type { CountyProfile } from '../../shared/domain/county.ts';
import type { UserInfo } from '../../shared/domain/users.ts';
import { api, errorMessage, SESSION_LOST_EVENT } from './api.ts';
import { ConnectionPage } from './pages/ConnectionPage.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { SetupPage } from './pages/SetupPage.tsx';
import { Shell } from './pages/Shell.tsx';
import { LockScreen } from './security/LockScreen.tsx';
import { IDLE_CHANGED_EVENT, SessionUserContext } from './security/session-context.ts';
import { ServerModeContext } from './security/server-mode.ts';
import { useIdleLock } from './security/useIdleLock.ts';

type Status = Output<'app.status'>;
type ConnectionInfo = Output<'connection.get'>;

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
  | {
      kind: 'locked';
      locked: { username: string; displayName: string };
      county: CountyProfile | null;
      notice?: string;
    }
  | { kind: 'app'; session: Session }
  /** 连接方式: first run of the desktop app (`first`), or opened from the login page or the header. */
  | { kind: 'connection'; info: ConnectionInfo; first: boolean };

const IDLE_NOTICE = '长时间未操作，程序已自动锁定。请输入密码继续。';

/**
 * After the session ended on the backend's side: the lock screen when it was a lock, else the login page.
 * `message` null: nothing ended, the app has just been opened, and the login page says nothing of it.
 */
async function afterSessionLost(county: CountyProfile | null, message: string | null): Promise<State> {
  try {
    const { locked } = await api.call('lock.status', {});
    if (locked) return { kind: 'locked', locked, county, notice: IDLE_NOTICE };
  } catch {
    // The backend is gone: the login page says what can be said.
  }
  if (message === null) return { kind: 'login', county };
  return { kind: 'login', county, notice: message || '登录已失效，请重新登录' };
}

export function App() {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [idleSeconds, setIdleSeconds] = useState<number | null>(null);
  /** A bureau server shared by many officers (rather than this desk's own database). */
  const [server, setServer] = useState(false);
  /** The connection choice, where there is one to make (the desktop app, browser mode); null elsewhere. */
  const [connection, setConnection] = useState<ConnectionInfo | null>(null);
  const stateRef = useRef(state);
  stateRef.current = state;

  const load = useCallback(async () => {
    setState({ kind: 'loading' });
    let info: ConnectionInfo | null = null;
    try {
      info = await api.call('connection.get', {});
    } catch {
      // A browser on the bureau server: no choice to make here.
    }
    setConnection(info);
    // The desktop app's first run (or its chosen server could not be opened): ask before anything else.
    if (info?.ask) {
      setState({ kind: 'connection', info, first: true });
      return;
    }
    try {
      const status = await api.call('app.status', {});
      setServer(status.server === true);
      if (!status.databaseExists) setState({ kind: 'setup', status });
      else if (status.user && status.county)
        setState({ kind: 'app', session: { user: status.user, county: status.county } });
      else setState(await afterSessionLost(status.county, null));
    } catch (e) {
      setState({ kind: 'error', message: errorMessage(e) });
    }
  }, []);

  const sessionUser = state.kind === 'app' ? state.session.user.username : null;
  const queryClient = useQueryClient();
  // Answers read for one session are not shown in the next (another user, another role, a restored backup).
  useEffect(() => {
    if (sessionUser === null) queryClient.clear();
  }, [sessionUser, queryClient]);
  // The idle time applies to whoever is logged in; read it at every login.
  useEffect(() => {
    setIdleSeconds(null);
    if (!sessionUser) return;
    let live = true;
    api.call('lock.status', {}).then(
      (s) => live && setIdleSeconds(s.idleLockSeconds),
      () => undefined,
    );
    const onChanged = (ev: Event) => setIdleSeconds((ev as CustomEvent<number>).detail);
    window.addEventListener(IDLE_CHANGED_EVENT, onChanged);
    return () => {
      live = false;
      window.removeEventListener(IDLE_CHANGED_EVENT, onChanged);
    };
  }, [sessionUser]);

  const lockNow = useCallback(async () => {
    if (state.kind !== 'app') return;
    const { user, county } = state.session;
    try {
      // The backend closes the database and zeroes its copy of the key.
      await api.call('lock.lock', {});
    } catch {
      // Already locked or logged out on the backend's side: the screen locks all the same.
    }
    setState({
      kind: 'locked',
      locked: { username: user.username, displayName: user.displayName },
      county,
      notice: IDLE_NOTICE,
    });
  }, [state]);

  useIdleLock(state.kind === 'app' ? idleSeconds : null, () => void lockNow());

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    const onLost = (ev: Event) => {
      const detail = (ev as CustomEvent<string>).detail;
      const s = stateRef.current;
      if (s.kind !== 'app') return;
      void afterSessionLost(s.session.county, detail).then((next) =>
        setState((now) => (now.kind === 'app' && now.session === s.session ? next : now)),
      );
    };
    window.addEventListener(SESSION_LOST_EVENT, onLost);
    return () => window.removeEventListener(SESSION_LOST_EVENT, onLost);
  }, []);

  const logout = useCallback(
    async (everywhere: boolean) => {
      const county = state.kind === 'app' ? state.session.county : null;
      let notice = '已退出登录';
      try {
        if (everywhere) {
          const { sessions } = await api.call('session.logoutEverywhere', {});
          notice = `已在所有设备上退出登录（共 ${sessions} 处）`;
        } else await api.call('session.logout', {});
      } catch {
        // Already logged out on the server side: nothing more to do.
      }
      window.history.replaceState(null, '', window.location.pathname + window.location.search);
      setState({ kind: 'login', county, notice });
    },
    [state],
  );

  const openConnection = connection
    ? () => setState({ kind: 'connection', info: connection, first: false })
    : undefined;

  switch (state.kind) {
    case 'connection':
      return (
        <ConnectionPage
          current={state.info.choice}
          notice={state.info.notice}
          first={state.first}
          onBack={() => void load()}
        />
      );
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
      return (
        <SetupPage
          status={state.status}
          onDone={(session) => setState({ kind: 'app', session })}
          onConnection={openConnection}
        />
      );
    case 'login':
      return (
        <LoginPage
          county={state.county}
          notice={state.notice}
          server={server}
          onLogin={(session) => setState({ kind: 'app', session })}
          onConnection={openConnection}
        />
      );
    case 'locked':
      return (
        <LockScreen
          locked={state.locked}
          county={state.county}
          notice={state.notice}
          onUnlock={(session, sameUser) => {
            // Another user starts from the 工作台; the same user comes back to the page they left.
            if (!sameUser)
              window.history.replaceState(null, '', window.location.pathname + window.location.search);
            setState({ kind: 'app', session });
          }}
        />
      );
    case 'app':
      return (
        <SessionUserContext.Provider value={state.session.user}>
          <ServerModeContext.Provider value={server}>
            <Shell
              key={state.session.user.username}
              session={state.session}
              server={server}
              onLogout={(everywhere) => void logout(everywhere)}
              onConnection={openConnection}
            />
          </ServerModeContext.Provider>
        </SessionUserContext.Provider>
      );
  }
}
