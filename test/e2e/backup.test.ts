/**
 * 备份与恢复 in the browser: the administrator makes a backup, sees it listed as checked, restores it
 * with the password, is sent back to the login page with a notice, logs in again and finds the
 * database as backed up plus the safety copy of the database it replaced.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppSession, openAppSession } from './app-session.ts';
import type { RunningServer } from './harness.ts';
import { SetupPage } from './pages/setup-page.ts';
import { Shell } from './pages/shell.ts';
import { POLL } from './retry.ts';

const ADMIN_PW = '示范县-backup-2026';
const SCREENSHOTS = process.env.CREDITDESK_SCREENSHOTS ?? 'test-results/screenshots';

describe('backups in the browser', () => {
  let server: RunningServer;
  let page: Page;
  let app: AppSession;
  const browserErrors: string[] = [];

  beforeAll(async () => {
    app = await openAppSession({
      demoEntities: 300,
      demoSeed: 'e2e-backup',
      viewport: { width: 1366, height: 800 },
      browserErrors,
      consoleErrors: false,
    });
    ({ server, page } = app);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('backs up, restores with the password, and asks everyone to log in again', async () => {
    await page.goto(server.url);
    const setup = new SetupPage(page);
    await setup.waitUntilShown();
    await setup.createAdmin({ displayName: '张管理', password: ADMIN_PW });
    await setup.submit();
    const shell = new Shell(page);
    await shell.nav().waitFor({ timeout: 120_000 });
    await shell.open('系统管理');
    await page.getByTestId('admin-tab-backup').click();

    await page.getByTestId('backup-create').click();
    await expect
      .poll(() => page.getByTestId('backup-message').textContent(), { timeout: 60_000 })
      .toMatch(/已备份.*300 户.*完整性检查通过/);
    const rows = page.getByTestId('backup-row');
    await expect.poll(() => rows.count()).toBe(1);
    await expect.poll(() => rows.first().textContent(), POLL).toMatch(/手动备份.*完整/);
    await expect.poll(() => page.getByTestId('backup-folder').textContent(), POLL).toMatch(/backups$/);
    await page.screenshot({ path: join(SCREENSHOTS, 'backup-tab.png') });

    // A wrong password is refused inside the dialog; nothing happens.
    await rows.first().getByTestId('backup-restore').click();
    await page.getByTestId('restore-password').fill('not-the-password');
    await page.getByTestId('restore-confirm').click();
    await expect
      .poll(() => page.getByTestId('restore-error').textContent(), { timeout: 30_000 })
      .toMatch(/密码/);
    await page.screenshot({ path: join(SCREENSHOTS, 'backup-restore-dialog.png') });

    await page.getByTestId('restore-password').fill(ADMIN_PW);
    await page.getByTestId('restore-confirm').click();
    await page.getByTestId('login-form').waitFor({ timeout: 60_000 });
    await expect
      .poll(() => page.getByTestId('login-notice').textContent(), POLL)
      .toMatch(/已从 .* 的备份恢复数据库，请重新登录/);

    await page.getByTestId('login-username').fill('admin');
    await page.getByTestId('login-password').fill(ADMIN_PW);
    await page.getByTestId('login-submit').click();
    await shell.nav().waitFor({ timeout: 60_000 });
    await shell.open('系统管理');
    await page.getByTestId('admin-tab-backup').click();
    // The manual backup and the safety copy (plus the day's automatic backup once the login makes one).
    await expect
      .poll(async () => (await page.getByTestId('backup-row').allTextContents()).join('\n'), {
        timeout: 30_000,
      })
      .toMatch(/恢复前的安全副本.*未校验/);
    expect((await page.getByTestId('backup-row').allTextContents()).join('\n')).toMatch(/手动备份/);
    expect(browserErrors).toEqual([]);
  });
});
