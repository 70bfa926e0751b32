/**
 * 管辖单位 in the browser (issue 17 item 3): the administrator picks an officer's unit on the users page
 * among the units the demo county's entities name; the officer then sees 「仅显示：<单位>」 over an
 * entity list counting that unit only, and another unit's credit file is refused in Chinese.
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
const ZHAO_PW = 'zhao-keyuan-2026';
const SCREENSHOTS = process.env.CREDITDESK_SCREENSHOTS ?? 'test-results/screenshots';

describe('an officer scoped to one 管辖单位, in the browser', () => {
  let page: Page;
  let app: AppSession;
  const browserErrors: string[] = [];

  beforeAll(async () => {
    app = await openAppSession({
      demoEntities: 200,
      demoSeed: 'e2e-jurisdiction',
      viewport: { width: 1366, height: 800 },
      browserErrors,
      // The refused credit file answers 403, on purpose.
      ignoreConsole: /403/,
      firstAdmin: { displayName: '张管理', password: ADMIN_PW },
    });
    ({ page } = app);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('the administrator sets the unit; the officer lists that unit only and is refused another’s file', async () => {
    const { jurisdictions } = await callInPage(page, 'entities.jurisdictions', {});
    expect(jurisdictions.length).toBeGreaterThan(1);
    const [mine, other] = [jurisdictions[1]!, jurisdictions[0]!];
    const { rows } = await callInPage(page, 'entities.search', {
      query: '',
      limit: 1,
      offset: 0,
      jurisdiction: other.name,
    });
    const outside = rows[0]!;
    await callInPage(page, 'users.add', {
      username: 'zhao.ke',
      displayName: '赵科员',
      role: 'officer',
      password: ZHAO_PW,
    });

    const shell = new Shell(page);
    await shell.open('系统管理');
    const row = page.getByTestId('user-row').filter({ hasText: 'zhao.ke' });
    await row.waitFor({ timeout: 30_000 });
    await row.getByTestId('user-jurisdiction').click();
    await page.getByRole('option', { name: new RegExp(`^${mine.name}`) }).click();
    await expect
      .poll(
        async () => (await callInPage(page, 'users.list', {})).users.find((u) => u.username === 'zhao.ke'),
        POLL,
      )
      .toMatchObject({ jurisdiction: mine.name });
    await page.getByText(`赵科员 现在只能查看“${mine.name}”的市场主体`).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'jurisdiction-users.png'), fullPage: true });

    await shell.logout();
    await new LoginPage(page).login('zhao.ke', ZHAO_PW);
    await shell.nav().waitFor({ timeout: 30_000 });
    await shell.open('市场主体');
    await expect
      .poll(() => page.getByTestId('entity-scope-note').textContent(), POLL)
      .toBe(`仅显示：${mine.name}`);
    await expect
      .poll(() => page.getByTestId('entity-count').textContent(), POLL)
      .toContain(`共 ${mine.count} 户`);
    await page.screenshot({ path: join(SCREENSHOTS, 'jurisdiction-list.png') });

    await page.evaluate(`location.hash = '#/entities/${outside.id}'`);
    await expect
      .poll(() => page.getByTestId('entity-detail-error').textContent(), POLL)
      .toContain(`该主体不属于您的管辖单位（${mine.name}）`);
  });

  it('logged no browser error', () => {
    expect(browserErrors).toEqual([]);
  });
});
