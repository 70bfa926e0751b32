/**
 * 系统管理 in the browser: an administrator adds a user, that user logs in with their role, the
 * audit log verifies as intact, the idle lock (set to a few seconds) locks the screen and drops the
 * session in the backend, and the password unlocks it — or another user logs in instead.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppSession, openAppSession } from './app-session.ts';
import { callInPage } from './pages/api-in-page.ts';
import { LoginPage } from './pages/login-page.ts';
import { Shell } from './pages/shell.ts';
import { POLL } from './retry.ts';

const ADMIN_PW = '示范县-admin-2026';
const LI_PW = 'li-kezhang-2026';
const SCREENSHOTS = process.env.CREDITDESK_SCREENSHOTS ?? 'test-results/screenshots';

/** A data call from inside the page, with the page's token: what the backend answers now. */
async function backendAnswer(page: Page, method: string): Promise<string> {
  return page.evaluate(async (m: string) => {
    const token = sessionStorage.getItem('creditdesk.token') ?? '';
    const res = await fetch(`/api/${m}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: '{}',
    });
    const body = (await res.json()) as { ok: boolean; error?: { code: string } };
    return body.ok ? 'ok' : (body.error?.code ?? 'unknown');
  }, method);
}

describe('users, audit and idle lock in the browser', () => {
  let page: Page;
  let app: AppSession;
  const browserErrors: string[] = [];

  beforeAll(async () => {
    app = await openAppSession({
      demoEntities: 200,
      demoSeed: 'e2e-admin',
      viewport: { width: 1366, height: 800 },
      browserErrors,
      // A call refused after the lock is expected (the page learns of the lock that way).
      ignoreConsole: /401|403/,
      firstAdmin: { displayName: '张管理', password: ADMIN_PW },
    });
    ({ page } = app);
  });

  /**
   * 李科长 logged in, with the 15-second idle lock: made through the API as the administrator unless an
   * earlier test already got there, so any test runs alone.
   */
  const liWithShortLock = async () => {
    const { users } = await callInPage(page, 'users.list', {});
    if (!users.some((u) => u.username === 'li.kezhang')) {
      await callInPage(page, 'users.add', {
        username: 'li.kezhang',
        displayName: '李科长',
        role: 'supervisor',
        password: LI_PW,
      });
    }
    await callInPage(page, 'lock.setIdleSeconds', { seconds: 15 });
  };
  const asLi = async () => {
    const header = page.getByTestId('header-user');
    if ((await header.count()) > 0 && ((await header.textContent()) ?? '').includes('李科长')) return;
    await liWithShortLock();
    await new Shell(page).logout();
    await new LoginPage(page).login('li.kezhang', LI_PW);
    await new Shell(page).nav().waitFor({ timeout: 30_000 });
  };

  afterAll(async () => {
    await app?.close();
  });

  it('the administrator adds a 科室负责人 and sets a short idle lock', async () => {
    const shell = new Shell(page);
    await shell.open('系统管理');
    await page.getByTestId('users-table').waitFor();

    await page.getByTestId('add-user').click();
    await page.getByTestId('add-user-username').fill('li.kezhang');
    await page.getByTestId('add-user-name').fill('李科长');
    await page.getByTestId('add-user-role').click();
    await page.getByRole('option', { name: '科室负责人' }).click();
    await page.getByTestId('add-user-password').fill(LI_PW);
    await page.getByTestId('add-user-password2').fill(LI_PW);
    await page.getByTestId('add-user-submit').click();
    await page.getByTestId('user-row').filter({ hasText: 'li.kezhang' }).waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId('user-row').count(), POLL).toBe(2);

    await page.getByTestId('idle-minutes').fill('0.25');
    await page.getByTestId('idle-save').click();
    await expect.poll(() => page.getByTestId('idle-message').textContent(), POLL).toMatch(/已保存/);
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-users.png'), fullPage: true });
  });

  it('the new user logs in with their role and sees no user management', async () => {
    await liWithShortLock();
    await new Shell(page).logout();
    await new LoginPage(page).login('li.kezhang', LI_PW);
    await new Shell(page).nav().waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId('header-user').textContent(), POLL).toContain('李科长');
    await expect.poll(() => page.getByTestId('header-role').textContent(), POLL).toContain('科室负责人');
    await new Shell(page).open('系统管理');
    await page.getByText('修改我的密码').waitFor();
    await expect.poll(() => page.getByTestId('add-user').count(), POLL).toBe(0);
  });

  it('the audit log verifies as intact and lists the day’s events', async () => {
    await asLi();
    await new Shell(page).open('系统管理');
    await page.getByTestId('admin-tab-audit').click();
    await page.getByTestId('audit-row').first().waitFor();
    await page.getByTestId('audit-verify').click();
    await expect.poll(() => page.getByTestId('audit-result').textContent(), POLL).toMatch(/完整/);
    const table = page.getByTestId('audit-table');
    for (const action of ['登录', '退出登录', '添加用户', '修改空闲锁定时间']) {
      await expect.poll(() => table.textContent(), POLL).toContain(action);
    }
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-audit.png') });
  });

  it('locks after the idle time: the lock screen shows the user and the backend refuses data calls', async () => {
    await asLi();
    await new Shell(page).open('系统管理');
    await page.getByTestId('admin-tab-audit').click();
    await page.getByTestId('lock-screen').waitFor({ timeout: 45_000 });
    await expect.poll(() => page.getByTestId('lock-user').textContent(), POLL).toContain('李科长');
    await expect.poll(() => page.getByTestId('nav').count(), POLL).toBe(0);
    expect(await backendAnswer(page, 'entities.search')).toBe('not_logged_in');
    expect(await backendAnswer(page, 'audit.list')).toBe('not_logged_in');
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-lock.png') });

    await page.getByTestId('lock-password').fill('not-the-password');
    await page.getByTestId('lock-submit').click();
    await expect.poll(() => page.getByTestId('lock-error').textContent(), POLL).toMatch(/密码错误/);
    await page.getByTestId('lock-password').fill(LI_PW);
    await page.getByTestId('lock-submit').click();
    await new Shell(page).nav().waitFor({ timeout: 30_000 });
    // Back on the page they left.
    await page.getByTestId('admin-tab-audit').waitFor();
    expect(await backendAnswer(page, 'entities.search')).toBe('ok');
  });

  it('at the next lock another user may log in instead', async () => {
    await asLi();
    await page.getByTestId('lock-screen').waitFor({ timeout: 45_000 });
    await page.getByTestId('lock-switch-user').click();
    await page.getByTestId('lock-username').fill('admin');
    await page.getByTestId('lock-password').fill(ADMIN_PW);
    await page.getByTestId('lock-submit').click();
    await new Shell(page).nav().waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId('header-user').textContent(), POLL).toContain('张管理');
  });

  it('logged no browser error', () => {
    expect(browserErrors).toEqual([]);
  });
});
