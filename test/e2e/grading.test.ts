import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { type AppSession, openAppSession } from './app-session.ts';
import type { RunningServer } from './harness.ts';
import { GradePanel, GradingPage } from './pages/grading-page.ts';
import { LoginPage } from './pages/login-page.ts';
import { Shell } from './pages/shell.ts';
import { POLL } from './retry.ts';

const PASSWORD = 'grading-e2e-2026';
const SCREENSHOTS = process.env.CREDITDESK_SCREENSHOTS ?? 'test-results/screenshots';

/** The built-in samr-risk model as the app exports it (called from the page, like its own code does). */
let exportedSamr: () => Promise<string>;

describe('grading in the browser: run → distribution → explanation → entity grade panel', () => {
  let server: RunningServer;
  let page: Page;
  let app: AppSession;
  const browserErrors: string[] = [];

  beforeAll(async () => {
    // A small demo county made with the command line, then opened by the app like any existing database.
    const demoCounty = async (dir: string) => {
      const quiet = { out: () => undefined, err: (l: string) => browserErrors.push(`cli: ${l}`) };
      const code = await main(
        ['demo', '--db', join(dir, 'creditdesk.db'), '--entities', '2000', '--seed', 'e2e-grading'],
        {
          ...quiet,
          env: { CREDITDESK_PASSWORD: PASSWORD },
        },
      );
      expect(code).toBe(0);
    };
    app = await openAppSession({
      prepare: demoCounty,
      viewport: { width: 1366, height: 900 },
      browserErrors,
    });
    ({ server, page } = app);
    exportedSamr = () =>
      page.evaluate(async () => {
        const token = sessionStorage.getItem('creditdesk.token') ?? '';
        const res = await fetch('/api/models.export', {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ id: 'samr-risk', version: '1.0.0' }),
        });
        return ((await res.json()) as { value: { json: string } }).value.json;
      });
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  it('logs in and runs a grading from the UI, then shows the class distribution', async () => {
    await page.goto(server.url);
    await new LoginPage(page).login('admin', PASSWORD);
    const shell = new Shell(page);
    await shell.nav().waitFor({ timeout: 60_000 });
    await shell.open('信用评价');
    await page.getByTestId('runs-empty').waitFor();

    const grading = new GradingPage(page);
    await grading.runGrading('2026-10-31');
    await grading.distribution().waitFor({ timeout: 60_000 });
    await expect.poll(() => grading.runRows().count(), POLL).toBe(1);
    const rows = await grading.distribution().getByTestId('distribution-count').allTextContents();
    expect(rows).toHaveLength(4); // samr-risk: A B C D
    const total = rows.map((r) => Number(r.replace(/,/g, ''))).reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(1500);
    expect(total).toBeLessThanOrEqual(2000);
    const percents = await grading.distribution().getByTestId('distribution-percent').allTextContents();
    expect(percents.map((p) => Number.parseFloat(p)).reduce((a, b) => a + b, 0)).toBeCloseTo(100, 0);
    await page.screenshot({ path: join(SCREENSHOTS, 'grading-distribution.png'), fullPage: true });
  });

  it('lists the entities of a class and opens one explanation in Chinese', async () => {
    const grading = new GradingPage(page);
    await grading.distributionRow('C').click();
    await page.getByText('等级 C 的市场主体').waitFor();
    await grading.resultRows().first().waitFor();
    await grading.openFirstResult();
    const x = grading.explanation();
    await x.waitFor();
    await expect.poll(() => x.getByTestId('explanation-grade').textContent(), POLL).toBe('C');
    const text = (await x.getByTestId('explanation-lines').textContent()) ?? '';
    expect(text).toMatch(/基础分 1000 分/);
    expect(text).toMatch(/扣 \d+ 分/);
    await page.screenshot({ path: join(SCREENSHOTS, 'grading-explanation.png'), animations: 'disabled' });
  });

  it('opens the entity page with its current grade, history, and a supervisor adjustment', async () => {
    const grading = new GradingPage(page);
    await grading.openEntityFromExplanation();
    const panel = new GradePanel(page);
    await panel.current().first().waitFor();
    await expect
      .poll(() => panel.current().first().getByTestId('explanation-grade').textContent(), POLL)
      .toBe('C');
    await expect.poll(() => panel.panel().getByTestId('grade-history-row').count(), POLL).toBe(1);
    const chosen = await panel.adjust('现场核查已整改到位，见核查记录第 12 号');
    await panel.panel().getByTestId('explanation-adjustment').waitFor();
    await expect
      .poll(() => panel.current().first().getByTestId('explanation-grade').textContent(), POLL)
      .toBe(chosen.slice(0, 1));
    await panel.panel().scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, 'grading-entity-panel.png'), fullPage: true });
    // The history row opens that run's result, which now shows the adjustment in force.
    await panel.panel().getByTestId('grade-history-row').first().click();
    const modal = page.getByTestId('explanation-modal');
    await modal.getByTestId('explanation-adjustment').waitFor();
    await expect
      .poll(() => modal.getByTestId('explanation-adjustment').textContent(), POLL)
      .toMatch(/现场核查已整改到位/);
    await page.keyboard.press('Escape');
    await modal.waitFor({ state: 'hidden' });
  });

  it('compares two runs: who moved and why', async () => {
    await new Shell(page).open('信用评价');
    const grading = new GradingPage(page);
    // A second run one year earlier: penalties and listings in effect then differ.
    await grading.runGrading('2025-10-31');
    await grading.runRows().nth(1).waitFor({ timeout: 60_000 });
    await grading.openTab('compare');
    const counts = page.getByTestId('compare-counts');
    await counts.waitFor();
    await expect.poll(() => counts.textContent(), POLL).toMatch(/等级上升 [\d,]+ 户，下降 [\d,]+ 户/);
    const first = page.getByTestId('compare-row').first();
    await first.waitFor();
    await expect.poll(() => first.textContent(), POLL).toMatch(/→/);
    await page.screenshot({ path: join(SCREENSHOTS, 'grading-compare.png'), fullPage: true });
  });

  it('shows a model in plain Chinese', async () => {
    const grading = new GradingPage(page);
    await grading.openTab('models');
    await grading.modelDetail().waitFor();
    const text = (await grading.modelDetail().textContent()) ?? '';
    expect(text).toMatch(/950 分及以上/);
    expect(text).toMatch(/每次扣 60 分/);
    await page.screenshot({ path: join(SCREENSHOTS, 'grading-model.png'), fullPage: true });
  });

  it('imports a model file: an invalid one is refused with Chinese errors, a valid one is listed', async () => {
    const grading = new GradingPage(page);
    const json = await exportedSamr();
    const model = JSON.parse(json) as { version: string; name: string; bands: unknown[] };
    await grading.importModel('bad.json', JSON.stringify({ ...model, version: '2.0.0', bands: [] }));
    const refused = page.getByTestId('model-import-result');
    await refused.waitFor();
    await expect.poll(() => refused.textContent(), POLL).toMatch(/模型文件未导入.*模型文件有 \d+ 处错误/);
    await grading.importModel(
      'ok.json',
      JSON.stringify({ ...model, version: '2.0.0', name: '企业信用风险分类（试行）' }),
    );
    await page.getByText('已导入“企业信用风险分类（试行）”').waitFor();
    await grading
      .modelDetail()
      .getByText(/版本 2\.0\.0/)
      .waitFor();
  });

  it('logged no browser error', () => {
    expect(browserErrors).toEqual([]);
  });
});
