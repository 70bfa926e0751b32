/**
 * 工作台 as a to-do list (issue 10 item 8), in Chromium on a demo county: a task past its publication
 * deadline and one with results left are listed with their deadlines and counts and link to the task;
 * the latest grading run's distribution and the last backup with its age are shown; and the whole page
 * is one API call.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppSession, openAppSession } from './app-session.ts';
import { callInPage, recordApiCalls } from './pages/api-in-page.ts';
import { Shell } from './pages/shell.ts';
import { apiActivity, POLL } from './retry.ts';
import { directedTask as task, localDay } from './sampling-fixtures.ts';

const PASSWORD = '示范县-admin-2026';
const SCREENSHOTS = process.env.CREDITDESK_SCREENSHOTS ?? 'test-results/screenshots';
/** Polling that is not the page loading its data. */
const PASSIVE = new Set(['app.status', 'app.progress', 'lock.status', 'lock.touch']);

describe('工作台: what an officer acts on, in one call', () => {
  let page: Page;
  let app: AppSession;
  const browserErrors: string[] = [];
  const ids = { overdue: 0, inProgress: 0 };
  let selectedInProgress = 0;
  let backupAt = '';

  beforeAll(async () => {
    app = await openAppSession({
      dataSubdir: 'data',
      demoEntities: 3000,
      demoSeed: 'e2e-dashboard',
      viewport: { width: 1366, height: 900 },
      browserErrors,
      firstAdmin: { displayName: '李科长', password: PASSWORD },
    });
    ({ page } = app);

    // The county's state the page is about, made through the same API the renderer uses.
    await callInPage(page, 'sampling.demo.seed', {});
    await callInPage(page, 'grading.run', { modelId: 'samr-risk', asOf: localDay(0) });
    const overdue = await callInPage(
      page,
      'sampling.tasks.create',
      task('示范市监〔2026〕7号', '第三季度农民专业合作社抽查', localDay(-80), localDay(-60)),
    );
    ids.overdue = overdue.taskId;
    await callInPage(page, 'sampling.tasks.draw', { taskId: ids.overdue });
    const current = await callInPage(
      page,
      'sampling.tasks.create',
      task('示范市监〔2026〕9号', '第四季度农民专业合作社抽查', localDay(-3), localDay(10)),
    );
    ids.inProgress = current.taskId;
    await callInPage(page, 'sampling.tasks.draw', { taskId: ids.inProgress });
    const detail = await callInPage(page, 'sampling.tasks.get', { taskId: ids.inProgress });
    const first = detail.plan!.entries[0]!;
    selectedInProgress = detail.plan!.entries.length;
    await callInPage(page, 'sampling.results.enter', {
      taskId: ids.inProgress,
      entityId: first.entityId,
      results: ['1'],
      checkedOn: localDay(0),
    });
    const backup = await callInPage(page, 'backup.create', {});
    backupAt = backup.createdAt;
  });

  afterAll(async () => {
    await app?.close();
  });

  it('loads the whole 工作台 with one API call', async () => {
    await new Shell(page).open('市场主体');
    await page.getByTestId('dashboard').waitFor({ state: 'detached' });
    const rec = recordApiCalls(page);
    const activity = apiActivity(page);
    await new Shell(page).open('工作台');
    await page.getByTestId('dashboard-todo').waitFor();
    await page.getByTestId('stat-total').getByText('户').waitFor();
    // Showing that no second call comes needs a window without calls: once nothing is in flight and
    // nothing has started for 1.5 s, a call the page would still make (a lazy tab, a refetch) would have.
    await activity.settled(1500);
    activity.stop();
    rec.stop();
    expect(rec.calls.filter((m) => !PASSIVE.has(m))).toEqual(['app.dashboard']);
  });

  it('lists the task past its publication deadline with the deadline, and the one with results left', async () => {
    const reference = await callInPage(page, 'sampling.deadlines', {});
    const overdue = reference.tasks.find((t) => t.id === ids.overdue)!;
    expect(overdue.deadline.state).toBe('overdue');

    const deadlines = page.getByTestId('dashboard-deadline-task');
    await expect.poll(() => deadlines.count(), POLL).toBe(1);
    const deadlineText = () => deadlines.first().textContent();
    await expect.poll(deadlineText, POLL).toContain('第三季度农民专业合作社抽查');
    await expect.poll(deadlineText, POLL).toContain('已逾期');
    await expect.poll(deadlineText, POLL).toContain(`公示期限 ${overdue.deadline.deadline}`);
    await expect.poll(deadlineText, POLL).toContain(`已超过 ${-overdue.deadline.workingDaysLeft} 个工作日`);

    const left = page.getByTestId('dashboard-results-task').filter({ hasText: '第四季度农民专业合作社抽查' });
    await expect
      .poll(() => left.getByTestId('dashboard-results-remaining').textContent(), POLL)
      .toBe(`还剩 ${selectedInProgress - 1} 户`);
    await expect.poll(() => left.textContent(), POLL).toContain(`已录入 1 / ${selectedInProgress} 户`);
    // The overdue task, drawn with nothing entered, has results left too.
    await expect.poll(() => page.getByTestId('dashboard-results-task').count(), POLL).toBe(2);
  });

  it('shows the latest grading distribution and the last backup with its age', async () => {
    const runs = await callInPage(page, 'grading.runs', {});
    const dist = await callInPage(page, 'grading.distribution', { runId: runs.runs[0]!.id });
    const rows = page.getByTestId('dashboard-grading-row');
    await expect.poll(() => rows.count(), POLL).toBe(dist.rows.length);
    for (const [i, r] of dist.rows.entries()) {
      const text = (await rows.nth(i).textContent()) ?? '';
      expect(text).toContain(r.label);
      expect(text).toContain(`${r.effectiveCount.toLocaleString('zh-CN')} 户`);
    }
    expect(dist.rows.reduce((s, r) => s + r.effectiveCount, 0)).toBeGreaterThan(0);

    const d = new Date(backupAt);
    const p = (n: number) => String(n).padStart(2, '0');
    await expect
      .poll(() => page.getByTestId('dashboard-backup-time').textContent(), POLL)
      .toBe(
        `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`,
      );
    await expect.poll(() => page.getByTestId('dashboard-backup-age').textContent(), POLL).toBe('今天');
    // Objections, repairs and monitoring warnings are counted (none open here: no monitoring run yet).
    const openItems = page.getByTestId('dashboard-open-items');
    await expect
      .poll(() => openItems.textContent(), POLL)
      .toBe('异议、修复与预警待处理异议0待办信用修复0未处理预警0');
    await page.screenshot({ path: join(SCREENSHOTS, 'dashboard-todo.png'), fullPage: true });
  });

  it('links each task to its plan', async () => {
    await page.getByTestId('dashboard-deadline-task').getByTestId('dashboard-task-link').click();
    await page.getByTestId('plan-view').waitFor();
    expect(new URL(page.url()).hash).toBe(`#/inspections/tasks/${ids.overdue}`);
    await expect
      .poll(() => page.getByTestId('plan-view').textContent(), POLL)
      .toContain('第三季度农民专业合作社抽查');
  });

  it('logged no browser error', () => {
    expect(browserErrors).toEqual([]);
  });
});
