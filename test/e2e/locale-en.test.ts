/**
 * Issue 19 items 4 and 5 in an English Chromium (`--lang=en-US`, a context with locale en-US), where
 * the browser's own date input would show mm/dd/yyyy: every date field of the app is typed and shown as
 * YYYY-MM-DD with a Chinese, Monday-first calendar, text that is not a date is refused with a Chinese
 * message, the login says it is checking the password while it waits, and a download keeps its Chinese
 * file name.
 */
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppSession, openAppSession } from './app-session.ts';
import { AuditPage } from './pages/audit-page.ts';
import { fillDate } from './pages/date-field.ts';
import { SamplingPage } from './pages/sampling-page.ts';
import { LoginPage } from './pages/login-page.ts';
import { Shell } from './pages/shell.ts';
import { POLL } from './retry.ts';

const ADMIN_PW = '示范县-admin-2026';
const SCREENSHOTS = process.env.CREDITDESK_SCREENSHOTS ?? 'test-results/screenshots';
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function localDay(offsetDays: number): string {
  const d = new Date();
  d.setDate(d.getDate() + offsetDays);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

describe('Chinese dates, waits and file names in an English browser', () => {
  let page: Page;
  let app: AppSession;
  const browserErrors: string[] = [];

  beforeAll(async () => {
    app = await openAppSession({
      dataSubdir: 'data',
      demoEntities: 200,
      demoSeed: 'e2e-locale',
      chromiumArgs: ['--lang=en-US'],
      viewport: { width: 1366, height: 900 },
      locale: 'en-US',
      acceptDownloads: true,
      browserErrors,
      firstAdmin: { displayName: '张管理', password: ADMIN_PW },
    });
    ({ page } = app);
  });

  afterAll(async () => {
    await app?.close();
  });

  /** No browser date input on screen, and this field is the app's own. */
  async function expectNoNativeDateInput(): Promise<void> {
    await expect.poll(() => page.locator('input[type="date"]').count(), POLL).toBe(0);
  }

  /**
   * One date field: its value as YYYY-MM-DD, typed dates taken the Chinese way, a Chinese Monday-first
   * calendar, and unreadable text refused in Chinese. Leaves the field holding 2026-03-05.
   */
  async function checkDateField(
    field: Locator,
    shown: string | RegExp,
    screenshots: { picker?: string; refusal?: string } = {},
  ) {
    await expect.poll(() => field.getAttribute('type'), POLL).not.toBe('date');
    const before = await field.inputValue();
    if (typeof shown === 'string') expect(before).toBe(shown);
    else expect(before).toMatch(shown);

    await fillDate(field, '2026/3/5');
    await expect.poll(() => field.inputValue(), POLL).toBe('2026-03-05');

    await field.click();
    const dropdown = page.locator('[data-dates-dropdown]');
    await dropdown.waitFor();
    await expect.poll(() => dropdown.textContent(), POLL).toContain('2026年3月');
    const weekdays = await dropdown.locator('thead th').allTextContents();
    expect(weekdays).toEqual(['一', '二', '三', '四', '五', '六', '日']);
    if (screenshots.picker) await page.screenshot({ path: join(SCREENSHOTS, screenshots.picker) });
    // Picking a day from the calendar writes it as YYYY-MM-DD too.
    await dropdown.getByRole('button', { name: '2026年3月12日', exact: true }).click();
    await expect.poll(() => field.inputValue(), POLL).toBe('2026-03-12');

    // Month-first text, as an English machine would write it, is refused and explained.
    await fillDate(field, '03/05/2026');
    await expect.poll(() => field.inputValue(), POLL).toBe('2026-03-12');
    const refusal = page.getByText('无法识别“03/05/2026”，未采用。请按“年-月-日”填写，例如 2026-03-05');
    await refusal.waitFor();
    if (screenshots.refusal) await page.screenshot({ path: join(SCREENSHOTS, screenshots.refusal) });

    await fillDate(field, '2026年3月5日');
    await expect.poll(() => field.inputValue(), POLL).toBe('2026-03-05');
    await expect.poll(() => refusal.count(), POLL).toBe(0);
    // The next field's calendar must be the only one open: wait until this one has closed (leaving the
    // field closes it; Escape would also close the dialog the field sits in).
    await expect.poll(() => page.locator('[data-dates-dropdown]').count()).toBe(0);
  }

  it('runs in a browser whose language is English', async () => {
    await expect(page.evaluate(() => navigator.language)).resolves.toBe('en-US');
    await expect(page.evaluate(() => new Date(2026, 2, 5).toLocaleDateString())).resolves.toBe('3/5/2026');
  });

  it('says it is checking the password while the login waits', async () => {
    await new Shell(page).logout();
    await new LoginPage(page).login('admin', ADMIN_PW);
    const wait = page.getByTestId('login-wait');
    await wait.waitFor({ timeout: 5_000 });
    await expect.poll(() => wait.textContent(), POLL).toContain('正在验证密码…');
    await page.screenshot({ path: join(SCREENSHOTS, 'locale-en-login-wait.png') });
    await new Shell(page).nav().waitFor({ timeout: 30_000 });
    await expect.poll(() => wait.count(), POLL).toBe(0);
  });

  it('评价基准日 in the run dialog', async () => {
    await new Shell(page).open('信用评价');
    await page.getByTestId('run-open').click();
    const field = page.getByTestId('run-as-of');
    await field.waitFor();
    await expectNoNativeDateInput();
    await checkDateField(field, localDay(0), { picker: 'locale-en-date-picker.png' });
    await field.focus();
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.getByTestId('run-dialog').waitFor({ state: 'hidden' });
  });

  it('检查开始日期 and 检查结束日期 in the task wizard', async () => {
    await new Shell(page).open('双随机抽查');
    const sampling = new SamplingPage(page);
    await sampling.tab('tasks');
    await sampling.startWizard();
    await expectNoNativeDateInput();
    await expect.poll(() => page.getByTestId('wizard-end').inputValue(), POLL).toMatch(ISO_DATE);
    await checkDateField(page.getByTestId('wizard-start'), localDay(0));
    await page.getByTestId('wizard-cancel').click();
  });

  it('执法证有效期 in the inspector form and 日期 in the working-day calendar', async () => {
    const sampling = new SamplingPage(page);
    await sampling.tab('inspectors');
    await page.getByTestId('inspector-add').click();
    const expiry = page.getByTestId('inspector-cert-expiry');
    await expiry.waitFor();
    await expectNoNativeDateInput();
    await checkDateField(expiry, '');
    await expiry.focus();
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.getByTestId('inspector-form').waitFor({ state: 'hidden' });

    await sampling.tab('calendar');
    const day = page.getByTestId('calendar-date');
    await day.waitFor();
    await expectNoNativeDateInput();
    await checkDateField(day, /^$|^\d{4}-\d{2}-\d{2}$/);
  });

  it('the 操作日志 date filters, and its export keeps its Chinese file name', async () => {
    await new Shell(page).open('系统管理');
    const audit = new AuditPage(page);
    await audit.open();
    await expectNoNativeDateInput();
    await checkDateField(page.getByTestId('audit-filter-from'), '', {
      refusal: 'locale-en-date-refused.png',
    });
    await checkDateField(page.getByTestId('audit-filter-to'), '');
    await audit.dateRange(localDay(-1), localDay(1));
    await expect.poll(() => page.getByTestId('audit-filter-from').inputValue(), POLL).toBe(localDay(-1));

    const download = await audit.exportExcel();
    expect(download.suggestedFilename()).toMatch(/^操作日志_\d{4}-\d{2}-\d{2}_内部资料\.xlsx$/);
  });

  it('raised no browser errors', () => {
    expect(browserErrors).toEqual([]);
  });
});
