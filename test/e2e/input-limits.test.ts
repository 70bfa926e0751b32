/**
 * Issue 15 item 5 in the wizard: a row whose 企业名称 is far longer than any name is refused with its
 * own message, the preview shows the cell cut short, and the good row is imported.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEXT_MAX } from '../../shared/domain/text-limits.ts';
import { type AppSession, openAppSession } from './app-session.ts';
import { ExchangePage } from './pages/exchange-page.ts';
import { Shell } from './pages/shell.ts';
import { POLL } from './retry.ts';

const PASSWORD = '示范县-admin-2026';
const SCREENSHOTS = process.env.CREDITDESK_SCREENSHOTS ?? 'test-results/screenshots';

describe('exchange: a name over the maximum', () => {
  let page: Page;
  let dir: string;
  let app: AppSession;
  const browserErrors: string[] = [];

  beforeAll(async () => {
    app = await openAppSession({
      dataSubdir: 'data',
      demoEntities: 20,
      demoSeed: 'e2e-limits',
      viewport: { width: 1366, height: 860 },
      browserErrors,
      consoleErrors: false,
      firstAdmin: { displayName: '李科长', password: PASSWORD },
    });
    ({ page, dir } = app);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('refuses the row with a message naming the limit and imports the rest', async () => {
    await new Shell(page).open('数据交换');
    const x = new ExchangePage(page);
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(
      wb,
      XLSX.utils.aoa_to_sheet([
        ['统一社会信用代码/注册号', '企业名称', '法定代表人'],
        ['91330100716105852F', '恒达商贸有限公司', '张三'],
        ['330000000036006', '超长名称'.repeat(5000), '王五'],
      ]),
      '名录',
    );
    const src = join(dir, '名称过长.xlsx');
    writeFileSync(src, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }));
    await x.readAndValidate(src);
    await expect.poll(() => x.previewCount('errors').textContent(), POLL).toBe('1');
    await expect.poll(() => x.previewCount('inserted').textContent(), POLL).toBe('1');
    await x.filter(/^错误/);
    const row = x.previewRows().first();
    await expect
      .poll(() => row.textContent(), POLL)
      .toContain(`「企业名称」内容过长（20,000 字），上限 ${TEXT_MAX.name} 字，请删减后再导入`);
    await expect.poll(() => row.textContent(), POLL).toContain('…（共 20,000 字）');
    await page.screenshot({ path: join(SCREENSHOTS, 'exchange-too-long.png'), fullPage: true });
    await x.commit();
    await expect.poll(() => x.resultCount('inserted').textContent(), POLL).toBe('1');
    expect(browserErrors).toEqual([]);
  });
});
