/**
 * 监测预警 in the browser (issue 13): a county with one registration-agent address holding 11 companies
 * (two of them typed with full-width digits or spaces) and one address just under the threshold (9).
 * 运行监测 raises exactly one 同一地址 warning with 11 entities; the page's counts match; a 科室负责人
 * confirms it, and 生成抽查任务 makes a 定向抽查 task whose candidates are exactly those 11 companies.
 * The county is made with the command line; users and reference data go through the page's API.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { makeUscc, orgBody } from '../../shared/demo/identifiers.ts';
import { writeSheet } from '../integration/exchange-fixture.ts';
import { type AppSession, openAppSession } from './app-session.ts';
import { callInPage } from './pages/api-in-page.ts';
import { LoginPage } from './pages/login-page.ts';
import { Shell } from './pages/shell.ts';

const PASSWORD = 'monitoring-e2e-2026';
const SHOTS = '/tmp';
const SUPERVISOR_PASSWORD = 'kezhang-e2e-2026';
/** Only the address is touched inside the page; the test project has no DOM types. */
declare const window: { location: { hash: string } };

const AGENT = '示范县东城街道人民路88号金融大厦1206室（示范鑫诚商务秘书有限公司托管）';
/** The same address as clerks typed it: monitoring compares addresses after normalisation. */
const AGENT_TYPED = [AGENT, AGENT.replace('88', '８８'), AGENT.replace('88号', ' 88 号')];
const NEAR_MISS = '示范县西城街道光明路5号';
const uscc = (n: number) => makeUscc('91', '410422', orgBody(70_000_000 + n, 'numeric'));

interface FixtureEntity {
  code: string;
  name: string;
  township: string;
  address: string;
  legalRep: string;
}

const REPS = '赵建国 钱秀英 孙志强 李春梅 周文明 吴玉兰 郑永海 王金凤 冯晓东 陈雅琴 褚德华'.split(' ');
/** 11 companies at the agent's office: one 同一地址 warning. */
const CLUSTER: FixtureEntity[] = REPS.map((rep, i) => ({
  code: uscc(i + 1),
  name: `示范县${'鑫源华盛恒达宏兴隆泰丰顺昌'[i]}${'商贸科技网络咨询'[i % 8]}有限公司`,
  township: '东城街道',
  address: AGENT_TYPED[i % 3]!,
  legalRep: rep,
}));
/** 9 shops at one address: one short of the threshold, so no warning. */
const NEAR: FixtureEntity[] = Array.from({ length: 9 }, (_, i) => ({
  code: uscc(100 + i),
  name: `示范县光明${'一二三四五六七八九'[i]}号商店有限公司`,
  township: '西城街道',
  address: NEAR_MISS,
  legalRep: `${'蒋沈韩杨朱秦尤许何'[i]}立新`,
}));

