/**
 * 操作日志 in plain Chinese (issue 10 item 9), in Chromium: after an import, an export, a second user's
 * login and result entry, every row names its action and object in Chinese, the stored record shows
 * only behind its toggle, the user and date filters narrow the list, and the Excel export holds exactly
 * the filtered rows (read back with the xlsx package) and is itself logged.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { AUDIT_ACTION_LABELS } from '../../shared/audit/actions.ts';
import { type AppSession, openAppSession } from './app-session.ts';
import { callInPage } from './pages/api-in-page.ts';
import { AuditPage } from './pages/audit-page.ts';
import { ExchangePage } from './pages/exchange-page.ts';
import { LoginPage } from './pages/login-page.ts';
import { Shell } from './pages/shell.ts';
import { POLL } from './retry.ts';
import { localDay } from './sampling-fixtures.ts';

const ADMIN_PW = '示范县-admin-2026';
const WANG_PW = 'wang-keyuan-2026';
const SCREENSHOTS = process.env.CREDITDESK_SCREENSHOTS ?? 'test-results/screenshots';
const CODES = Object.keys(AUDIT_ACTION_LABELS);
/** Internal names that must never reach an officer: export kinds, stored target prefixes, field names. */
const INTERNAL = /target_pool|grading_results|batch:|entity:|run:|backup:|model:|entityId|taskId/;

/**
 * What the log is read for: an import and an export by the administrator, then 王科员 added, logging in
 * and entering a result, then the administrator back. Made by the first test that needs it (once per
 * file: a second import would log other counts), so any test runs alone.
 */
async function recordActivity(page: Page, dir: string): Promise<{ enteredEntity: string }> {
  // Import two new entities through the wizard.
  await new Shell(page).open('数据交换');
  const x = new ExchangePage(page);
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(
    wb,
    XLSX.utils.aoa_to_sheet([
      ['统一社会信用代码/注册号', '企业名称', '主体类型', '法定代表人', '成立日期'],
      ['91330100716105852F', '恒达商贸有限公司', '企业', '张三', '2026-03-02'],
      ['330000000036006', '金达利实业有限公司', '企业', '王五', '2026-05-06'],
    ]),
    '名录',
  );
  const src = join(dir, '新开业主体.xlsx');
  writeFileSync(src, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }));
  await x.readAndValidate(src);
  await x.commit();
  await expect.poll(() => x.resultCount('inserted').textContent(), POLL).toBe('2');
  // Export the target pool.
  await x.openTab('export');
  await (await x.download('export-run')).path();

  // A task to enter a result in, and an officer to enter it.
  await callInPage(page, 'sampling.demo.seed', {});
  const { taskId } = await callInPage(page, 'sampling.tasks.create', {
    number: '示范市监〔2026〕3号',
    name: '个体工商户年度抽查',
    items: ['A07'],
    profileId: 'lindian-2024',
    startDate: localDay(-2),
    endDate: localDay(12),
  });
  await callInPage(page, 'sampling.tasks.draw', { taskId });
  await callInPage(page, 'users.add', {
    username: 'wang',
    displayName: '王科员',
    role: 'officer',
    password: WANG_PW,
  });

  await new Shell(page).logout();
  await new LoginPage(page).login('wang', WANG_PW);
  await new Shell(page).nav().waitFor({ timeout: 30_000 });
  const plan = (await callInPage(page, 'sampling.tasks.get', { taskId })).plan!;
  const enteredEntity = plan.entries[0]!.name;
  await callInPage(page, 'sampling.results.enter', {
    taskId,
    entityId: plan.entries[0]!.entityId,
    results: ['1'],
    checkedOn: localDay(0),
  });
  await new Shell(page).logout();
  await new LoginPage(page).login('admin', ADMIN_PW);
  await new Shell(page).nav().waitFor({ timeout: 30_000 });
  return { enteredEntity };
}

