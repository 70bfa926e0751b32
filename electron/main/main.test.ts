/**
 * main.ts is Electron-only glue, and the Electron binary is not available to tests. Two layers:
 * a static check of the source (a regression that drops a hardening call fails even if the fake below
 * drifts), and a run of the real module against a fake 'electron' module and a fake backend worker.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserWindowConstructorOptions } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));
const source = readFileSync(path.join(here, 'main.ts'), 'utf8');
/** The source with line breaks after "(" removed, so formatting does not matter to the checks. */
const compact = source.replace(/\(\s+/g, '(');

describe('main.ts (static)', () => {
  it.each([
    'app.requestSingleInstanceLock()',
    'app.enableSandbox()',
    'Menu.setApplicationMenu(null)',
    'hardenAllContents(app',
    'blockNetwork(session.defaultSession',
    'installContentSecurityPolicy(session.defaultSession',
    'bindIpc(ipcMain',
    'isTrustedCall(loc',
    'installCertificatePin(session.defaultSession',
    'new BrowserWindow(secureWindowOptions(',
    'defaultDataDir()',
    'dialog.showErrorBox(',
  ])('calls %s', (call) => {
    expect(compact).toContain(call);
  });

  it('never turns the hardening off', () => {
    expect(source).not.toMatch(/nodeIntegration\s*:\s*true|contextIsolation\s*:\s*false|sandbox\s*:\s*false/);
    expect(source).not.toMatch(/webSecurity\s*:\s*false|allowRunningInsecureContent\s*:\s*true/);
    expect(source).not.toMatch(/disable-web-security|ignore-certificate-errors|no-sandbox/);
    expect(source).not.toMatch(/\bshell\.openExternal\b/);
  });

  it('uses the same app id as the installer configuration', async () => {
    const appId = /const APP_ID = '([^']+)'/.exec(source)?.[1];
    expect(appId).toBeDefined();
    const config = readFileSync(path.join(here, '../../build/electron-builder.config.cjs'), 'utf8');
    expect(config).toContain(`appId: '${appId}'`);
    expect(source).toContain('app.setAppUserModelId(APP_ID)');
  });
});

// ---- a fake 'electron' for running main.ts --------------------------------------------------------

const h = vi.hoisted(() => {
  type Fn = (...args: never[]) => unknown;
  class Emitter {
    readonly listeners = new Map<string, Fn[]>();
    on(event: string, listener: Fn): this {
      this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
      return this;
    }
    once(event: string, listener: Fn): this {
      return this.on(event, listener);
    }
    emit(event: string, ...args: unknown[]): void {
      for (const l of this.listeners.get(event) ?? []) (l as (...a: unknown[]) => unknown)(...args);
    }
  }
  const state = {
    log: [] as string[],
    lock: true,
    packaged: true,
    ready: null as null | (() => void),
    windows: [] as unknown[],
    backendStart: null as null | (() => void),
    closeBackend: null as null | (() => Promise<void>),
    /** The IPC listener main.ts registered. */
    ipc: null as null | ((event: unknown, ...args: unknown[]) => Promise<unknown>),
    verifyProc: null as null | ((request: unknown, callback: (result: number) => void) => void),
    loadUrlFails: false,
  };
  return { Emitter, state };
});

