/**
 * Two officers on one bureau server (issue 17 item 5), end to end: a throwaway PostgreSQL cluster,
 * `creditdesk server init`, a few hundred demo entities, `creditdesk serve` started as its own process
 * with the built renderer, and Chromium with one browser context per signed-in browser (each its own
 * cookie jar, so its own session): the administrator adds an officer through the users page, both work at
 * once and see each other's changes, and 在所有设备上退出登录 ends the administrator's other browser.
 *
 * Screenshots of the key steps go to a temp folder (CREDITDESK_SCREENSHOTS overrides it), printed at
 * the start, for a person to look at: Chinese rendered, nothing cut off, no error notes.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { capture } from '../../cli/capture.testkit.ts';
import { main } from '../../cli/main.ts';
import { openAndMigrate } from '../../electron/db/open.ts';
import { openAndMigratePg } from '../../electron/db/postgres/pg-db.ts';
import { writeDemoCounty } from '../../electron/services/entities/demo-writer.ts';
import { DEMO_COUNTY } from '../../shared/demo/index.ts';
import { copyDeskTables } from '../helpers/desk-to-pg.ts';
import { describePg, type PgCluster, startPgCluster } from '../helpers/pg-cluster.ts';
import { tempDir } from '../helpers/tmp.ts';
import { launchChromium } from './harness.ts';
import { AuditPage } from './pages/audit-page.ts';
import { CreditFilePage } from './pages/credit-file-page.ts';
import { EntitiesPage } from './pages/entities-page.ts';
import { LoginPage } from './pages/login-page.ts';
import { SamplingPage } from './pages/sampling-page.ts';
import { NAV_ITEMS, Shell } from './pages/shell.ts';
import { POLL } from './retry.ts';

const ADMIN = { username: 'admin', displayName: '张局长', password: 'Admin-Pass-2026' };
const OFFICER = { username: 'wang.ke', displayName: '王科员', password: 'Wang-Ke-Pass-2026' };
const ENTITIES = 300;
const VIEWPORT = { width: 1366, height: 800 };
/** What the renderer's error notes say (failureText, ErrorNote, the 工作台's alert), never a page's own text. */
const SHOWN_ERROR = /暂不提供此项功能|加载失败|程序内部错误|无法连接|登录已过期|操作未完成/;

/** Kept after the run, for a person to look at; made when the suite starts (not when it is skipped). */
const screenshotFolder = (): string =>
  process.env.CREDITDESK_SCREENSHOTS
    ? join(process.env.CREDITDESK_SCREENSHOTS, 'bureau-two-officers')
    : mkdtempSync(join(tmpdir(), 'creditdesk-two-officers-shots-'));

interface Officer {
  context: BrowserContext;
  page: Page;
  /** Page errors, console errors and error notes the pages showed. */
  errors: string[];
}

interface Serving {
  base: string;
  child: ChildProcess;
  log: () => string;
  stop(): Promise<void>;
}

/**
 * `creditdesk serve` as its own process, as a bureau runs it; resolves with the address it prints.
 * In a process group of its own: on an older Node cli/bin.mjs hands over to the project's Node 24 in
 * a child, and stopping the group stops both, also when the test process ends early.
 */
function serve(url: string, dataDir: string): Promise<Serving> {
  const child = spawn(
    process.execPath,
    ['cli/bin.mjs', 'serve', '--database', url, '--listen', '127.0.0.1:0', '--data-dir', dataDir],
    { stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  const kill = () => {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  };
  process.once('exit', kill);
  const stop = async () => {
    process.removeListener('exit', kill);
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    kill();
    await exited;
  };
  let out = '';
  let err = '';
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const log = () => `${out}${err}`;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`creditdesk serve did not start:\n${log()}`)), 60_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /CREDITDESK_SERVER_URL=(\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ base: m[1] as string, child, log, stop });
      }
    });
    child.on('exit', (code) => reject(new Error(`creditdesk serve exited with ${code}:\n${log()}`)));
  });
}

/** The server's database: initialised by the command line, then a demo county copied in. */
async function initialisedServer(cluster: PgCluster): Promise<void> {
  const { io, err } = capture({ CREDITDESK_USER: ADMIN.username, CREDITDESK_PASSWORD: ADMIN.password });
  const code = await main(
    [
      'server',
      'init',
      '--database',
      cluster.url,
      '--county',
      DEMO_COUNTY.name,
      '--bureau',
      DEMO_COUNTY.bureau,
      '--region-code',
      DEMO_COUNTY.regionCode,
      '--townships',
      DEMO_COUNTY.townships.join(','),
      '--display-name',
      ADMIN.displayName,
    ],
    io,
  );
  if (code !== 0) throw new Error(`server init failed: ${err.join('\n')}`);
  // The demo writer is the desk's; its tables are copied as they are (ids and all) into the server.
  const t = tempDir();
  const desk = openAndMigrate(join(t.dir, 'demo.db'), randomBytes(32), { create: true });
  const pg = openAndMigratePg(cluster.url);
  try {
    writeDemoCounty(desk, {
      entities: ENTITIES,
      seed: 'two-officers',
      county: DEMO_COUNTY,
      actor: 'e2e',
      at: '2026-01-01T00:00:00Z',
    });
    copyDeskTables(desk, pg);
  } finally {
    pg.close();
    desk.close();
    t.cleanup();
  }
}