describe('操作日志: readable, filterable, exportable', () => {
  let page: Page;
  let dir: string;
  let app: AppSession;
  const browserErrors: string[] = [];

  beforeAll(async () => {
    app = await openAppSession({
      dataSubdir: 'data',
      demoEntities: 300,
      demoSeed: 'e2e-audit',
      viewport: { width: 1366, height: 900 },
      acceptDownloads: true,
      browserErrors,
      firstAdmin: { displayName: '张管理', password: ADMIN_PW },
    });
    ({ page, dir } = app);
  });

  afterAll(async () => {
    await app?.close();
  });

  let recorded: Promise<{ enteredEntity: string }> | undefined;
  const activity = () => {
    recorded ??= recordActivity(page, dir);
    return recorded;
  };

  /** The 操作日志 tab, freshly mounted: no filter or open record left by another test. */
  const openAudit = async (): Promise<AuditPage> => {
    await activity();
    await new Shell(page).open('数据交换');
    await new Shell(page).open('系统管理');
    const audit = new AuditPage(page);
    await audit.open();
    return audit;
  };

  it('records an import, an export, another user’s login and result entry', async () => {
    const { enteredEntity } = await activity();
    expect(enteredEntity).not.toBe('');
  });

  it('shows every action and object in Chinese', async () => {
    const { enteredEntity } = await activity();
    const audit = await openAudit();
    const rows = await audit.rowTexts();
    expect(rows.length).toBe(await audit.total());
    for (const r of rows) {
      const line = `${r.actor} ${r.action} ${r.object} ${r.summary}`;
      expect(r.action, line).toMatch(/^[^A-Za-z]+$/);
      expect(r.actor, line).toMatch(/^[^A-Za-z]+$/);
      expect(line).not.toMatch(INTERNAL);
      for (const code of CODES) expect(line).not.toContain(code);
    }
    const find = (action: string) => rows.filter((r) => r.action === action);
    expect(find('导入数据')[0]?.summary).toBe(
      '导入市场主体（检查对象名录库） 2 户（新增 2，更新 0），文件“新开业主体.xlsx”',
    );
    expect(find('导出数据')[0]?.object).toBe('检查对象名录库（市场主体）');
    expect(find('录入抽查结果')[0]).toMatchObject({
      actor: '王科员',
      object: '个体工商户年度抽查（示范市监〔2026〕3号）',
      summary: `录入抽查结果：${enteredEntity} → 未发现问题`,
    });
    expect(find('登录').map((r) => r.actor)).toEqual(expect.arrayContaining(['王科员', '张管理']));
    expect(find('添加用户')[0]).toMatchObject({ object: '王科员', summary: '角色：执法人员' });
    await page.screenshot({ path: join(SCREENSHOTS, 'audit-log.png'), fullPage: true });
  });

  it('shows the stored record only behind its toggle', async () => {
    await openAudit();
    const table = page.getByTestId('audit-table');
    await expect.poll(() => table.textContent(), POLL).not.toMatch(/[{}]|"detail"|exchange\.import/);
    await expect.poll(() => page.getByTestId('audit-raw').count(), POLL).toBe(0);
    const importRow = page.getByTestId('audit-row').filter({ hasText: '导入数据' });
    await importRow.getByTestId('audit-raw-toggle').click();
    const raw = page.getByTestId('audit-raw');
    await expect.poll(() => raw.count(), POLL).toBe(1);
    await expect.poll(() => raw.textContent(), POLL).toContain('"exchange.import"');
    await expect.poll(() => raw.textContent(), POLL).toMatch(/"batch:\d+"/);
    await page.screenshot({ path: join(SCREENSHOTS, 'audit-raw.png'), fullPage: true });
    await importRow.getByTestId('audit-raw-toggle').click();
    await expect.poll(() => page.getByTestId('audit-raw').count(), POLL).toBe(0);
  });

  it('narrows the list by user and by date range', async () => {
    const audit = await openAudit();
    const all = await audit.total();
    await audit.chooseUser('王科员');
    await expect.poll(() => audit.total()).toBeLessThan(all);
    const mine = await audit.rowTexts();
    expect(mine.length).toBeGreaterThanOrEqual(3); // login, result entry, logout
    expect(mine.length).toBeLessThan(all);
    expect(new Set(mine.map((r) => r.actor))).toEqual(new Set(['王科员']));
    expect(mine.map((r) => r.action)).toEqual(expect.arrayContaining(['登录', '录入抽查结果', '退出登录']));

    await audit.dateRange(localDay(-30), localDay(-1));
    await page.getByTestId('audit-empty').waitFor();
    await audit.waitForTotal(0);
    await audit.dateRange(localDay(0), localDay(0));
    await audit.waitForTotal(mine.length);
  });

  it('exports the filtered rows to Excel, marked internal, and logs the export', async () => {
    const audit = await openAudit();
    const all = await audit.total();
    await audit.chooseUser('王科员');
    await expect.poll(() => audit.total(), POLL).toBeLessThan(all);
    const shown = await audit.rowTexts();
    const download = await audit.exportExcel();
    expect(download.suggestedFilename()).toMatch(/^操作日志_\d{4}-\d{2}-\d{2}_内部资料\.xlsx$/);
    const file = join(dir, 'audit.xlsx');
    await download.saveAs(file);
    const wb = XLSX.read(readFileSync(file));
    const sheet = XLSX.utils.sheet_to_json<(string | number)[]>(wb.Sheets[wb.SheetNames[0]!]!, {
      header: 1,
      defval: '',
    });
    expect(String(sheet[0]![0])).toContain('内部资料');
    expect(sheet[1]!.slice(0, 6)).toEqual(['编号', '时间', '用户', '操作', '对象', '说明']);
    const data = sheet.slice(2).map((r) => ({
      id: String(r[0]),
      time: String(r[1]),
      actor: String(r[2]),
      action: String(r[3]),
      object: String(r[4]) || '—',
      summary: String(r[5]) || '—',
    }));
    expect(data).toEqual(shown);

    // The export is itself in the log (by the administrator, so outside 王科员's filter).
    await audit.chooseUser(null);
    await page.getByTestId('audit-row').first().filter({ hasText: '导出操作日志' }).waitFor();
    const top = (await audit.rowTexts())[0]!;
    expect(top).toMatchObject({ actor: '张管理', action: '导出操作日志', object: '操作日志' });
    expect(top.summary).toContain(`导出 ${shown.length} 条记录`);
  });

  it('logged no browser error', () => {
    expect(browserErrors).toEqual([]);
  });
});
