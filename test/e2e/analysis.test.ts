/**
 * 统计报表 · 综合研判 in the browser (issue 14), on a demo county with two grading runs and an inspection
 * task with results: every chart is drawn; a click on a bar (found by its colour on the canvas, as a
 * person finds it) opens the entity list with as many entities as the bar counts; a chart exports as PNG
 * and as a workbook of its figures; the quarterly report downloads as a workbook with its sheets.
 */
import { readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import type { Distribution } from '../../shared/api/contracts/analysis.ts';
import { ABOVE_COUNTY, classColor } from '../../renderer/src/pages/analysis/class-colors.ts';
import { type AppSession, openAppSession } from './app-session.ts';
import { callInPage } from './pages/api-in-page.ts';
import { POLL } from './retry.ts';
import { Shell } from './pages/shell.ts';
import { localDay, taskWithAllResults } from './sampling-fixtures.ts';

const PASSWORD = '示范县-analysis-2026';
const SCREENSHOTS = process.env.CREDITDESK_SCREENSHOTS ?? 'test-results/screenshots';
const CHARTS = [
  'chart-distribution-township',
  'chart-distribution-jurisdiction',
  'chart-distribution-section',
  'chart-distribution-kind',
  'chart-trend',
  'chart-risk',
  'chart-coverage',
  'chart-problems',
];

declare const window: { location: { hash: string }; dispatchEvent(e: unknown): void };
declare const Event: new (type: string) => unknown;

/** Only the canvas and the address are read inside the page; the test project has no DOM types. */
interface CanvasLike {
  width: number;
  height: number;
  getBoundingClientRect(): { width: number };
  getContext(kind: '2d'): {
    getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> };
  } | null;
}

function rgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [n >> 16, (n >> 8) & 0xff, n & 0xff];
}

/**
 * Where the first bar drawn in `hex` is, in CSS pixels of the canvas: the topmost row below the legend
 * with a run of at least 12 pixels of that colour, a few pixels into the bar.
 */
async function barOf(chart: Locator, hex: string): Promise<{ x: number; y: number }> {
  const canvas = chart.locator('canvas').first();
  const hit = await canvas.evaluate((el, [r, g, b]) => {
    const c = el as unknown as CanvasLike;
    const data = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data;
    if (!data) return null;
    const scale = c.width / c.getBoundingClientRect().width;
    for (let y = Math.round(40 * scale); y < c.height; y++) {
      let run = 0;
      for (let x = 0; x < c.width; x++) {
        const i = (y * c.width + x) * 4;
        const same =
          Math.abs(data[i]! - r) < 4 && Math.abs(data[i + 1]! - g) < 4 && Math.abs(data[i + 2]! - b) < 4;
        run = same ? run + 1 : 0;
        if (run === 12) return { x: (x - 6) / scale, y: (y + 5) / scale };
      }
    }
    return null;
  }, rgb(hex));
  if (!hit) throw new Error(`no bar drawn in ${hex}`);
  return hit;
}

