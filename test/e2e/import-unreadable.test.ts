/**
 * A picked spreadsheet the app is then not allowed to read (Kylin V10's 应用保护 on 桌面/文档): the import
 * page explains the cause and both fixes in Chinese, and once moved to another folder the file reads.
 * The refusal is made real on disk: the file loses every permission after it is picked, and — since a
 * root test run reads any file — its modification time moves too, which Chromium also refuses to read
 * (NotReadableError, the same error a refused permission gives).
 */
import { chmodSync, mkdirSync, renameSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppSession, openAppSession } from './app-session.ts';
import { ExchangePage } from './pages/exchange-page.ts';
import { Shell } from './pages/shell.ts';
import { POLL } from './retry.ts';

const PASSWORD = '示范县-admin-2026';
const SCREENSHOTS = process.env.CREDITDESK_SCREENSHOTS ?? 'test-results/screenshots';

describe('import: a file the system will not let the app read', () => {
  let page: Page;
  let dir: string;
  let app: AppSession;
  const browserErrors: string[] = [];

  beforeAll(async () => {
    app = await openAppSession({
      dataSubdir: 'data',
      demoEntities: 50,
      demoSeed: 'e2e-unreadable',
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

  it('says why in Chinese, with the fix, and reads the file once it is moved', async () => {
    await new Shell(page).open('数据交换');
    const x = new ExchangePage(page);
    const file = join(dir, '桌面', '新开业主体.xlsx');
    mkdirSync(join(dir, '桌面'));
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(
      wb,
      XLSX.utils.aoa_to_sheet([
        ['统一社会信用代码/注册号', '企业名称', '主体类型', '法定代表人', '成立日期'],
        ['91330100716105852F', '恒达商贸有限公司', '企业', '张三', '2026-03-02'],
      ]),
      '名录',
    );
    writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }));

    await x.chooseFile(file);
    // Chromium notes a picked file's size and time when the page first asks for them (as the wizard does
    // before reading); a later change makes the read fail.
    await page
      .getByTestId('import-wizard')
      .locator('input[type="file"]')
      .evaluate((input) => (input as { files: { size: number }[] }).files[0]?.size);
    chmodSync(file, 0o000);
    const later = new Date(Date.now() + 60_000);
    utimesSync(file, later, later);
    await page.getByTestId('import-start').click();

    const alert = page.getByTestId('import-error');
    await alert.waitFor();
    // biome-ignore lint/performance/useDomNodeTextContent: the text as shown, line breaks included
    const text = await alert.innerText();
    expect(text).toContain('没有读取该文件的权限');
    expect(text).toContain('“应用保护”默认不允许程序读取“桌面”和“文档”文件夹中的文件');
    expect(text).toContain('把文件移到其他文件夹');
    expect(text).toContain('安全中心 → 应用保护');
    expect(text).not.toMatch(/NotReadable|permission|could not/i);
    // Still on the first step, with the file picker there to choose again.
    await expect.poll(() => page.getByTestId('import-start').isVisible(), POLL).toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, 'import-unreadable.png') });

    // The first fix the message gives: the file moved to another folder and picked from there.
    const moved = join(dir, '下载', '新开业主体.xlsx');
    mkdirSync(join(dir, '下载'));
    renameSync(file, moved);
    chmodSync(moved, 0o644);
    await x.chooseFile(moved);
    await page.getByTestId('import-start').click();
    await page.getByTestId('import-header-row').waitFor();
    await expect.poll(() => page.getByTestId('import-error').count(), POLL).toBe(0);
    expect(browserErrors).toEqual([]);
  });
});
