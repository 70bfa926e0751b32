/**
 * Issue 11 items 1–3 in the browser: a county that has imported only some annual reports runs a grading;
 * the explanation names the report years never loaded (未导入，未计) instead of deducting for them, and a
 * penalty imported as 罚款、没收 is explained as 没收违法所得.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { writeSheet } from '../integration/exchange-fixture.ts';
import { type AppSession, openAppSession } from './app-session.ts';
import type { RunningServer } from './harness.ts';
import { GradingPage } from './pages/grading-page.ts';
import { LoginPage } from './pages/login-page.ts';
import { Shell } from './pages/shell.ts';

const PASSWORD = 'coverage-e2e-2026';
const SCREENSHOTS = process.env.CREDITDESK_SCREENSHOTS ?? 'test-results/screenshots';
const A = '91330100716105852F'; // enterprise: its 2025 report and one penalty
const C = '91330100123456788G'; // enterprise: no report
const B = '92330102234567894R'; // individual: nothing

describe('grading with annual reports of only some years loaded', () => {
  let server: RunningServer;
  let page: Page;
  let app: AppSession;
  const browserErrors: string[] = [];

  beforeAll(async () => {
    app = await openAppSession({
      prepare: importSomeYears,
      viewport: { width: 1366, height: 900 },
      browserErrors,
    });
    ({ server, page } = app);
  }, 120_000);

  /** The county's database made with the command line, then opened by the app like any existing one. */
  async function importSomeYears(dir: string): Promise<void> {
    const db = join(dir, 'creditdesk.db');
    const io = {
      out: () => undefined,
      err: (l: string) => browserErrors.push(`cli: ${l}`),
      env: { CREDITDESK_PASSWORD: PASSWORD },
    };
    const cli = async (...args: string[]) => expect(await main(args, io)).toBe(0);
    await cli('init', '--db', db);
    const sheet = (name: string, rows: unknown[][]) => writeSheet(join(dir, name), rows);
    await cli(
      'import',
      '--db',
      db,
      '--kind',
      'entities',
      sheet('entities.xlsx', [
        ['统一社会信用代码', '企业名称', '主体类型', '成立日期'],
        [A, '恒达商贸有限公司', '企业', '2015-03-02'],
        [C, '鑫源建材有限公司', '企业', '2016-05-01'],
        [B, '李四便利店', '个体工商户', '2019-06-01'],
      ]),
    );
    await cli(
      'import',
      '--db',
      db,
      '--kind',
      'annual_reports',
      sheet('reports.xlsx', [
        ['统一社会信用代码', '年报年度', '报送日期'],
        [A, 2025, '2026-05-01'],
      ]),
    );
    await cli(
      'import',
      '--db',
      db,
      '--kind',
      'penalties',
      sheet('penalties.xlsx', [
        ['统一社会信用代码', '决定书文号', '处罚种类', '罚没金额（元）', '处罚决定日期'],
        [A, '示市监罚〔2026〕7号', '罚款、没收', '3000', '2026-03-01'],
      ]),
    );
  }

  afterAll(async () => {
    await app?.close();
  });

  it('deducts only for the loaded year and names the years never loaded in the explanation', async () => {
    await page.goto(server.url);
    await new LoginPage(page).login('admin', PASSWORD);
    const shell = new Shell(page);
    await shell.nav().waitFor({ timeout: 60_000 });
    await shell.open('信用评价');
    const grading = new GradingPage(page);
    await grading.runGrading('2026-10-31');
    await grading.distribution().waitFor({ timeout: 60_000 });
    // A: 1000 − 60 (penalty) = 940 → B; C: 1000 − 30 (the loaded 2025 report missing) = 970 → A; B: 1000 → A.
    const counts = await grading.distribution().getByTestId('distribution-count').allTextContents();
    expect(counts).toEqual(['2', '1', '0', '0']);

    await grading.distributionRow('B').click();
    await grading.resultRows().first().waitFor();
    await grading.openFirstResult();
    const x = grading.explanation();
    await x.waitFor();
    const text = (await x.getByTestId('explanation-lines').textContent()) ?? '';
    expect(text).toMatch(/基础分 1000 分/);
    expect(text).toMatch(/公示期内的行政处罚 1 起，扣 60 分/);
    expect(text).toMatch(/没收违法所得/);
    expect(text).toMatch(/2023 年度年报数据未导入，未计/);
    expect(text).toMatch(/2024 年度年报数据未导入，未计/);
    expect(text).not.toMatch(/2025 年度年报数据未导入/);
    expect(text).not.toMatch(/年度报告逾期或未报/);
    await page.screenshot({
      path: join(SCREENSHOTS, 'grading-coverage-explanation.png'),
      animations: 'disabled',
    });
    expect(browserErrors).toEqual([]);
  });
});
