import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { type AppSession, openAppSession } from './app-session.ts';
import { callInPage } from './pages/api-in-page.ts';
import { SamplingPage } from './pages/sampling-page.ts';
import { Shell } from './pages/shell.ts';
import { POLL } from './retry.ts';
import { drawnTask, openTaskPlan, publishedTask, taskWithAllResults } from './sampling-fixtures.ts';

const PASSWORD = '示范县-admin-2026';
const SCREENSHOTS = process.env.CREDITDESK_SCREENSHOTS ?? 'test-results/screenshots';

describe('double-random inspection: task wizard → draw → keyboard results → review → publication notice', () => {
  let page: Page;
  let app: AppSession;
  let dir: string;
  const browserErrors: string[] = [];

  beforeAll(async () => {
    app = await openAppSession({
      dataSubdir: 'data',
      demoEntities: 3000,
      demoSeed: 'e2e-inspections',
      viewport: { width: 1366, height: 860 },
      acceptDownloads: true,
      browserErrors,
      firstAdmin: { displayName: '李科长', password: PASSWORD },
    });
    ({ page, dir } = app);
  });

  afterAll(async () => {
    await app?.close();
  });

  const sampling = () => new SamplingPage(page);
  // Each test starts from its own state, made through the API (sampling-fixtures.ts): any one runs alone.

  it('fills the inspector pool with the demonstration inspectors', async () => {
    await new Shell(page).open('双随机抽查');
    await sampling().tab('inspectors');
    await sampling().addDemoInspectors();
    await expect.poll(() => sampling().inspectorRows().count(), POLL).toBe(12);
    // Personal data is masked on screen.
    const phone = page.getByTestId('inspectors-table').locator('tbody tr').first().locator('td').nth(5);
    await expect.poll(() => phone.textContent(), POLL).toMatch(/^\*+\d{4}$/);
    await page.screenshot({ path: join(SCREENSHOTS, 'inspections-inspectors.png') });
  });

  it('creates a directed task, previews the strata with the digest, draws and shows the seed', async () => {
    await callInPage(page, 'sampling.demo.seed', {});
    await new Shell(page).open('双随机抽查');
    await sampling().tab('tasks');
    await sampling().startWizard();
    await sampling().next(); // items and basics: defaults (A07, today + 20 days)
    await sampling().directedTo('农民专业合作社');
    await sampling().next();
    await sampling().chooseProfile('林甸县 2024（各档上限）');
    await sampling().next();
    await page.getByTestId('wizard-preview').waitFor();
    const shownDigest = async () => (await sampling().previewDigest().textContent())?.trim() ?? '';
    await expect.poll(shownDigest, POLL).toMatch(/^[0-9a-f]{64}$/);
    const digest = await shownDigest();
    const shownTotal = async () => Number(await page.getByTestId('preview-total').textContent());
    await expect.poll(shownTotal, POLL).toBeGreaterThan(0);
    const total = await shownTotal();
    await page.screenshot({ path: join(SCREENSHOTS, 'inspections-preview.png'), fullPage: true });
    await sampling().draw();
    await expect.poll(() => sampling().drawDigest().textContent(), POLL).toBe(digest);
    await expect.poll(() => sampling().drawSeed().textContent(), POLL).toMatch(/^[0-9a-f]{64}$/);
    await page.screenshot({ path: join(SCREENSHOTS, 'inspections-drawn.png'), fullPage: true });
    await sampling().openPlan();
    await expect.poll(() => sampling().entries().count(), POLL).toBe(total);
  });

  it('enters results with the keyboard; 无法联系 proposes the abnormal list', async () => {
    const task = await drawnTask(page);
    await openTaskPlan(page, task);
    await expect.poll(() => sampling().entries().count(), POLL).toBe(task.entityIds.length);
    await sampling().focusResults();
    await sampling().enterResultByKeyboard(['6']);
    await expect.poll(() => sampling().resultsMessage().textContent(), POLL).toContain('经营异常名录');
    const n = task.entityIds.length;
    for (let i = 1; i < n; i++) await sampling().enterResultByKeyboard(['1']);
    await expect.poll(() => sampling().resultsMessage().textContent(), POLL).toContain('还剩 0 户');
    await page.screenshot({ path: join(SCREENSHOTS, 'inspections-results.png'), fullPage: true });
  });

  it('submits, reviews and publishes, then exports the publication notice', async () => {
    const task = await taskWithAllResults(page);
    await openTaskPlan(page, task);
    await sampling().action('results-complete');
    await expect.poll(() => sampling().status().textContent(), POLL).toBe('结果已录入');
    await sampling().action('task-review');
    await expect.poll(() => sampling().status().textContent(), POLL).toBe('已审核');
    await sampling().action('task-publish');
    await expect.poll(() => sampling().status().textContent(), POLL).toBe('已公示');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-notice').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^抽查结果公示_.*\.xlsx$/);
    const file = join(dir, 'notice.xlsx');
    await download.saveAs(file);
    const wb = XLSX.read(readFileSync(file));
    const rows = XLSX.utils.sheet_to_json<(string | number)[]>(wb.Sheets[wb.SheetNames[0]!]!, { header: 1 });
    expect(rows[0]!.slice(0, 5)).toEqual(['序号', '检查实施机关', '类型', '日期', '结果']);
    expect(rows).toHaveLength(task.entityIds.length + 1);
    expect(rows.slice(1).map((r) => r[4])).toContain('通过登记的住所（经营场所）无法联系');
    expect(String(rows[1]![1])).toContain('市场监督管理局');
  });

  it('shows the printable A4 plan with the seed and digest for the witness', async () => {
    const task = await publishedTask(page);
    const { plan } = await callInPage(page, 'sampling.tasks.get', { taskId: task.taskId });
    await openTaskPlan(page, task);
    await expect
      .poll(async () => (await page.getByTestId('plan-digest').textContent())?.trim(), POLL)
      .toBe(plan!.digest);
    const digest = plan!.digest;
    await page.getByTestId('print-plan').click();
    await page.getByTestId('printable-plan').waitFor();
    await expect.poll(() => page.getByTestId('print-digest').textContent(), POLL).toBe(digest);
    await expect.poll(() => page.getByTestId('print-seed').textContent(), POLL).toMatch(/^[0-9a-f]{64}$/);
    await page.screenshot({ path: join(SCREENSHOTS, 'inspections-print.png') });
    // With print media only the plan is visible: the app's navigation is hidden.
    await page.emulateMedia({ media: 'print' });
    await expect.poll(() => page.getByTestId('nav').isVisible(), POLL).toBe(false);
    await expect.poll(() => page.getByTestId('print-digest').isVisible(), POLL).toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, 'inspections-print-media.png') });
    const pdf = await page.pdf({ format: 'A4', path: join(SCREENSHOTS, 'inspections-plan.pdf') });
    expect(pdf.byteLength).toBeGreaterThan(10_000);
    await page.emulateMedia({ media: 'screen' });
    await page.keyboard.press('Escape');
    await page.getByTestId('plan-back').click();
    const row = page.getByTestId('task-row').filter({ hasText: task.number });
    await expect.poll(() => row.getByTestId('deadline-badge').textContent(), POLL).toBe('已公示');
    await page.screenshot({ path: join(SCREENSHOTS, 'inspections-tasks.png') });
  });

  it('redraws a second plan only with a reason and keeps the first draw on file', async () => {
    await callInPage(page, 'sampling.demo.seed', {});
    // Every task of this file takes the next free 文号, so the wizard offers the one after them.
    const { tasks } = await callInPage(page, 'sampling.tasks.list', {});
    await new Shell(page).open('双随机抽查');
    await sampling().tab('tasks');
    await sampling().startWizard();
    await expect
      .poll(() => page.getByTestId('wizard-number').inputValue(), POLL)
      .toMatch(new RegExp(`〔\\d{4}〕${tasks.length + 1}号$`));
    await sampling().next();
    await sampling().directedTo('农民专业合作社');
    await sampling().next();
    await sampling().chooseProfile('林甸县 2024（各档上限）');
    await sampling().next();
    await page.getByTestId('wizard-preview').waitFor();
    await sampling().draw();
    await expect.poll(() => sampling().drawSeed().textContent(), POLL).toMatch(/^[0-9a-f]{64}$/);
    const firstSeed = (await sampling().drawSeed().textContent())?.trim();
    await sampling().openPlan();
    await page.getByTestId('task-redraw').click();
    await page.getByTestId('redraw-confirm').click();
    await expect.poll(() => page.getByTestId('redraw-error').textContent(), POLL).toMatch(/理由/);
    await page.getByTestId('redraw-reason').fill('两名检查人员临时借调，需重新抽取');
    await page.getByTestId('redraw-confirm').click();
    await page.getByTestId('plan-history').waitFor();
    await page.getByTestId('redraw-reason').waitFor({ state: 'detached' });
    await expect
      .poll(() => page.getByTestId('plan-history').textContent(), POLL)
      .toContain('两名检查人员临时借调');
    await expect.poll(() => page.getByTestId('plan-history').textContent(), POLL).toContain(firstSeed ?? 'x');
    const newSeed = async () => (await page.getByTestId('plan-seed').textContent())?.trim();
    await expect.poll(newSeed, POLL).toMatch(/^[0-9a-f]{64}$/);
    await expect.poll(newSeed, POLL).not.toBe(firstSeed);
    await page.screenshot({ path: join(SCREENSHOTS, 'inspections-redraw.png'), fullPage: true });
    expect(browserErrors).toEqual([]);
  });
});
