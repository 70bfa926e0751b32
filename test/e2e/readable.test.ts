/**
 * What officers read: every page shows Chinese names (no model, scheme or profile ids, no citation of
 * the specification), explanations say what was counted over which window, a 只读 user is offered no
 * action the server would refuse, and the small things of issue 10 item 11 (export message, township
 * card, ↓/↑ in the entity list, the model-import error, 填写说明 is covered by a unit test).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { type AppSession, openAppSession } from './app-session.ts';
import type { RunningServer } from './harness.ts';
import { ExchangePage } from './pages/exchange-page.ts';
import { GradingPage } from './pages/grading-page.ts';
import { SamplingPage } from './pages/sampling-page.ts';
import { LoginPage } from './pages/login-page.ts';
import { Shell } from './pages/shell.ts';
import { apiActivity, POLL } from './retry.ts';

/** The few DOM names the page-side callbacks use (tests compile without the DOM library). */
interface Box {
  top: number;
  bottom: number;
}
interface El {
  dataset: Record<string, string | undefined>;
  getBoundingClientRect(): Box;
  closest(selector: string): El | null;
  querySelectorAll(selector: string): ArrayLike<El>;
}
declare const document: { body: { innerText: string }; activeElement: El | null };
declare const window: { location: { hash: string } };

const PASSWORD = 'readable-e2e-2026';
const READER_PASSWORD = 'reader-e2e-2026';
const SCREENSHOTS = process.env.CREDITDESK_SCREENSHOTS ?? 'test-results/screenshots';

/** Internal names that must never reach the screen (a bracketed lowercase word is an id too: ［basic］). */
const FORBIDDEN =
  /samr-risk|henan-|lindian-|heilongjiang-|zhejiang-|shandong-|provincial-public-credit|SPEC|§|种子文件|本项目默认|[［[][a-z][a-z0-9_-]*[］\]]/;

/** Pages and their tabs (the audit log's raw record, behind a toggle, is the administrators' details view). */
const PAGES: Array<{ nav: string; tabs: string[] }> = [
  { nav: '工作台', tabs: [] },
  { nav: '市场主体', tabs: [] },
  { nav: '信用评价', tabs: ['grading-tab-runs', 'grading-tab-compare', 'grading-tab-models'] },
  {
    nav: '双随机抽查',
    tabs: [
      'insp-tab-tasks',
      'insp-tab-items',
      'insp-tab-inspectors',
      'insp-tab-conflicts',
      'insp-tab-profiles',
      'insp-tab-calendar',
    ],
  },
  { nav: '数据交换', tabs: ['tab-import', 'tab-history', 'tab-export'] },
  { nav: '系统管理', tabs: ['admin-tab-users', 'admin-tab-audit', 'admin-tab-backup'] },
  { nav: '统计报表', tabs: [] },
];