vi.mock('electron', () => {
  const { Emitter, state } = h;
  const log = (entry: string) => state.log.push(entry);
  class FakeApp extends Emitter {
    get isPackaged() {
      return state.packaged;
    }
    requestSingleInstanceLock() {
      log('requestSingleInstanceLock');
      return state.lock;
    }
    enableSandbox() {
      log('enableSandbox');
    }
    readonly commandLine = {
      appendSwitch: (name: string, value: string) => log(`appendSwitch ${name}=${value}`),
    };
    setAppUserModelId(id: string) {
      log(`setAppUserModelId ${id}`);
    }
    getPath(name: string) {
      return `/data/${name}`;
    }
    whenReady() {
      return new Promise<void>((resolve) => {
        state.ready = resolve;
      });
    }
    quit() {
      log('quit');
    }
    relaunch() {
      log('relaunch');
    }
    exit(code: number) {
      log(`exit ${code}`);
    }
  }
  class FakeWebContents extends Emitter {
    toggleDevTools() {
      log('toggleDevTools');
    }
  }
  class FakeBrowserWindow extends Emitter {
    readonly webContents = new FakeWebContents();
    minimized = true;
    readonly options: BrowserWindowConstructorOptions;
    constructor(options: BrowserWindowConstructorOptions) {
      super();
      this.options = options;
      log('new BrowserWindow');
      state.windows.push(this);
    }
    async loadFile(file: string) {
      log(`loadFile ${file}`);
    }
    async loadURL(url: string) {
      log(`loadURL ${url}`);
      if (state.loadUrlFails) throw new Error('ERR_CONNECTION_REFUSED (-102) loading url');
    }
    show() {
      log('show');
    }
    focus() {
      log('focus');
    }
    isMinimized() {
      return this.minimized;
    }
    restore() {
      log('restore');
    }
  }
  const webRequest = {
    onBeforeRequest: () => log('onBeforeRequest'),
    onHeadersReceived: () => log('onHeadersReceived'),
  };
  return {
    app: new FakeApp(),
    BrowserWindow: FakeBrowserWindow,
    Menu: { setApplicationMenu: (menu: unknown) => log(`setApplicationMenu ${String(menu)}`) },
    dialog: { showErrorBox: (title: string, message: string) => log(`showErrorBox ${title}: ${message}`) },
    ipcMain: {
      handle: (channel: string, listener: (event: unknown, ...args: unknown[]) => Promise<unknown>) => {
        log(`handle ${channel}`);
        state.ipc = listener;
      },
      removeHandler: () => {},
    },
    session: {
      defaultSession: {
        webRequest,
        setPermissionRequestHandler: () => log('setPermissionRequestHandler'),
        setPermissionCheckHandler: () => log('setPermissionCheckHandler'),
        setDevicePermissionHandler: () => {},
        setSpellCheckerEnabled: () => {},
        setCertificateVerifyProc: (proc: (request: unknown, callback: (result: number) => void) => void) => {
          log('setCertificateVerifyProc');
          state.verifyProc = proc;
        },
      },
    },
  };
});

vi.mock('../backend/worker-client.ts', () => ({
  startBackendWorker: (opts: { dataDir: string; workerUrl: URL }) => {
    h.state.backendStart?.();
    h.state.log.push(`startBackendWorker ${opts.dataDir} ${opts.workerUrl.href}`);
    return {
      call: async () => ({ ok: true, value: null }),
      close: () => {
        h.state.log.push('backend.close');
        return h.state.closeBackend ? h.state.closeBackend() : Promise.resolve();
      },
    };
  },
}));

