/**
 * The import wizard end to end: a file with an error → preview with the error → commit (the good rows)
 * → download the error report → fix it → re-import it → undo in the history → export the pool.
 */
import { readFileSync, writeFileSync } from 'node:fs';
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

function writeXlsx(path: string, rows: unknown[][]): string {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), '名录');
  writeFileSync(path, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }));
  return path;
}

function readRows(path: string): string[][] {
  const wb = XLSX.read(readFileSync(path));
  return XLSX.utils.sheet_to_json<string[]>(wb.Sheets[wb.SheetNames[0]!]!, {
    header: 1,
    raw: false,
    defval: '',
  });
}

describe('exchange: import with errors → error report → fix → re-import → undo → export', () => {
  let page: Page;
  let dir: string;
  let app: AppSession;
  const browserErrors: string[] = [];

  beforeAll(async () => {
    app = await openAppSession({
      dataSubdir: 'data',
      demoEntities: 200,
      demoSeed: 'e2e-exchange',
      viewport: { width: 1366, height: 860 },
      acceptDownloads: true,
      browserErrors,
      consoleErrors: false,
      firstAdmin: { displayName: '李科长', password: PASSWORD },
    });
    ({ page, dir } = app);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('runs the whole cycle through the wizard', async () => {
    await new Shell(page).open('数据交换');
    const x = new ExchangePage(page);
    const src = writeXlsx(join(dir, '新开业主体.xlsx'), [
      ['示范县新开业市场主体名录'],
      ['统一社会信用代码/注册号', '企业名称', '主体类型', '法定代表人', '成立日期'],
      ['91330100716105852F', '恒达商贸有限公司', '企业', '张三', '2026-03-02'],
      ['9.13301E+17', '鑫源建材有限公司', '企业', '李四', '2026-04-01'],
      ['330000000036006', '金达利实业有限公司', '', '王五', '2026/5/6'],
    ]);
    await x.readAndValidate(src, {
      sheet: async () => {
        // The title row above the header was recognised and skipped.
        await expect
          .poll(() => page.getByTestId('import-header-row').textContent(), POLL)
          .toContain('第 2 行');
        await page.screenshot({ path: join(SCREENSHOTS, 'exchange-sheet.png'), fullPage: true });
      },
      mapping: async () => {
        await page.screenshot({ path: join(SCREENSHOTS, 'exchange-mapping.png'), fullPage: true });
      },
    });
    await expect.poll(() => x.previewCount('rows').textContent(), POLL).toBe('3');
    await expect.poll(() => x.previewCount('errors').textContent(), POLL).toBe('1');
    await expect.poll(() => x.previewCount('inserted').textContent(), POLL).toBe('2');
    await x.filter(/^错误/);
    await expect.poll(() => x.previewRows().count(), POLL).toBe(1);
    await expect.poll(() => x.previewRows().first().textContent(), POLL).toMatch(/科学计数法|Excel/);
    await page.screenshot({ path: join(SCREENSHOTS, 'exchange-preview.png'), fullPage: true });

    await x.commit();
    await expect.poll(() => x.resultCount('inserted').textContent(), POLL).toBe('2');
    const report = await x.download('import-result-error-report');
    expect(report.suggestedFilename()).toBe('新开业主体_错误报告.xlsx');
    const reportPath = join(dir, report.suggestedFilename());
    await report.saveAs(reportPath);
    const rows = readRows(reportPath);
    expect(rows[0]).toEqual([
      '统一社会信用代码/注册号',
      '企业名称',
      '主体类型',
      '法定代表人',
      '成立日期',
      '错误说明',
    ]);
    expect(rows).toHaveLength(2);
    expect(rows[1]![1]).toBe('鑫源建材有限公司');
    expect(rows[1]![5]).toMatch(/A 列/);

    // The officer corrects the code from the business licence and imports the report itself.
    rows[1]![0] = '91330100MA2B00000X';
    writeXlsx(reportPath, rows);
    await x.again();
    await x.readAndValidate(reportPath);
    await expect.poll(() => x.previewCount('errors').textContent(), POLL).toBe('0');
    await x.commit();
    await expect.poll(() => x.resultCount('inserted').textContent(), POLL).toBe('1');
    await page.screenshot({ path: join(SCREENSHOTS, 'exchange-result.png'), fullPage: true });

    // History: the latest batch can be undone.
    await x.openTab('history');
    const history = page.getByTestId('import-history');
    await history.getByText('新开业主体_错误报告.xlsx').waitFor();
    const batchRow = history.locator('tbody tr').first();
    const batchId = Number(await batchRow.locator('td').first().textContent());
    await page.screenshot({ path: join(SCREENSHOTS, 'exchange-history.png'), fullPage: true });
    await x.undo(batchId);
    await expect.poll(() => page.getByTestId('undo-message').textContent(), POLL).toMatch(/删除 1 行/);

    // Export the target pool: the demo county plus the two rows of the first import.
    await x.openTab('export');
    const pool = await x.download('export-run');
    const poolPath = join(dir, 'pool.xlsx');
    await pool.saveAs(poolPath);
    const exported = readRows(poolPath);
    expect(exported).toHaveLength(1 + 200 + 2);
    expect(exported.some((r) => r[0] === '91330100716105852F')).toBe(true);
    expect(exported.some((r) => r[0] === '91330100MA2B00000X')).toBe(false);
    await page.getByTestId('export-done').waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'exchange-export.png'), fullPage: true });
    expect(browserErrors).toEqual([]);
  });
});