describe('readable screens: Chinese names only, explanations with windows, no refused actions for 只读', () => {
  let server: RunningServer;
  let page: Page;
  let app: AppSession;
  let dir: string;
  const browserErrors: string[] = [];
  let api: ReturnType<typeof apiActivity>;

  beforeAll(async () => {
    const countyWithReader = async (tmp: string) => {
      const db = join(tmp, 'creditdesk.db');
      const io = {
        out: () => undefined,
        err: (l: string) => browserErrors.push(`cli: ${l}`),
        env: { CREDITDESK_PASSWORD: PASSWORD, CREDITDESK_NEW_PASSWORD: READER_PASSWORD },
      };
      expect(await main(['demo', '--db', db, '--entities', '1500', '--seed', 'e2e-readable'], io)).toBe(0);
      expect(
        await main(
          ['users', 'add', '--db', db, '--username', 'reader', '--name', '王只读', '--role', '只读'],
          io,
        ),
      ).toBe(0);
    };
    app = await openAppSession({
      prepare: countyWithReader,
      viewport: { width: 1366, height: 900 },
      acceptDownloads: true,
      browserErrors,
      consoleErrors: false,
    });
    ({ server, page, dir } = app);
    api = apiActivity(page);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  /** Lines of the visible text (modals and open drop-downs included) that name an internal id. */
  async function leaks(): Promise<string[]> {
    await api.settled(); // data loads after the tab appears
    // biome-ignore lint/performance/useDomNodeTextContent: only the rendered text counts (hidden tab panels stay in the DOM)
    const text = await page.evaluate(() => document.body.innerText);
    return text.split('\n').filter((l: string) => FORBIDDEN.test(l));
  }

  async function expectReadable(where: string): Promise<void> {
    expect({ where, leaks: await leaks() }).toEqual({ where, leaks: [] });
  }

  /** Every page and tab the user can open, checked with `check` after each. */
  async function everyPage(check: (where: string) => Promise<void>): Promise<void> {
    const shell = new Shell(page);
    for (const p of PAGES) {
      await shell.open(p.nav);
      await check(p.nav);
      for (const tab of p.tabs) {
        const t = page.getByTestId(tab);
        if ((await t.count()) === 0) continue;
        await t.click();
        await check(`${p.nav} / ${tab}`);
      }
    }
  }

  async function login(user: string, password: string): Promise<void> {
    await page.goto(server.url);
    await new LoginPage(page).login(user, password);
    await new Shell(page).nav().waitFor({ timeout: 60_000 });
  }

  it('admin: a grading run, its explanation, the run dialog and every model read in Chinese', async () => {
    await login('admin', PASSWORD);
    await new Shell(page).open('信用评价');
    const grading = new GradingPage(page);
    await grading.runGrading('2026-10-31');
    await grading.distribution().waitFor({ timeout: 60_000 });
    await expectReadable('评价批次');

    // The run dialog's model list.
    await page.getByTestId('run-open').click();
    await page.getByTestId('run-model').click();
    await page.getByRole('option').first().waitFor();
    await expectReadable('评价模型选择');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.getByTestId('run-dialog').waitFor({ state: 'hidden' });

    // An explanation: each indicator says what it counted and over which window.
    await grading.distributionRow('C').click();
    await grading.resultRows().first().waitFor();
    await grading.openFirstResult();
    const x = grading.explanation();
    await x.waitFor();
    await expectReadable('评价说明');
    // The first rendered line of each item is its text (the evidence follows on lines of its own).
    const lines = (await x.getByTestId('explanation-line').allInnerTexts()).map(
      (t) => t.split('\n')[0] ?? '',
    );
    const scored = lines.filter((t) => /[扣加] \d+ 分$/.test(t));
    expect({ lines, scored: scored.length > 0 }).toMatchObject({ scored: true });
    for (const l of scored) expect(l).toMatch(/公示期内|近 \d+ 个月|近 \d+ 年|当前|在列期间|累计|自成立起/);
    await page.screenshot({ path: join(SCREENSHOTS, 'readable-explanation.png') });
    await page.keyboard.press('Escape');
    await page.getByTestId('explanation-modal').waitFor({ state: 'hidden' });

    // Every built-in model's description.
    await grading.openTab('models');
    await grading.modelDetail().waitFor();
    await page.getByTestId('model-select').click();
    const names = await page.getByRole('option').allTextContents();
    expect(names.length).toBeGreaterThanOrEqual(6);
    await expectReadable('模型选择');
    await page.keyboard.press('Escape');
    for (const name of names) {
      await page.getByTestId('model-select').click();
      await page.getByRole('option', { name, exact: true }).click();
      await grading
        .modelDetail()
        .getByText(name.replace(/（版本 [^（]*$/, ''), { exact: true })
        .waitFor();
      await expectReadable(`模型：${name}`);
    }
    await page.screenshot({ path: join(SCREENSHOTS, 'readable-model.png'), fullPage: true });
  });

  it('admin: a drawn task names its grading run and ratio profile in Chinese', async () => {
    const sampling = new SamplingPage(page);
    await new Shell(page).open('双随机抽查');
    await sampling.tab('inspectors');
    await sampling.addDemoInspectors();
    await sampling.tab('tasks');
    await sampling.startWizard();
    await sampling.next();
    await sampling.directedTo('农民专业合作社');
    await sampling.next();
    await page.getByTestId('wizard-run').click();
    const run = page.getByRole('option', { name: /^第 1 批/ });
    await run.waitFor();
    await expect.poll(() => run.textContent(), POLL).toContain('企业信用风险分类');
    await expectReadable('评价批次选择');
    await run.click();
    await sampling.chooseProfile('林甸县 2024（各档上限）');
    await sampling.next();
    await page.getByTestId('wizard-preview').waitFor();
    await sampling.draw();
    await sampling.openPlan();
    await page.getByTestId('plan-view').getByText('林甸县 2024（各档上限）').waitFor();
    await expectReadable('抽查计划');
  });

  it('admin: every page and tab is free of ids and citations', async () => {
    // A small import first, so the history has a batch that can be undone (and 只读 must not see 撤销).
    const csv = join(dir, '可读性导入.csv');
    writeFileSync(csv, '企业名称,统一社会信用代码,主体类型\n可读性测试有限公司,91330100716105852F,企业\n');
    await new Shell(page).open('数据交换');
    const x = new ExchangePage(page);
    await x.readAndValidate(csv);
    await x.commit();
    await everyPage(expectReadable);
  });

  it('admin: a credit file with a province score names the scheme, not its id', async () => {
    // The first demo entity whose file holds a public credit score (the province pushes them quarterly).
    const id = await page.evaluate(async () => {
      const token = sessionStorage.getItem('creditdesk.token') ?? '';
      for (let id = 1; id <= 300; id++) {
        const res = await fetch('/api/entities.get', {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ id }),
        });
        const body = (await res.json()) as { value?: { records: { type: string }[] } };
        if (body.value?.records.some((r) => r.type === 'public_credit_score')) return id;
      }
      return null;
    });
    expect(id).not.toBeNull();
    await page.evaluate((to) => {
      window.location.hash = to;
    }, `#/entities/${id}`);
    await page.getByTestId('entity-detail').waitFor();
    await page.getByText('河南省公共信用综合评价（平顶山，百分制）').first().waitFor();
    await expectReadable('信用档案');
  });

  it('a model import with a missing field names the field in Chinese', async () => {
    await new Shell(page).open('信用评价');
    const grading = new GradingPage(page);
    await grading.openTab('models');
    const model = JSON.parse(
      await page.evaluate(async () => {
        const token = sessionStorage.getItem('creditdesk.token') ?? '';
        const res = await fetch('/api/models.export', {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ id: 'samr-risk', version: '1.0.0' }),
        });
        return ((await res.json()) as { value: { json: string } }).value.json;
      }),
    ) as Record<string, unknown>;
    delete model.name;
    model.version = '9.0.0';
    await grading.importModel('无名称.json', JSON.stringify(model));
    const alert = page.getByText(/模型文件有 \d+ 处错误/);
    await alert.waitFor();
    const text = (await alert.textContent()) ?? '';
    expect(text).toContain('缺少必填项“模型名称”');
    expect(text).not.toMatch(/undefined|期望|string/);
    await page.screenshot({ path: join(SCREENSHOTS, 'readable-model-import-error.png'), fullPage: true });
  });

  it('the export message clears when another export is chosen', async () => {
    await new Shell(page).open('数据交换');
    const x = new ExchangePage(page);
    await x.openTab('export');
    await x.download('export-run');
    await page.getByTestId('export-done').waitFor();
    await page.getByTestId('export-kind').click();
    await page.getByRole('option', { name: '空白导入模板' }).click();
    await page.getByTestId('export-done').waitFor({ state: 'detached', timeout: 5_000 });
    await expect.poll(() => page.getByTestId('export-done').count(), POLL).toBe(0);
  });

  it('the dashboard township card shows every township without an inner scroll', async () => {
    await new Shell(page).open('工作台');
    const table = page.getByTestId('dashboard-township-table');
    await table.locator('tbody tr a').first().waitFor();
    const stated = Number(
      /共 (\d+) 个乡镇/.exec((await page.getByTestId('dashboard').textContent()) ?? '')?.[1],
    );
    expect(stated).toBeGreaterThanOrEqual(12);
    const rows = table.locator('tbody tr');
    await expect.poll(() => rows.count(), POLL).toBe(stated);
    // Each row lies inside the card's own scroll area (nothing hidden below its edge).
    const hidden = await table.evaluate((t) => {
      const area = (t as unknown as El).closest('.mantine-ScrollArea-viewport') as El;
      const bottom = area.getBoundingClientRect().bottom;
      return [...Array.from((t as unknown as El).querySelectorAll('tbody tr'))].filter(
        (r) => r.getBoundingClientRect().bottom > bottom + 1,
      ).length;
    });
    expect(hidden).toBe(0);
    await table.screenshot({ path: join(SCREENSHOTS, 'readable-township-card.png') });
  });

  it('↓ and ↑ move the selection between entity rows, Enter opens the selected one', async () => {
    await new Shell(page).open('市场主体');
    const first = page.locator('[data-testid="entity-row"][data-row-index="0"]');
    await first.waitFor();
    await first.focus();
    const active = () =>
      page.evaluate(() => {
        const el = document.activeElement;
        const box = el?.getBoundingClientRect();
        const view = el?.closest('[data-testid="entity-table"]')?.getBoundingClientRect();
        return {
          index: Number(el?.dataset.rowIndex ?? -1),
          entity: el?.dataset.entityId ?? null,
          shown: !!box && !!view && box.top >= view.top && box.bottom <= view.bottom + 1,
        };
      });
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
    await expect.poll(async () => (await active()).index).toBe(3);
    await page.keyboard.press('ArrowUp');
    await expect.poll(async () => (await active()).index).toBe(2);
    // Past the visible rows: the list scrolls along.
    for (let i = 0; i < 40; i++) await page.keyboard.press('ArrowDown');
    await expect.poll(async () => (await active()).index).toBe(42);
    const at = await active();
    expect(at.shown).toBe(true);
    expect(at.entity).not.toBeNull();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => window.location.hash)).toBe(`#/entities/${at.entity}`);
  });

  it('只读: no enabled 导入, 撤销 or 立即备份 on any page (the server refuses them)', async () => {
    await new Shell(page).logout();
    await login('reader', READER_PASSWORD);
    const refused = /^(导入|撤销|立即备份|导入模型|确认导入|读取文件)$/;
    await everyPage(async (where) => {
      await api.settled();
      const offered = await page
        .locator('button:not([disabled]):not([data-disabled]), [role="tab"]:not([disabled])')
        .filter({ hasText: refused })
        .allTextContents();
      expect({ where, offered: offered.map((t) => t.trim()).filter((t) => refused.test(t)) }).toEqual({
        where,
        offered: [],
      });
    });
    // The history itself stays readable, with the batch an administrator may undo.
    await new Shell(page).open('数据交换');
    await page.getByTestId('import-history').waitFor();
    await page.getByText('可读性导入.csv').waitFor();
    await expect
      .poll(() => page.getByTestId('exchange-role-note').textContent(), POLL)
      .toContain('不能导入数据');
    await page.screenshot({ path: join(SCREENSHOTS, 'readable-reader-history.png'), fullPage: true });
  });

  it('只读: no ids or citations on any page', async () => {
    await everyPage((where) => expectReadable(`只读：${where}`));
    expect(browserErrors).toEqual([]);
  });
});
