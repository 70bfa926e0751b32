/**
 * The background integrity check of a big database, in the browser (SPEC §9 with §10). The server's
 * threshold is forced to 1 byte (CREDITDESK_SYNC_CHECK_MAX_BYTES), so even this small database opens
 * at once and is quick_checked afterwards in a worker thread. The file is damaged while the server is
 * stopped: the login succeeds, the check finds the damage, the application falls back to the login
 * page with a notice, and the next login attempt opens the recovery screen.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.ts';
import { launchChromium, type RunningServer, startServer } from './harness.ts';
import { LoginPage } from './pages/login-page.ts';
import { SetupPage } from './pages/setup-page.ts';
import { Shell } from './pages/shell.ts';
import { corrupt } from '../helpers/damage.ts';
import { callInPage } from './pages/api-in-page.ts';
import { POLL } from './retry.ts';

const ADMIN_PW = '示范县-integrity-2026';
const SCREENSHOTS = process.env.CREDITDESK_SCREENSHOTS ?? 'test-results/screenshots';

async function startForcingBackgroundCheck(dataDir: string): Promise<RunningServer> {
  // The spawned server (and its backend worker thread) inherit this environment.
  process.env.CREDITDESK_SYNC_CHECK_MAX_BYTES = '1';
  try {
    return await startServer({ dataDir });
  } finally {
    delete process.env.CREDITDESK_SYNC_CHECK_MAX_BYTES;
  }
}

describe('background integrity check of a big database in the browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let dataDir: string;
  let cleanup: () => void;

  beforeAll(async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    dataDir = t.dir;
    mkdirSync(SCREENSHOTS, { recursive: true });
    server = await startServer({ dataDir, demoEntities: 300, demoSeed: 'e2e-integrity' });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 800 }, locale: 'zh-CN' });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    cleanup?.();
  });

  it('an intact file stays usable; a damaged one is found after login and leads to the recovery screen', async () => {
    await page.goto(server.url);
    const setup = new SetupPage(page);
    await setup.waitUntilShown();
    await setup.createAdmin({ displayName: '王管理', password: ADMIN_PW });
    await setup.submit();
    const shell = new Shell(page);
    await shell.nav().waitFor({ timeout: 120_000 });
    await server.stop();

    // Intact, background path: logging in works and the session stays.
    server = await startForcingBackgroundCheck(dataDir);
    await page.goto(server.url);
    const login = new LoginPage(page);
    await page.getByTestId('login-form').waitFor({ timeout: 30_000 });
    await login.login('admin', ADMIN_PW);
    await shell.nav().waitFor({ timeout: 60_000 });
    // The check has ended (the server says 'ok'), so a session still shown now was not sent back.
    await expect.poll(async () => (await callInPage(page, 'app.status', {})).integrity, POLL).toBe('ok');
    await expect.poll(() => shell.nav().isVisible(), POLL).toBe(true);
    await expect.poll(() => page.getByTestId('integrity-checking').count(), POLL).toBe(0);
    await server.stop();

    // The disk fails while the application is closed.
    corrupt(join(dataDir, 'creditdesk.db'), 6, 8);
    server = await startForcingBackgroundCheck(dataDir);
    await page.goto(server.url);
    await page.getByTestId('login-form').waitFor({ timeout: 30_000 });
    await login.login('admin', ADMIN_PW);

    // The login itself succeeds (no check before it), then the check sends the user back.
    await page.getByTestId('login-form').waitFor({ timeout: 60_000 });
    await expect
      .poll(() => page.getByTestId('login-notice').textContent(), { timeout: 30_000 })
      .toMatch(/完整性检查发现数据库文件已损坏/);
    await page.screenshot({ path: join(SCREENSHOTS, 'integrity-damaged-notice.png'), fullPage: true });

    await login.login('admin', ADMIN_PW);
    const panel = page.getByTestId('recovery-panel');
    await panel.waitFor({ timeout: 60_000 });
    await expect.poll(() => panel.textContent(), POLL).toMatch(/完整性检查/);
  });
});
