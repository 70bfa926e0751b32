import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppSession, firstAdmin, openAppSession } from './app-session.ts';
import type { RunningServer } from './harness.ts';
import { CreditFilePage } from './pages/credit-file-page.ts';
import { EntitiesPage } from './pages/entities-page.ts';
import { LoginPage } from './pages/login-page.ts';
import { SetupPage } from './pages/setup-page.ts';
import { NAV_ITEMS, Shell } from './pages/shell.ts';
import { POLL } from './retry.ts';

const PASSWORD = '示范县-admin-2026';
const SCREENSHOTS = process.env.CREDITDESK_SCREENSHOTS ?? 'test-results/screenshots';

describe('first run in the browser: create admin → demo county → search → credit file', () => {
  let server: RunningServer;
  let page: Page;
  let dataDir: string;
  let app: AppSession;
  const browserErrors: string[] = [];
  const foreignRequests: string[] = [];

  beforeAll(async () => {
    app = await openAppSession({
      // What an officer starts with `npm start`: the bundled launcher and backend.
      bundled: true,
      demoEntities: 3000,
      demoSeed: 'e2e-county',
      viewport: { width: 1366, height: 800 },
      browserErrors,
    });
    ({ server, page, dataDir } = app);
    // The app must never reach for the network: every request stays on the local server.
    page.on('request', (r) => {
      if (!r.url().startsWith(server.origin) && !r.url().startsWith('data:')) foreignRequests.push(r.url());
    });
  });

  afterAll(async () => {
    await app?.close();
  });

  /** The app set up and 李科长 logged in: the first test does it on screen; alone, another test does it here. */
  const setUp = async () => {
    if ((await new Shell(page).nav().count()) === 0) {
      await firstAdmin(page, server.url, { displayName: '李科长', password: PASSWORD });
    }
  };

  it('shows the first-run page and creates the encrypted database with the demo county', async () => {
    await page.goto(server.url);
    const setup = new SetupPage(page);
    await setup.waitUntilShown();
    expect(await setup.demoEnabled()).toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, 'setup.png') });
    await setup.createAdmin({ displayName: '李科长', password: PASSWORD });
    await setup.submit();
    const shell = new Shell(page);
    await shell.nav().waitFor({ timeout: 120_000 });
    for (const item of NAV_ITEMS)
      await expect.poll(() => shell.nav().getByText(item, { exact: true }).count(), POLL).toBe(1);
    await expect.poll(() => page.getByTestId('header-user').textContent(), POLL).toContain('李科长');
    // The token is consumed and removed from the address bar.
    expect(page.url()).not.toContain('token=');
    const files = readdirSync(dataDir);
    expect(files).toContain('creditdesk.db');
    expect(files).toContain('creditdesk.db.keys.json');
  });

  it('finds an entity by a Chinese fragment and opens its credit file as a timeline', async () => {
    await setUp();
    const shell = new Shell(page);
    await shell.open('市场主体');
    const list = new EntitiesPage(page);
    await list.rows().first().waitFor();
    await expect.poll(() => list.count().textContent(), POLL).toMatch(/共\s*3,?000\s*户/);

    // Take a real name from the list and search by a fragment of its middle (trade name + industry word).
    const firstName =
      (await list.rows().first().locator('td, [role="cell"]').nth(1).textContent())?.trim() ?? '';
    expect(firstName.length).toBeGreaterThan(4);
    const fragment = [...firstName].slice(2, 5).join('');
    await list.search(fragment);
    // Runs in the page. A function, not a string: the app's CSP forbids eval. This Node project has no
    // DOM types, so the little of `document` it needs is typed here.
    await page.waitForFunction(
      (f: string) => {
        const doc = (
          globalThis as unknown as {
            document: { querySelectorAll(s: string): ArrayLike<{ textContent: string | null }> };
          }
        ).document;
        const rows = Array.from(doc.querySelectorAll('[data-testid="entity-row"]'));
        return rows.length > 0 && rows.every((r) => r.textContent?.includes(f));
      },
      fragment,
      { timeout: 15_000 },
    );
    await page.screenshot({ path: join(SCREENSHOTS, 'entities.png') });
    await list.openRowContaining(firstName);

    const file = new CreditFilePage(page);
    await expect.poll(() => file.name().textContent(), POLL).toContain(firstName);
    await expect.poll(() => file.code().textContent(), POLL).toMatch(/^[0-9A-Z]{15,18}$/);
    await page.screenshot({ path: join(SCREENSHOTS, 'credit-file.png'), fullPage: false });
  });

  it('shows an entity with a long history as a timeline of Chinese record titles', async () => {
    await setUp();
    const list = new EntitiesPage(page);
    // From another test's credit file, back to the list; alone, the list from the navigation.
    if ((await page.getByTestId('entity-back').count()) > 0) await new CreditFilePage(page).back();
    else await new Shell(page).open('市场主体');
    await list.search('');
    await page.getByTestId('entity-row').first().waitFor();
    // Use the API the page uses to pick the entity with the most records, then open it through the UI.
    const target = await page.evaluate(async () => {
      const token = sessionStorage.getItem('creditdesk.token') ?? '';
      const res = await fetch('/api/entities.search', {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ limit: 500 }),
      });
      const body = (await res.json()) as { value?: { rows: { name: string; recordCount: number }[] } };
      return [...(body.value?.rows ?? [])].sort((a, b) => b.recordCount - a.recordCount)[0] ?? null;
    });
    expect(target, 'an entity with records (token key in sessionStorage may differ)').not.toBeNull();
    await list.search(target!.name);
    await list.rows().filter({ hasText: target!.name }).first().waitFor();
    await list.openRowContaining(target!.name);
    const file = new CreditFilePage(page);
    await file.timeline().waitFor();
    await expect
      .poll(() => file.timeline().textContent(), POLL)
      .toMatch(/行政处罚|经营异常名录|抽查检查结果|投诉举报|年度报告|登记事项变更|信用承诺|表彰奖励/);
    await page.screenshot({ path: join(SCREENSHOTS, 'credit-file-timeline.png'), fullPage: true });
  });

  it('logs out and refuses a wrong password with a Chinese message, then logs in again', async () => {
    await setUp();
    await new Shell(page).logout();
    const login = new LoginPage(page);
    await login.login('admin', 'not-the-password');
    await expect.poll(() => login.error().textContent(), POLL).toMatch(/密码错误/);
    await login.login('admin', PASSWORD);
    await new Shell(page).nav().waitFor();
  });

  it('made no request outside the local server and logged no browser error', () => {
    expect(foreignRequests).toEqual([]);
    expect(browserErrors).toEqual([]);
    // The page never saw the raw database: it is encrypted on disk.
    expect(readFileSync(join(dataDir, 'creditdesk.db')).includes(Buffer.from('SQLite format 3'))).toBe(false);
  });
});