interface FakeEmitter {
  emit(event: string, ...args: unknown[]): void;
  listeners: Map<string, unknown[]>;
}
interface FakeWindow extends FakeEmitter {
  options: BrowserWindowConstructorOptions;
  minimized: boolean;
  webContents: FakeEmitter;
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

async function runMain(): Promise<{ app: FakeEmitter }> {
  vi.resetModules();
  const electron = (await import('electron')) as unknown as { app: FakeEmitter };
  electron.app.listeners.clear();
  await import('./main.ts');
  return { app: electron.app };
}

async function ready(): Promise<void> {
  h.state.ready?.();
  await flush();
}

function index(entry: string): number {
  const i = h.state.log.findIndex((e) => e.startsWith(entry));
  expect(i, `${entry} in ${JSON.stringify(h.state.log)}`).toBeGreaterThanOrEqual(0);
  return i;
}

beforeEach(() => {
  Object.assign(h.state, {
    log: [],
    lock: true,
    packaged: true,
    ready: null,
    windows: [],
    backendStart: null,
    closeBackend: null,
    ipc: null,
    verifyProc: null,
    loadUrlFails: false,
  });
  // Never this machine's own data folder: a connection.json there would change what main.ts loads.
  vi.stubEnv('CREDITDESK_DATA_DIR', '/nonexistent/creditdesk-main-test');
  vi.spyOn(console, 'error').mockImplementation(() => {});
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('main.ts (run against a fake electron)', () => {
  it('quits at once when another instance holds the lock', async () => {
    h.state.lock = false;
    await runMain();
    expect(h.state.log).toEqual(['requestSingleInstanceLock', 'quit']);
  });

  it('hardens the app before it is ready', async () => {
    const { app } = await runMain();
    expect(h.state.log).toEqual([
      'requestSingleInstanceLock',
      'enableSandbox',
      'appendSwitch lang=zh-CN',
      'setAppUserModelId cn.gov.creditdesk',
      'setApplicationMenu null',
    ]);
    expect(app.listeners.get('web-contents-created')).toHaveLength(1);
  });

  it('on ready: blocks the network, starts the backend in the data folder, binds IPC, then loads the window', async () => {
    // The data folder comes from defaultDataDir() (shared with browser mode and the CLI), not userData.
    vi.stubEnv('CREDITDESK_DATA_DIR', '/data/creditdesk-data');
    await runMain();
    await ready();
    const win = h.state.windows[0] as FakeWindow;
    expect(index('onBeforeRequest')).toBeLessThan(index('new BrowserWindow'));
    expect(index('setPermissionRequestHandler')).toBeLessThan(index('new BrowserWindow'));
    expect(index('onHeadersReceived')).toBeLessThan(index('new BrowserWindow'));
    expect(index('startBackendWorker /data/creditdesk-data file://')).toBeLessThan(
      index('handle creditdesk:call'),
    );
    expect(index('handle creditdesk:call')).toBeLessThan(index('loadFile'));

    const workerUrl = h.state.log[index('startBackendWorker')]!.split(' ')[2]!;
    expect(fileURLToPath(workerUrl)).toBe(path.join(here, 'worker.js'));
    expect(h.state.log[index('loadFile')]).toBe(
      `loadFile ${path.join(here, '..', 'renderer', 'index.html')}`,
    );

    const web = win.options.webPreferences;
    expect(web).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      devTools: false,
    });
    expect(web?.preload).toBe(path.join(here, 'preload.cjs'));
    expect(win.options.show).toBe(false);
    expect(h.state.log).not.toContain('show');
    win.emit('ready-to-show');
    expect(h.state.log).toContain('show');
    expect(win.webContents.listeners.has('before-input-event')).toBe(false);
  });

  it('ignores CREDITDESK_RENDERER_URL in the packaged app', async () => {
    vi.stubEnv('CREDITDESK_RENDERER_URL', 'http://127.0.0.1:5173');
    await runMain();
    await ready();
    expect(index('loadFile')).toBeGreaterThan(0);
    expect(h.state.log.some((e) => e.startsWith('loadURL'))).toBe(false);
  });

  it('in development: DevTools allowed (F12) and the dev server used when given', async () => {
    h.state.packaged = false;
    vi.stubEnv('CREDITDESK_RENDERER_URL', 'http://127.0.0.1:5173');
    await runMain();
    await ready();
    const win = h.state.windows[0] as FakeWindow;
    expect(win.options.webPreferences?.devTools).toBe(true);
    expect(h.state.log).toContain('loadURL http://127.0.0.1:5173/');
    win.webContents.emit('before-input-event', {}, { type: 'keyDown', key: 'F12' });
    expect(h.state.log).toContain('toggleDevTools');
  });

  it('a second launch brings the existing window to the front', async () => {
    const { app } = await runMain();
    await ready();
    app.emit('second-instance');
    expect(h.state.log.slice(-3)).toEqual(['restore', 'show', 'focus']);
  });

  it('closing the last window quits, and quitting waits for the backend to close', async () => {
    const { app } = await runMain();
    await ready();
    app.emit('window-all-closed');
    expect(h.state.log.at(-1)).toBe('quit');

    let finishClose: () => void = () => {};
    h.state.closeBackend = () =>
      new Promise<void>((resolve) => {
        finishClose = resolve;
      });
    const first = { preventDefault: vi.fn() };
    app.emit('will-quit', first);
    expect(first.preventDefault).toHaveBeenCalled();
    expect(h.state.log.at(-1)).toBe('backend.close');
    await flush();
    expect(h.state.log.at(-1)).toBe('backend.close');
    finishClose();
    await flush();
    expect(h.state.log.at(-1)).toBe('quit');

    const second = { preventDefault: vi.fn() };
    app.emit('will-quit', second);
    expect(second.preventDefault).not.toHaveBeenCalled();
  });

  it('a backend that cannot start shows a Chinese error box and exits without a window', async () => {
    h.state.backendStart = () => {
      throw new Error('cannot open /data/userData/creditdesk.db');
    };
    await runMain();
    await ready();
    const box = h.state.log.find((e) => e.startsWith('showErrorBox'));
    expect(box).toMatch(/^showErrorBox 信用分级分类监管工作台: .*后台数据服务启动失败/);
    expect(box).not.toContain('/data/userData');
    expect(h.state.log.at(-1)).toBe('exit 1');
    expect(h.state.windows).toHaveLength(0);
  });
});

describe('main.ts connected to a bureau server (连接单位服务器)', () => {
  const PIN = 'ab'.repeat(32);
  const SERVER = 'https://credit.bureau.local:8443/';
  const serverFrame = { url: `${SERVER}?desktop=1#/entities`, parent: null };
  let dir: { dir: string; cleanup: () => void };

  beforeEach(async () => {
    const { tempDir } = await import('../../test/helpers/tmp.ts');
    const { writeChoiceFile, choiceFileIn } = await import('../connection/choice-file.ts');
    dir = tempDir();
    vi.stubEnv('CREDITDESK_DATA_DIR', dir.dir);
    writeChoiceFile(choiceFileIn(dir.dir), { mode: 'server', url: SERVER, fingerprint: PIN });
  });
  afterEach(() => dir.cleanup());

  async function call(frame: { url: string; parent: null }, method: string, input: unknown = {}) {
    const ipc = h.state.ipc;
    if (!ipc) throw new Error('IPC not bound');
    return ipc({ senderFrame: frame }, method, input);
  }

  it('opens the server page with the certificate pin and no desk database', async () => {
    await runMain();
    await ready();
    expect(h.state.log.some((e) => e.startsWith('startBackendWorker'))).toBe(false);
    expect(index('setCertificateVerifyProc')).toBeLessThan(index('new BrowserWindow'));
    expect(h.state.log).toContain(`loadURL ${SERVER}?desktop=1`);
    expect(h.state.log.some((e) => e.startsWith('loadFile'))).toBe(false);
    // Other hosts keep Chromium's verdict; the pinned host gets no say from an unparsable certificate.
    const verdicts: number[] = [];
    h.state.verifyProc?.({ hostname: 'example.org', certificate: { data: '' } }, (r) => verdicts.push(r));
    h.state.verifyProc?.({ hostname: 'credit.bureau.local', certificate: { data: 'x' } }, (r) =>
      verdicts.push(r),
    );
    expect(verdicts).toEqual([-3, -2]);
  });

  it("lets the server's page ask only about the connection, never the desk's data", async () => {
    await runMain();
    await ready();
    expect(await call(serverFrame, 'connection.get')).toEqual({
      ok: true,
      value: {
        choice: { mode: 'server', url: SERVER, fingerprint: PIN },
        ask: false,
        appliesHere: true,
        notice: null,
      },
    });
    expect(await call(serverFrame, 'entities.search', {})).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    const evil = { url: 'https://evil.example/', parent: null };
    expect(await call(evil, 'connection.get')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // The app's own page works too, but there is no desk database to reach while connected.
    const local = { url: `file://${path.join(here, '..', 'renderer', 'index.html')}`, parent: null };
    expect(await call(local, 'app.status')).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });

  it('switching back to the desk saves the choice and reopens the app; a desk choosing the desk goes on', async () => {
    await runMain();
    await ready();
    expect(await call(serverFrame, 'connection.set', { mode: 'desk' })).toMatchObject({
      ok: true,
      value: { choice: { mode: 'desk' }, restarting: true },
    });
    await new Promise((r) => setTimeout(r, 500));
    expect(h.state.log.slice(-2)).toEqual(['relaunch', 'quit']);

    // Started again, now as a desk: choosing the desk once more needs no reopening.
    h.state.log = [];
    await runMain();
    await ready();
    expect(index('startBackendWorker')).toBeGreaterThanOrEqual(0);
    const local = { url: `file://${path.join(here, '..', 'renderer', 'index.html')}`, parent: null };
    expect(await call(local, 'connection.set', { mode: 'desk' })).toEqual({
      ok: true,
      value: { choice: { mode: 'desk' }, restarting: false, message: '已保存，继续使用本机数据库（单机）。' },
    });
    await new Promise((r) => setTimeout(r, 500));
    expect(h.state.log).not.toContain('relaunch');
  });

  it('falls back to its own connection screen, saying why, when the server cannot be opened', async () => {
    h.state.loadUrlFails = true;
    await runMain();
    await ready();
    expect(index(`loadURL ${SERVER}`)).toBeLessThan(index('loadFile'));
    const local = { url: `file://${path.join(here, '..', 'renderer', 'index.html')}`, parent: null };
    const answer = (await call(local, 'connection.get')) as {
      ok: true;
      value: { ask: boolean; notice: string };
    };
    expect(answer.value.ask).toBe(true);
    expect(answer.value.notice).toContain('无法打开单位服务器');
  });
});