describe('统计报表: charts, click-through, exports and the quarterly report', () => {
  let page: Page;
  let app: AppSession;
  const browserErrors: string[] = [];
  let runId = 0;

  beforeAll(async () => {
    app = await openAppSession({
      dataSubdir: 'data',
      demoEntities: 3000,
      demoSeed: 'e2e-analysis',
      viewport: { width: 1366, height: 900 },
      browserErrors,
      acceptDownloads: true,
      firstAdmin: { displayName: '李科长', password: PASSWORD },
    });
    ({ page } = app);
    // Two runs of one model make a trend; the task's results make the coverage and problem rates.
    await callInPage(page, 'grading.run', { modelId: 'samr-risk', asOf: localDay(-45) });
    ({
      run: { id: runId },
    } = await callInPage(page, 'grading.run', { modelId: 'samr-risk', asOf: localDay(0) }));
    await taskWithAllResults(page);
  });

  afterAll(async () => {
    await app?.close();
  });

  async function openReports(): Promise<void> {
    await new Shell(page).open('统计报表');
    await page.getByTestId('analysis-page').waitFor();
  }

  function chart(testId: string): Locator {
    return page.locator(`[data-testid="${testId}"][data-state="ready"]`);
  }

  it('draws every chart of the latest run, in Chinese, with something on each canvas', async () => {
    await openReports();
    await expect.poll(() => page.getByTestId('analysis-run').inputValue(), POLL).toContain(localDay(0));
    for (const id of CHARTS) {
      const block = chart(id);
      await block.waitFor({ timeout: 30_000 });
      await block.scrollIntoViewIfNeeded();
      const inked = await block
        .locator('canvas')
        .first()
        .evaluate((el) => {
          const c = el as unknown as CanvasLike;
          const data = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? [];
          let n = 0;
          for (let i = 0; i < data.length; i += 4) if (data[i + 3]! > 0) n++;
          return n;
        });
      expect(inked, id).toBeGreaterThan(1000);
    }
    // The page top (distribution) and the ranking with the coverage below it, for the README.
    await chart('chart-distribution-township').scrollIntoViewIfNeeded();
    await page.getByTestId('analysis-page').evaluate((el) => {
      (el as unknown as { scrollIntoView(): void }).scrollIntoView();
    });
    await page.screenshot({ path: `${SCREENSHOTS}/analysis-page.png` });
    await chart('chart-risk').evaluate((el) => {
      (el as unknown as { scrollIntoView(): void }).scrollIntoView();
    });
    await page.screenshot({ path: `${SCREENSHOTS}/analysis-risk.png` });
    expect(browserErrors).toEqual([]);
  });

  it('opens the entities of a class in the largest kind, as many as the bar counts', async () => {
    const d: Distribution = await callInPage(page, 'analysis.distribution', { runId, by: 'kind' });
    const top = d.rows.find((r) => r.total > 0)!;
    // The class with most entities in the top bar: its segment is the widest to find and click.
    const index = d.classes.reduce(
      (best, c, i) => ((top.counts[c.grade] ?? 0) > (top.counts[d.classes[best]!.grade] ?? 0) ? i : best),
      0,
    );
    const grade = d.classes[index]!.grade;
    const expected = top.counts[grade]!;
    expect(expected).toBeGreaterThan(0);

    await openReports();
    const block = chart('chart-distribution-kind');
    await block.waitFor();
    await block.scrollIntoViewIfNeeded();
    await page.mouse.move(0, 0);
    const at = await barOf(block, classColor(index));
    await block.locator('canvas').first().click({ position: at });

    await page.getByTestId('entity-list-page').waitFor();
    expect(await page.evaluate(() => decodeURIComponent(window.location.hash))).toContain(
      `kind=${top.group}&run=${runId}&class=${grade}`,
    );
    await expect
      .poll(() => page.getByTestId('entity-count').textContent(), POLL)
      .toMatch(new RegExp(`^共 ${expected.toLocaleString('zh-CN')} 户`));
  });

  it('opens the high-risk entities of the riskiest township, as many as the ranking counts', async () => {
    const ranking = await callInPage(page, 'analysis.riskRanking', {
      runId,
      by: 'township',
      minGroupSize: 30,
    });
    const top = ranking.rows[0]!;
    expect(top.share).toBeGreaterThan(ranking.countyShare);

    await openReports();
    const block = chart('chart-risk');
    await block.waitFor();
    await block.scrollIntoViewIfNeeded();
    await page.mouse.move(0, 0);
    await block
      .locator('canvas')
      .first()
      .click({ position: await barOf(block, ABOVE_COUNTY) });

    await page.getByTestId('entity-list-page').waitFor();
    await expect
      .poll(() => page.getByTestId('entity-count').textContent(), POLL)
      .toMatch(new RegExp(`^共 ${top.highRisk.toLocaleString('zh-CN')} 户`));
    await expect(page.getByTestId('entity-filter-run').textContent()).resolves.toContain(
      ranking.highRiskClasses.join('、'),
    );
    expect(await page.evaluate(() => decodeURIComponent(window.location.hash))).toContain(
      `township=${top.group}&run=${runId}&class=${ranking.highRiskClasses.join(',')}`,
    );
  });

  it('draws every chart at the width of an A4 page while printing, and back at screen width after', async () => {
    await openReports();
    for (const id of CHARTS) await chart(id).waitFor();
    const widths = () =>
      page
        .locator('.cd-chart canvas')
        .evaluateAll((els) => els.map((el) => (el as unknown as CanvasLike).getBoundingClientRect().width));
    const onScreen = await widths();
    expect(Math.min(...onScreen)).toBeGreaterThan(900);
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    // 186 mm (A4 less 12 mm margins) is 703 CSS pixels.
    expect(Math.max(...(await widths()))).toBeLessThanOrEqual(703);
    await page.pdf({ path: `${SCREENSHOTS}/analysis-print.pdf`, format: 'A4' });
    await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
    expect(await widths()).toEqual(onScreen);
  });

  it('exports a chart as a PNG and its figures as a workbook, named in Chinese', async () => {
    await openReports();
    const block = chart('chart-distribution-township');
    await block.waitFor();
    const run = (await callInPage(page, 'analysis.runs', {})).runs.find((r) => r.id === runId)!;

    const png = page.waitForEvent('download');
    await page.getByTestId('chart-distribution-township-png').click();
    const image = await png;
    expect(image.suggestedFilename()).toBe(`分类分布（按乡镇（街道））_${run.modelName}_${run.asOf}.png`);
    const bytes = readFileSync(await image.path());
    expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(bytes.length).toBeGreaterThan(10_000);

    const xlsx = page.waitForEvent('download');
    await page.getByTestId('chart-distribution-township-xlsx').click();
    const table = await xlsx;
    expect(table.suggestedFilename()).toBe(`分类分布（按乡镇（街道））_${run.modelName}_${run.asOf}.xlsx`);
    const book = XLSX.read(readFileSync(await table.path()));
    const rows = XLSX.utils.sheet_to_json<unknown[]>(book.Sheets[book.SheetNames[0]!]!, { header: 1 });
    const d = await callInPage(page, 'analysis.distribution', { runId, by: 'township' });
    const groups = d.rows.filter((r) => r.total > 0);
    expect(rows[0]?.[0]).toBe('乡镇（街道）');
    expect(rows.slice(1).map((r) => r[0])).toEqual([...groups.map((g) => g.groupLabel), d.totals.groupLabel]);
    // The last column is each group's total; the groups add up to the total row.
    const totals = rows.slice(1).map((r) => r[r.length - 1] as number);
    expect(totals.slice(0, -1).reduce((a, b) => a + b, 0)).toBe(totals[totals.length - 1]);
  });

  it('exports the quarterly report as a workbook with its sheets', async () => {
    await openReports();
    await page.getByTestId('quarterly-open').click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await dialog.getByTestId('quarterly-reviewer').fill('王审核');
    const download = page.waitForEvent('download', { timeout: 60_000 });
    await dialog.getByTestId('quarterly-submit').click();
    const file = await download;
    const [year, month] = localDay(0).split('-').map(Number) as [number, number];
    expect(file.suggestedFilename()).toBe(
      `信用风险分类管理季度报告_${year}年第${Math.ceil(month / 3)}季度.xlsx`,
    );
    const book = XLSX.read(readFileSync(await file.path()));
    expect(book.SheetNames).toEqual([
      '封面',
      '分类结果（乡镇）',
      '分类结果（管辖单位）',
      '分类结果（主体类型）',
      '分类结果（行业门类）',
      '抽查工作情况统计',
      '综合抽查结果统计',
      '综合抽查结果统计（管辖单位）',
      '分类监管效果',
      '异议修复预警',
      '公示及时性',
    ]);
    // The cover names who filled it in (the logged-in officer, by default) and who reviewed it.
    const cover = XLSX.utils.sheet_to_json<unknown[]>(book.Sheets['封面']!, { header: 1 }).flat();
    expect(cover).toContain('李科长');
    expect(cover).toContain('王审核');
    await expect(dialog.getByTestId('quarterly-message').textContent()).resolves.toContain('已导出');
  });
});
