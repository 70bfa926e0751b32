/**
 * The recovery screen in the browser: the database file is damaged while the server is stopped (pages in
 * the middle overwritten, as a failing disk would), the next login is answered 'database_unreadable',
 * the login page shows the recovery panel with the newest *good* backup chosen (the newest backup is
 * damaged too), the administrator's name and password restore it, and the login then works with the data
 * there.
 */
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.ts';
import { launchChromium, type RunningServer, startServer } from './harness.ts';
import { EntitiesPage } from './pages/entities-page.ts';
import { LoginPage } from './pages/login-page.ts';
import { SetupPage } from './pages/setup-page.ts';
import { Shell } from './pages/shell.ts';
import { corrupt } from '../helpers/damage.ts';
import { POLL } from './retry.ts';

const ADMIN_PW = '示范县-recovery-2026';
const SCREENSHOTS = process.env.CREDITDESK_SCREENSHOTS ?? 'test-results/screenshots';

describe('recovery of a damaged database in the browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let dataDir: string;
  let cleanup: () => void;
  const browserErrors: string[] = [];

  beforeAll(async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    dataDir = t.dir;
    mkdirSync(SCREENSHOTS, { recursive: true });
    server = await startServer({ dataDir, demoEntities: 300, demoSeed: 'e2e-recovery' });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 800 }, locale: 'zh-CN' });
    page.on('pageerror', (e) => browserErrors.push(e.message));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    cleanup?.();
  });

  it('offers the newest good backup at login and restores it with the administrator password', async () => {
    await page.goto(server.url);
    const setup = new SetupPage(page);
    await setup.waitUntilShown();
    await setup.createAdmin({ displayName: '王管理', password: ADMIN_PW });
    await setup.submit();
    const shell = new Shell(page);
    await shell.nav().waitFor({ timeout: 120_000 });

    // Two manual backups, a second apart so their times differ.
    await shell.open('系统管理');
    await page.getByTestId('admin-tab-backup').click();
    const backups = () => readdirSync(join(dataDir, 'backups')).filter((n) => n.endsWith('-manual'));
    for (let i = 1; i <= 2; i++) {
      await page.getByTestId('backup-create').click();
      await expect.poll(() => backups().length, { timeout: 60_000 }).toBe(i);
      await expect
        .poll(() => page.getByTestId('backup-message').textContent(), { timeout: 60_000 })
        .toMatch(/已备份.*300 户/);
      // Backup ids carry the second they were made in; the next one starts in a later second, so the
      // ids sort oldest first (two in one second would be numbered, and '-1-manual' sorts before it).
      const madeIn = Math.floor(Date.now() / 1000);
      if (i === 1) await expect.poll(() => Math.floor(Date.now() / 1000), POLL).toBeGreaterThan(madeIn);
    }
    await server.stop();

    // The disk fails: the database and the newest backup are both damaged.
    const [older, newer] = backups().sort();
    corrupt(join(dataDir, 'creditdesk.db'), 6, 8);
    corrupt(join(dataDir, 'backups', newer!, 'creditdesk.db'), 5, 1);

    server = await startServer({ dataDir });
    await page.goto(server.url);
    const login = new LoginPage(page);
    await page.getByTestId('login-form').waitFor({ timeout: 30_000 });
    await login.login('admin', ADMIN_PW);

    const panel = page.getByTestId('recovery-panel');
    // Polled rather than waited for, so a failure shows what the page and the server said instead.
    const seen = async () =>
      (await panel.isVisible())
        ? 'recovery panel'
        : `${await page.locator('body').textContent()}\n--- server ---\n${server.output().slice(-3000)}`;
    await expect.poll(seen, { timeout: 60_000 }).toBe('recovery panel');
    await expect.poll(() => panel.textContent(), POLL).toMatch(/数据库无法打开.*完整性检查/);
    const options = page.getByTestId('recovery-option');
    await expect.poll(() => options.count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    // Every option with its state and label, read in the page (functions only: the CSP blocks strings).
    const states = await options.evaluateAll((inputs) =>
      inputs.map((el) => {
        // The e2e project has no DOM lib: the radio input's shape, structurally.
        const input = el as unknown as {
          value: string;
          checked: boolean;
          disabled: boolean;
          closest(selector: string): { textContent: string | null } | null;
        };
        return {
          value: input.value,
          checked: input.checked,
          disabled: input.disabled,
          label: input.closest('.mantine-Radio-root')?.textContent ?? '',
        };
      }),
    );
    const damaged = states.find((s) => s.value === newer);
    expect(damaged).toMatchObject({ checked: false, disabled: true });
    expect(damaged!.label).toContain('已损坏');
    const chosen = states.filter((s) => s.checked);
    expect(chosen.map((s) => s.value)).toEqual([older]);
    expect(chosen[0]!.label).toMatch(/手动备份.*300 户.*完好/);
    // The newest backup is listed first and is the damaged one: the good one chosen is the next.
    expect(states[0]!.value).toBe(newer);
    await page.screenshot({ path: join(SCREENSHOTS, 'recovery.png'), fullPage: true });

    // A wrong password is refused in the panel; nothing is restored.
    await page.getByTestId('recovery-password').fill('not-the-password');
    await page.getByTestId('recovery-submit').click();
    await expect
      .poll(() => page.getByTestId('recovery-error').textContent(), { timeout: 30_000 })
      .toMatch(/密码/);

    await page.getByTestId('recovery-username').fill('admin');
    await page.getByTestId('recovery-password').fill(ADMIN_PW);
    await page.getByTestId('recovery-submit').click();
    await page.getByTestId('login-form').waitFor({ timeout: 60_000 });
    await expect
      .poll(() => page.getByTestId('login-notice').textContent(), POLL)
      .toMatch(/已从 .* 的备份恢复数据库，请登录/);

    await login.login('admin', ADMIN_PW);
    await shell.nav().waitFor({ timeout: 60_000 });
    await shell.open('市场主体');
    const list = new EntitiesPage(page);
    await list.rows().first().waitFor({ timeout: 30_000 });
    await expect.poll(() => list.count().textContent(), POLL).toMatch(/共\s*300\s*户/);
    // The damaged file was kept as the safety copy beside the backups.
    expect(readdirSync(join(dataDir, 'backups')).some((n) => n.includes('pre-restore'))).toBe(true);
    expect(browserErrors).toEqual([]);
  });
});
