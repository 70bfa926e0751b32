/**
 * 异议与修复 in the browser (issue 12): a heavy fine taken from the credit file through application,
 * attachments, acceptance, verification with the checklist and grant, after which the entity's grade on
 * its credit file changes; and an objection to another fine decided as 更正 with a corrected amount.
 * The county is made with the command line; the grading run and the lookups go through the page's API.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { writeSheet } from '../integration/exchange-fixture.ts';
import { type AppSession, openAppSession } from './app-session.ts';
import { callInPage } from './pages/api-in-page.ts';
import { LoginPage } from './pages/login-page.ts';
import { Shell } from './pages/shell.ts';

const PASSWORD = 'repair-e2e-2026';
const SHOTS = '/tmp';
/** Only the address is touched inside the page; the test project has no DOM types. */
declare const window: { location: { hash: string } };
const REPAIRED = '91330100716105852F';
const OBJECTOR = '91330100123456788G';

function localDay(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

describe('异议与修复: a repair granted and an objection corrected, in the browser', () => {
  let page: Page;
  let app: AppSession;
  const browserErrors: string[] = [];

  beforeAll(async () => {
    app = await openAppSession({
      prepare: county,
      viewport: { width: 1366, height: 900 },
      browserErrors,
      acceptDownloads: true,
    });
    page = app.page;
    await page.goto(app.server.url);
    await new LoginPage(page).login('admin', PASSWORD);
    await new Shell(page).nav().waitFor({ timeout: 60_000 });
    await callInPage(page, 'grading.run', { modelId: 'samr-risk', modelVersion: null, asOf: localDay() });
  }, 180_000);

  afterAll(async () => {
    await app?.close();
  });

  /** Two enterprises, each with one heavy fine published long enough ago to be repairable today. */
  async function county(dir: string): Promise<void> {
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
        [REPAIRED, '示范县清风食品有限公司', '企业', '2015-03-02'],
        [OBJECTOR, '示范县明月商贸有限公司', '企业', '2016-05-01'],
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
        [REPAIRED, '示市监罚〔2025〕8号', '罚款', '200000', '2025-08-31'],
        [OBJECTOR, '示市监罚〔2025〕9号', '罚款', '300000', '2025-09-01'],
      ]),
    );
  }

  async function openCreditFile(uscc: string): Promise<number> {
    const { rows } = await callInPage(page, 'entities.search', { query: uscc });
    const id = rows[0]!.id;
    await page.evaluate((h) => {
      window.location.hash = h;
    }, `#/entities/${id}`);
    await page.getByTestId('entity-detail').waitFor();
    return id;
  }

  const grade = () =>
    page.locator(
      '[data-testid="grade-current"][data-model-id="samr-risk"] [data-testid="explanation-grade"]',
    );

  async function submitStep(button: string, fill?: (form: Locator) => Promise<void>): Promise<void> {
    await page.getByTestId(button).click();
    const form = page.getByRole('dialog');
    await form.waitFor();
    await fill?.(form);
    await form.getByTestId('step-submit').click();
    await form.waitFor({ state: 'detached' });
  }

  async function upload(kindLabel: string, fileName: string): Promise<void> {
    await page.getByTestId('attachment-kind').click();
    await page.getByRole('option', { name: kindLabel }).click();
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('attachment-add').click();
    const path = join(app.dir, fileName);
    writeFileSync(path, `%PDF-1.4 ${kindLabel} 扫描件`);
    await (await chooser).setFiles(path);
  }

  it('takes a penalty from application to grant and the grade on the credit file changes', async () => {
    await openCreditFile(REPAIRED);
    await grade().waitFor();
    const before = await grade().textContent();
    const record = page.getByTestId('record-repair').first();
    await expect(record.getByTestId('record-repair-action').textContent()).resolves.toContain(
      '提前停止公示行政处罚信息（现可申请）',
    );

    // 信用修复告知书 of the penalty, as the A4 sheet.
    await record.getByTestId('repair-notice').click();
    await page.getByTestId('credit-document').waitFor();
    await page.screenshot({ path: join(SHOTS, 'repair-notice.png'), animations: 'disabled' });
    await page.getByTestId('document-close').click();

    await record.getByTestId('apply-repair').click();
    const form = page.getByTestId('repair-register-form');
    await form.getByTestId('register-applicant').fill('李清风');
    await form.getByTestId('register-reason').fill('罚款已缴清，违法行为已整改');
    await form.getByTestId('register-submit').click();

    // The new application opens beside its list.
    await page.getByTestId('case-area-repair').waitFor();
    const detail = page.getByTestId('repair-detail');
    await detail.waitFor();
    await upload('信用修复申请书', 'application.pdf');
    await upload('守信承诺书', 'commitment.pdf');
    await expect.poll(() => detail.getByTestId('case-attachment').count()).toBe(2);

    await submitStep('repair-step-accept');
    await expect.poll(() => detail.getByTestId('case-state').textContent()).toBe('已受理');
    await submitStep('repair-step-verify', async (f) => {
      const items = f.getByTestId('checklist-item');
      for (let i = 0; i < (await items.count()); i++) await items.nth(i).check();
    });
    await expect.poll(() => detail.getByTestId('case-state').textContent()).toBe('已核实');
    await expect(detail.getByTestId('checklist-state').first().textContent()).resolves.toMatch(/^☑/);
    await submitStep('repair-step-grant');
    await expect.poll(() => detail.getByTestId('case-state').textContent()).toBe('准予修复');
    // Granted, not yet carried out (执行): the case is still 办理中.
    await expect.poll(() => page.getByTestId('status-in_progress').textContent()).toBe('办理中 1');
    await page.screenshot({ path: join(SHOTS, 'repair-page.png'), animations: 'disabled' });

    await detail.getByTestId('document-decision').click();
    await page.getByTestId('credit-document').waitFor();
    await expect(page.getByTestId('credit-document').textContent()).resolves.toContain('信用修复决定书');
    await page.screenshot({ path: join(SHOTS, 'repair-decision.png'), animations: 'disabled' });
    await page.getByTestId('document-close').click();

    // The 工作台 lists the granted case with the deadline of its execution, linking to it.
    await new Shell(page).open('工作台');
    const urgent = page.getByTestId('dashboard-urgent-case');
    await urgent.first().waitFor();
    await expect(urgent.first().textContent()).resolves.toMatch(
      /信用修复 第 \d+ 号.*示范县清风食品有限公司 · 待执行修复/,
    );
    await page.getByTestId('dashboard-urgent-cases').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'repair-dashboard.png'), animations: 'disabled' });
    await urgent.first().getByTestId('dashboard-case-link').click();
    await expect
      .poll(() => page.getByTestId('repair-detail').getByTestId('case-state').textContent())
      .toBe('准予修复');

    await openCreditFile(REPAIRED);
    await grade().waitFor();
    await expect.poll(() => grade().textContent()).not.toBe(before);
    expect(browserErrors).toEqual([]);
  });

  it('takes an objection to a fine to 更正 and the record shows the corrected amount', async () => {
    await openCreditFile(OBJECTOR);
    const record = page.getByTestId('record-repair').first();
    await record.getByTestId('raise-objection').click();
    const form = page.getByTestId('objection-register-form');
    await form.getByTestId('register-objector').fill('王明月');
    await form.getByTestId('register-reasons').fill('罚款金额登记有误，决定书载明为 3 万元');
    await form.getByTestId('register-submit').click();

    await page.getByTestId('case-area-objection').waitFor();
    const detail = page.getByTestId('objection-detail');
    await detail.waitFor();
    await submitStep('objection-step-accept');
    await expect.poll(() => detail.getByTestId('case-state').textContent()).toBe('核实中');

    await openCreditFile(OBJECTOR);
    await expect(page.getByTestId('record-disputed').first().textContent()).resolves.toBe('异议中');
    await page.getByTestId('record-repair').first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'repair-credit-file.png'), animations: 'disabled' });

    await page.evaluate(() => {
      window.location.hash = '#/objections/objections';
    });
    await page.getByTestId('status-in_progress').click();
    await page.getByTestId('case-row').first().click();
    await detail.waitFor();
    await submitStep('objection-step-decide', async (f) => {
      await f.getByTestId('objection-outcome').click();
      await page.getByRole('option', { name: '更正' }).click();
      await f.getByTestId('correction-fine').fill('30000');
      await f.getByTestId('step-reason').fill('经核对处罚决定书原件，罚款金额为 3 万元');
    });
    await expect.poll(() => detail.getByTestId('case-state').textContent()).toBe('更正');
    await page.screenshot({ path: join(SHOTS, 'objection-page.png'), animations: 'disabled' });

    await openCreditFile(OBJECTOR);
    await expect.poll(() => page.getByTestId('record-disputed').count()).toBe(0);
    await expect(page.getByTestId('credit-timeline').textContent()).resolves.toMatch(/3(\.0)? ?万|30,?000/);
    expect(browserErrors).toEqual([]);
  });
});