describePg('two officers in two browsers on one bureau server', () => {
  let cluster: PgCluster | undefined;
  let server: Serving | undefined;
  let browser: Browser | undefined;
  let dataDir: ReturnType<typeof tempDir> | undefined;
  let shots = '';
  let admin: Officer;
  let officer: Officer;
  let entityName = '';

  const open = async (): Promise<Officer> => {
    if (!browser || !server) throw new Error('not started');
    const context = await browser.newContext({ viewport: VIEWPORT, locale: 'zh-CN' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // A refused call after the sign-out everywhere is expected; the page learns of it that way.
    page.on('console', (m) => {
      if (m.type() === 'error' && !/401|403/.test(m.text())) errors.push(m.text());
    });
    await page.goto(server.base);
    return { context, page, errors };
  };

  const signIn = async (who: Officer, as: { username: string; password: string; displayName: string }) => {
    await new LoginPage(who.page).login(as.username, as.password);
    await new Shell(who.page).nav().waitFor({ timeout: 30_000 });
    await expect.poll(() => who.page.getByTestId('header-user').textContent(), POLL).toBe(as.displayName);
  };

  /**
   * A screenshot, and any error the page shows (an alert, a red note, a notification) recorded as an
   * error of that officer's browser: every page says what failed in words like these.
   */
  const shot = async (who: Officer, name: string) => {
    await who.page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
    // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText: only what is shown, line by line
    const text = await who.page.locator('body').innerText();
    for (const line of text.split('\n')) {
      if (SHOWN_ERROR.test(line)) who.errors.push(`${name}: ${line.trim()}`);
    }
  };

  beforeAll(async () => {
    if (!existsSync('dist/renderer/index.html')) {
      throw new Error(
        'dist/renderer/index.html is missing: run `npm run build:renderer` first (npm test does).',
      );
    }
    shots = screenshotFolder();
    mkdirSync(shots, { recursive: true });
    console.log(`screenshots: ${shots}`);
    dataDir = tempDir();
    cluster = await startPgCluster();
    await initialisedServer(cluster);
    server = await serve(cluster.url, dataDir.dir);
    browser = await launchChromium();
    admin = await open();
    officer = await open();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    cluster?.stop();
    dataDir?.cleanup();
  }, 60_000);

  it('the administrator adds an officer on the users page; the officer signs in in another browser', async () => {
    await signIn(admin, ADMIN);
    // The first screen, 工作台, counts the server's entities.
    await expect
      .poll(() => admin.page.getByTestId('stat-total').textContent(), POLL)
      .toContain(ENTITIES.toLocaleString('zh-CN'));
    await shot(admin, '01-admin-first-screen');
    await new Shell(admin.page).open('系统管理');
    await admin.page.getByTestId('users-table').waitFor();
    await admin.page.getByTestId('add-user').click();
    await admin.page.getByTestId('add-user-username').fill(OFFICER.username);
    await admin.page.getByTestId('add-user-name').fill(OFFICER.displayName);
    await admin.page.getByTestId('add-user-role').click();
    await admin.page.getByRole('option', { name: '执法人员' }).click();
    await admin.page.getByTestId('add-user-password').fill(OFFICER.password);
    await admin.page.getByTestId('add-user-password2').fill(OFFICER.password);
    await admin.page.getByTestId('add-user-submit').click();
    await admin.page
      .getByTestId('user-row')
      .filter({ hasText: OFFICER.username })
      .waitFor({ timeout: 30_000 });
    await shot(admin, '02-admin-users');

    await signIn(officer, OFFICER);
    await shot(officer, '03-officer-first-screen');
  });

  it('each browser shows its own officer and the 单位服务器 badge', async () => {
    for (const [who, as, role] of [
      [admin, ADMIN, '管理员'],
      [officer, OFFICER, '执法人员'],
    ] as const) {
      await expect.poll(() => who.page.getByTestId('header-user').textContent(), POLL).toBe(as.displayName);
      await expect.poll(() => who.page.getByTestId('header-role').textContent(), POLL).toBe(role);
      await expect.poll(() => who.page.getByTestId('header-server').textContent(), POLL).toBe('单位服务器');
    }
  });

  it('the officer searches an entity and opens its credit file', async () => {
    const { page } = officer;
    await new Shell(page).open('市场主体');
    const entities = new EntitiesPage(page);
    await entities.rows().first().waitFor({ timeout: 30_000 });
    await expect.poll(() => entities.count().textContent(), POLL).toContain(ENTITIES.toLocaleString('zh-CN'));
    // A fragment of a name the server holds: its first row's name, without the first two characters.
    const name = (await entities.rows().first().locator('td').nth(1).textContent()) ?? '';
    expect(name.length).toBeGreaterThan(4);
    entityName = name.trim();
    const fragment = entityName.slice(2, 6);
    await entities.search(fragment);
    await expect
      .poll(async () => {
        const rows = await entities.rows().allTextContents();
        return rows.length > 0 && rows.every((r) => r.includes(fragment));
      }, POLL)
      .toBe(true);
    await shot(officer, '04-officer-search');
    await entities.openRowContaining(entityName);
    const file = new CreditFilePage(page);
    await expect.poll(() => file.name().textContent(), POLL).toBe(entityName);
    await file.timeline().waitFor({ timeout: 30_000 });
    await shot(officer, '05-officer-credit-file');
  });

  it('the administrator sees the officer’s sign-in in 操作日志', async () => {
    const { page } = admin;
    await new Shell(page).open('系统管理');
    const audit = new AuditPage(page);
    await audit.open();
    await expect
      .poll(
        async () =>
          (await audit.rowTexts()).some((r) => r.actor.includes(OFFICER.displayName) && r.action === '登录'),
        POLL,
      )
      .toBe(true);
    await shot(admin, '06-admin-audit');
  });

  it('what the administrator adds, the officer sees after a refresh', async () => {
    const adminSampling = new SamplingPage(admin.page);
    const officerSampling = new SamplingPage(officer.page);
    await new Shell(officer.page).open('双随机抽查');
    await officerSampling.tab('inspectors');
    await officer.page.getByTestId('inspectors-table').waitFor();
    await expect.poll(() => officerSampling.inspectorRows().count(), POLL).toBe(0);

    await new Shell(admin.page).open('双随机抽查');
    await adminSampling.tab('inspectors');
    await adminSampling.addDemoInspectors();
    const added = await adminSampling.inspectorRows().count();
    expect(added).toBeGreaterThan(0);
    await shot(admin, '07-admin-inspectors');

    await officer.page.reload();
    await officer.page.getByTestId('inspectors-table').waitFor({ timeout: 30_000 });
    await expect.poll(() => officerSampling.inspectorRows().count(), POLL).toBe(added);
    await shot(officer, '08-officer-inspectors-after-refresh');
  });

  it('every page opens without an error; only the administrator’s 备份与恢复 says the server does not offer it', async () => {
    const { page } = officer;
    const seen: Record<string, string[]> = {};
    for (const item of NAV_ITEMS) {
      await new Shell(page).open(item);
      await page.getByRole('heading', { level: 3 }).first().waitFor({ timeout: 30_000 });
      // The page has asked the server and shown what it answered: no call in flight, nothing loading.
      await page.waitForLoadState('networkidle');
      await expect.poll(() => page.locator('main .mantine-Loader-root').count(), POLL).toBe(0);
      const before = officer.errors.length;
      await shot(officer, `tour-${NAV_ITEMS.indexOf(item)}-${item}`);
      seen[item] = officer.errors.splice(before);
    }
    // The administrator's 备份与恢复 is the desk's encrypted backup; a server's is pg_dump (its docs).
    await new Shell(admin.page).open('系统管理');
    await admin.page.getByTestId('admin-tab-backup').click();
    await admin.page.waitForLoadState('networkidle');
    await expect.poll(() => admin.page.locator('main .mantine-Loader-root').count(), POLL).toBe(0);
    const before = admin.errors.length;
    await shot(admin, 'tour-admin-backup');
    expect(admin.errors.splice(before).join('\n')).toMatch(/单位服务器暂不提供此项功能/);
    // 监测预警 and 统计报表 included: their services run on PostgreSQL too.
    for (const item of NAV_ITEMS) expect(seen[item], item).toEqual([]);
  });

  it('在所有设备上退出登录 ends the administrator’s other browser at its next action, not the officer’s', async () => {
    const second = await open();
    await signIn(second, ADMIN);
    await shot(second, '09-admin-second-browser');

    await admin.page.getByTestId('logout-menu').click();
    await admin.page.getByTestId('logout-everywhere').click();
    await admin.page.getByTestId('login-username').waitFor({ timeout: 30_000 });
    await shot(admin, '10-admin-signed-out-everywhere');

    // Its next action: opening another page asks the server, which no longer knows the session.
    await new Shell(second.page).open('市场主体');
    await second.page.getByTestId('login-username').waitFor({ timeout: 30_000 });
    await expect.poll(() => second.page.getByTestId('nav').count(), POLL).toBe(0);
    await shot(second, '11-admin-second-browser-at-login');
    // The login page speaks of the server, not of a database on this computer.
    await second.page.getByText('数据保存在单位服务器上', { exact: false }).waitFor();
    expect(await second.page.getByText('数据保存在本机').count()).toBe(0);

    // The officer's session is the officer's own: still signed in.
    await new Shell(officer.page).open('市场主体');
    await new EntitiesPage(officer.page).rows().first().waitFor({ timeout: 30_000 });
    await expect
      .poll(() => officer.page.getByTestId('header-user').textContent(), POLL)
      .toBe(OFFICER.displayName);
    second.errors.length = 0; // its refused call is the point of this step
    await second.context.close();
  });

  it('no browser logged an error or showed an error note', () => {
    expect({ admin: admin.errors, officer: officer.errors }).toEqual({ admin: [], officer: [] });
  });
});
