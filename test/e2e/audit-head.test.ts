/**
 * The 操作日志 tab shows the log's current head (last entry and hash) so it can be written down or
 * printed (issue 15 item 3). Real server, real worker, real encrypted database: the line shown must be
 * the head the database has, in the wording `audit verify --anchor` reads back, and it must follow
 * new entries.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAnchorsInText } from '../../shared/audit/anchor.ts';
import { tempDir } from '../helpers/tmp.ts';
import { launchChromium, type RunningServer, startServer } from './harness.ts';
import { SetupPage } from './pages/setup-page.ts';
import { Shell } from './pages/shell.ts';
import { POLL } from './retry.ts';

const SCREENSHOTS = process.env.CREDITDESK_SCREENSHOTS ?? 'test-results/screenshots';

/** audit.head as the backend answers it, called from inside the page with its token. */
function backendHead(page: Page): Promise<{ id: number; hash: string; entries: number }> {
  return page.evaluate(async () => {
    const token = sessionStorage.getItem('creditdesk.token') ?? '';
    const res = await fetch('/api/audit.head', {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: '{}',
    });
    return ((await res.json()) as { value: { id: number; hash: string; entries: number } }).value;
  });
}

describe('the audit log head on the 操作日志 tab', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let cleanup: () => void;
  const browserErrors: string[] = [];

  beforeAll(async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    mkdirSync(SCREENSHOTS, { recursive: true });
    server = await startServer({ dataDir: t.dir });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 800 }, locale: 'zh-CN' });
    page.on('pageerror', (e) => browserErrors.push(e.message));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    cleanup?.();
  });

  it('shows the head the database has, and a newer one after refresh', async () => {
    await page.goto(server.url);
    const setup = new SetupPage(page);
    await setup.waitUntilShown();
    await setup.createAdmin({ displayName: '张管理', password: 'audit-head-2026' });
    await page.getByTestId('setup-demo-enabled').uncheck();
    await setup.submit();
    const shell = new Shell(page);
    await shell.nav().waitFor({ timeout: 120_000 });
    await shell.open('系统管理');
    await page.getByTestId('admin-tab-audit').click();
    await page.getByTestId('audit-head-text').waitFor();

    const shown = findAnchorsInText((await page.getByTestId('audit-head-text').textContent()) ?? '');
    const head = await backendHead(page);
    expect(shown).toEqual([{ id: head.id, hash: head.hash, at: expect.any(String) }]);
    await expect
      .poll(() => page.getByTestId('audit-head').textContent(), POLL)
      .toContain(`第 ${head.id} 条记录`);
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-audit-head.png') });

    // Verifying writes an entry: the head moves on, and refreshing shows the new one.
    await page.getByTestId('audit-verify').click();
    await expect.poll(() => page.getByTestId('audit-result').textContent(), POLL).toMatch(/完整/);
    await page.getByTestId('audit-head-refresh').click();
    await expect
      .poll(
        async () => findAnchorsInText((await page.getByTestId('audit-head-text').textContent()) ?? '')[0]?.id,
      )
      .toBe(head.id + 1);
    expect(browserErrors).toEqual([]);
  });
});