describe('监测预警: from a cluster warning to a directed inspection task', () => {
  let page: Page;
  let app: AppSession;
  const browserErrors: string[] = [];

  beforeAll(async () => {
    app = await openAppSession({
      prepare: county,
      viewport: { width: 1440, height: 900 },
      browserErrors,
      acceptDownloads: true,
    });
    page = app.page;
    await page.goto(app.server.url);
    await new LoginPage(page).login('admin', PASSWORD);
    await new Shell(page).nav().waitFor({ timeout: 60_000 });
    await callInPage(page, 'users.add', {
      username: 'wang.kezhang',
      displayName: '王科长',
      role: 'supervisor',
      password: SUPERVISOR_PASSWORD,
    });
    await callInPage(page, 'sampling.demo.seed', {});
  }, 180_000);

  afterAll(async () => {
    await app?.close();
  });

  async function county(dir: string): Promise<void> {
    const db = join(dir, 'creditdesk.db');
    const io = {
      out: () => undefined,
      err: (l: string) => browserErrors.push(`cli: ${l}`),
      env: { CREDITDESK_PASSWORD: PASSWORD },
    };
    const cli = async (...args: string[]) => expect(await main(args, io)).toBe(0);
    await cli('init', '--db', db);
    const rows = [...CLUSTER, ...NEAR].map((e) => [
      e.code,
      e.name,
      '企业',
      '2023-04-01',
      e.township,
      e.address,
      e.legalRep,
    ]);
    await cli(
      'import',
      '--db',
      db,
      '--kind',
      'entities',
      writeSheet(join(dir, 'entities.xlsx'), [
        ['统一社会信用代码', '企业名称', '主体类型', '成立日期', '乡镇街道', '住所', '法定代表人'],
        ...rows,
      ]),
    );
  }

  const openWarnings = async (hash = '#/monitoring/warnings') => {
    await page.evaluate((h) => {
      window.location.hash = h;
    }, hash);
    await page.getByTestId('warnings-tab').waitFor();
  };

  it('运行监测 raises one 同一地址 warning with the 11 companies, and the counts match', async () => {
    await new Shell(page).open('监测预警');
    await page.getByTestId('monitoring-run').click();
    await page.getByTestId('monitoring-run-start').click();
    await page.getByTestId('monitoring-run-done').waitFor({ timeout: 60_000 });
    await page.getByTestId('monitoring-run-close').click();

    const rows = page.getByTestId('warning-row');
    await expect.poll(() => rows.count()).toBe(1);
    await expect(rows.first().getAttribute('data-rule')).resolves.toBe('same_address');
    await expect(rows.first().getByTestId('warning-entity-count').textContent()).resolves.toBe('11 户');
    await expect(page.getByTestId('warning-total').textContent()).resolves.toBe('共 1 条');

    // The overview counts what the fixture holds: one warning, of this rule, in 东城街道.
    const ruleRows = page.getByTestId('overview-rule-row');
    await expect.poll(() => ruleRows.filter({ hasText: '同一地址' }).count()).toBe(1);
    const counted = async (testId: string, key: string) =>
      page
        .locator(`[data-testid="${testId}-row"][data-key="${key}"] [data-testid="${testId}-count"]`)
        .textContent();
    await expect(counted('overview-rule', 'same_address')).resolves.toBe('1');
    await expect(counted('overview-township', '东城街道')).resolves.toBe('1');
    expect(await page.locator('[data-testid="overview-township-row"][data-key="西城街道"]').count()).toBe(0);

    // The filters live in the address: 西城街道 has nothing, and a reload keeps the filter.
    await openWarnings('#/monitoring/warnings?township=%E8%A5%BF%E5%9F%8E%E8%A1%97%E9%81%93');
    await page.getByTestId('warning-list-empty').waitFor();
    await page.reload();
    await page.getByTestId('warning-list-empty').waitFor({ timeout: 30_000 });

    await openWarnings();
    await rows.first().click();
    const detail = page.getByTestId('warning-detail');
    await detail.waitFor();
    await expect.poll(() => detail.getByTestId('warning-entities-row').count()).toBe(11);
    const codes = await detail
      .getByTestId('warning-entities-row')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-code')));
    expect(codes.sort()).toEqual(CLUSTER.map((e) => e.code).sort());

    // The cluster view: every entity at the address, however it was typed.
    await detail.getByTestId('warning-open-cluster').click();
    const cluster = page.getByTestId('cluster-view');
    await expect.poll(() => cluster.getByTestId('cluster-entities-row').count()).toBe(11);
    await page.keyboard.press('Escape');

    await page.screenshot({ path: join(SHOTS, 'monitoring-page.png'), animations: 'disabled' });
    expect(browserErrors).toEqual([]);
  });

  it('a 科室负责人 confirms the warning and 生成抽查任务 makes a directed task of exactly its entities', async () => {
    const { items } = await callInPage(page, 'monitoring.list', { state: 'active' });
    const warning = items.find((w) => w.rule === 'same_address');
    expect(warning).toBeDefined();

    await new Shell(page).logout();
    await new LoginPage(page).login('wang.kezhang', SUPERVISOR_PASSWORD);
    await new Shell(page).nav().waitFor({ timeout: 30_000 });
    await openWarnings(`#/monitoring/warnings?warning=${warning!.id}`);
    const detail = page.getByTestId('warning-detail');
    await detail.waitFor();
    await detail.getByTestId('warning-step-confirm').click();
    const form = page.getByTestId('warning-step-form');
    await form.getByTestId('warning-step-note').fill('经核查，该地址为商务秘书公司集中托管地址');
    await form.getByTestId('warning-step-submit').click();
    await form.waitFor({ state: 'detached' });
    await expect.poll(() => detail.getByTestId('warning-detail-status').textContent()).toBe('已确认');

    await page.getByTestId('warning-tick').first().check();
    await page.getByTestId('monitoring-to-task').click();
    const taskForm = page.getByTestId('to-task-form');
    await expect.poll(() => taskForm.getByTestId('to-task-number').inputValue()).not.toBe('');
    await taskForm.getByTestId('to-task-items').click();
    await page.getByRole('option').first().click();
    await page.keyboard.press('Escape');
    await taskForm.getByTestId('to-task-submit').click();

    // The page goes on to the new task.
    await page.getByTestId('plan-view').waitFor({ timeout: 30_000 });
    const taskId = Number(/#\/inspections\/tasks\/(\d+)/.exec(page.url())?.[1]);
    expect(taskId).toBeGreaterThan(0);
    const task = await callInPage(page, 'sampling.tasks.get', { taskId });
    expect(task.task.directed).toBe(true);
    expect([...(task.task.filter.entities ?? [])].sort()).toEqual(CLUSTER.map((e) => e.code).sort());
    const preview = await callInPage(page, 'sampling.tasks.preview', { taskId });
    expect(preview.candidates).toBe(CLUSTER.length);
    const drawn = await callInPage(page, 'sampling.tasks.draw', { taskId });
    expect(drawn.taskId).toBe(taskId);
    const plan = (await callInPage(page, 'sampling.tasks.get', { taskId })).plan!;
    const clusterCodes = new Set(CLUSTER.map((e) => e.code));
    expect(plan.entries.length).toBeGreaterThan(0);
    for (const e of plan.entries) expect(clusterCodes.has(e.code)).toBe(true);

    // The warning is now 处置 with 检查, linked to the task.
    const after = await callInPage(page, 'monitoring.get', { id: warning!.id });
    expect(after.status).toBe('disposed');
    expect(after.disposedAction).toBe('检查');
    expect(after.taskId).toBe(taskId);
    expect(browserErrors).toEqual([]);
  });
});
