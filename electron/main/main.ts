/**
 * Electron main process: lifecycle glue only. The rules live in tested modules beside this file
 * (window-options, security, ipc, app-location); the data work lives in the backend worker thread.
 * Built to dist/electron/main.js, next to preload.cjs and worker.js; the renderer is dist/renderer/.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, session } from 'electron';
import type { BackendClient } from '../backend/client.ts';
import { startBackendWorker } from '../backend/worker-client.ts';
import { serverOrigin } from '../connection/choice.ts';
import { choiceFileIn, readChoiceFile } from '../connection/choice-file.ts';
import { defaultDataDir } from '../paths.ts';
import { appLocation } from './app-location.ts';
import { installCertificatePin, pinOf } from './certificate-pin.ts';
import { desktopCalls } from './desktop-calls.ts';
import { bindIpc, isTrustedCall } from './ipc.ts';
import { blockNetwork, hardenAllContents, installContentSecurityPolicy } from './security.ts';
import {
  CONTENT_SECURITY_POLICY,
  DEVELOPMENT_CONTENT_SECURITY_POLICY,
  secureWindowOptions,
  WINDOW_TITLE,
} from './window-options.ts';

/** Must equal `appId` in build/electron-builder.config.cjs (Windows taskbar grouping). */
const APP_ID = 'cn.gov.creditdesk';
/** Closing the database must not hang the exit forever. */
const BACKEND_CLOSE_TIMEOUT_MS = 10_000;

/** Reopening on a new connection choice waits this long, so the answer reaches the page first. */
const RELAUNCH_DELAY_MS = 400;

const here = path.dirname(fileURLToPath(import.meta.url));
const development = !app.isPackaged;
// The same folder as browser mode and the command line (not Electron's userData, which on Linux is
// ~/.config), so `creditdesk` without --db reaches this very database, and browser mode can save the
// connection choice this app starts with.
const dataDir = defaultDataDir();
const connectionFile = choiceFileIn(dataDir);
// 本机数据库（单机） or 连接单位服务器: read once at start; a new choice reopens the app. No choice yet (or an
// unreadable file) starts as a desk, whose first screen asks (connection.get answers ask: true).
const stored = readChoiceFile(connectionFile);
const choice = stored.kind === 'ok' ? stored.choice : null;
const loc = appLocation(
  path.join(here, '..', 'renderer', 'index.html'),
  // Development only: `CREDITDESK_RENDERER_URL=http://localhost:5173` loads the Vite dev server.
  development ? (process.env.CREDITDESK_RENDERER_URL ?? null) : null,
  process.platform,
  serverOrigin(choice),
);
/** Why the chosen server's page could not be opened; the local connection screen shows it. */
let serverProblem: string | null = null;

let mainWindow: BrowserWindow | null = null;
let backend: BackendClient | null = null;

if (!app.requestSingleInstanceLock()) {
  // Another CreditDesk already has this database open; it will come to the front (second-instance).
  app.quit();
} else {
  app.enableSandbox();
  // Chromium's own strings and locale (file pickers, built-in messages, navigator.language) in
  // Chinese, whatever language the machine is set to.
  app.commandLine.appendSwitch('lang', 'zh-CN');
  app.setAppUserModelId(APP_ID);
  Menu.setApplicationMenu(null);
  hardenAllContents(app, loc);

  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', (event) => {
    if (!backend) return;
    event.preventDefault();
    const closing = backend;
    backend = null;
    void closeWithTimeout(closing).finally(() => app.quit());
  });

  app
    .whenReady()
    .then(start)
    .catch((err: unknown) => fatal('程序启动失败，请重新打开；如果问题持续出现，请联系系统管理员。', err));
}

async function start(): Promise<void> {
  blockNetwork(session.defaultSession, loc, { allowDevtools: development });
  installContentSecurityPolicy(
    session.defaultSession,
    loc.devServerOrigin ? DEVELOPMENT_CONTENT_SECURITY_POLICY : CONTENT_SECURITY_POLICY,
  );

  installCertificatePin(session.defaultSession, pinOf(choice));

  // Connected to a bureau server, this desk's database stays closed (and unlocked for the command line).
  if (choice?.mode !== 'server') {
    try {
      backend = startBackendWorker({
        dataDir,
        workerUrl: pathToFileURL(path.join(here, 'worker.js')),
        firstRunDemo: development ? demoFromArgs(process.argv) : null,
      });
    } catch (err) {
      fatal('后台数据服务启动失败，程序无法继续运行。请重新打开；如果问题持续出现，请联系系统管理员。', err);
      return;
    }
  }
  const calls = desktopCalls({
    connection: { file: connectionFile, desktop: true },
    backend,
    serverProblem: () => serverProblem,
    onChoiceSaved: (saved) => {
      // A desk choosing the desk (the first run's usual answer) goes on without reopening.
      if (saved.mode === 'desk' && choice?.mode !== 'server') return false;
      setTimeout(() => {
        app.relaunch();
        app.quit();
      }, RELAUNCH_DELAY_MS);
      return true;
    },
  });
  bindIpc(ipcMain, calls, (frame, method) => isTrustedCall(loc, frame, method));

  mainWindow = new BrowserWindow(
    secureWindowOptions(path.join(here, 'preload.cjs'), { devTools: development }),
  );
  const win = mainWindow;
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    mainWindow = null;
  });
  if (development) {
    win.webContents.on('before-input-event', (_event, input) => {
      if (input.type === 'keyDown' && input.key === 'F12') win.webContents.toggleDevTools();
    });
  }
  if (choice?.mode === 'server') await loadServer(win, choice.url);
  else if (loc.devServerOrigin) await win.loadURL(`${loc.devServerOrigin}/`);
  else await win.loadFile(loc.indexFile);
}

/**
 * The bureau server's own pages; `?desktop=1` tells them they are in the desktop app, so the connection
 * screen (to switch back) talks to this process while every other call goes to the server. When the
 * server cannot be opened (network, server down, a certificate other than the pinned one), the app's own
 * connection screen says so and offers to try again or to use this desk's database.
 */
async function loadServer(win: BrowserWindow, url: string): Promise<void> {
  try {
    await win.loadURL(`${url}?desktop=1`);
  } catch (err) {
    console.error('[main] the bureau server could not be opened:', err);
    serverProblem = `无法打开单位服务器 ${url}：可能是网络不通、服务器未开启，或服务器证书与记录的指纹不一致（可能不是本单位的服务器）。请重试，或联系管理员。`;
    await win.loadFile(loc.indexFile);
  }
}

/** `npm start` proposes a demo county on first run (`--demo-entities N --demo-seed S`); packaged builds never do. */
function demoFromArgs(argv: readonly string[]): { entities: number; seed: string } | null {
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const entities = Number(value('--demo-entities'));
  return Number.isInteger(entities) && entities > 0
    ? { entities, seed: value('--demo-seed') ?? 'creditdesk-demo' }
    : null;
}

async function closeWithTimeout(client: BackendClient): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, BACKEND_CLOSE_TIMEOUT_MS);
  });
  try {
    await Promise.race([client.close(), timeout]);
  } catch (err) {
    console.error('[main] closing the backend failed:', err);
  } finally {
    clearTimeout(timer);
  }
}

function fatal(message: string, err: unknown): void {
  console.error('[main]', message, err);
  dialog.showErrorBox(WINDOW_TITLE, message);
  const running = backend;
  backend = null;
  if (running) void closeWithTimeout(running).finally(() => app.exit(1));
  else app.exit(1);
}
