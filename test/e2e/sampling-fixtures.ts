/**
 * Sampling states an end-to-end test starts from, reached through the contract API the renderer uses
 * (not through another test's clicks), so each test of a file can run on its own.
 */
import type { Page } from 'playwright-core';
import { callInPage } from './pages/api-in-page.ts';

/** Today plus `offsetDays` as the local YYYY-MM-DD the pages show. */
export function localDay(offsetDays: number): string {
  const d = new Date();
  d.setDate(d.getDate() + offsetDays);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** A task directed to the 农民专业合作社 with item A07 and the 林甸县 2024 profile (the wizard's choices). */
export function directedTask(number: string, name: string, startDate: string, endDate: string) {
  return {
    number,
    name,
    items: ['A07'],
    directed: true,
    filter: {
      kinds: ['cooperative' as const],
      townships: [],
      jurisdictions: [],
      industryPrefixes: [],
      tags: [],
    },
    profileId: 'lindian-2024',
    startDate,
    endDate,
  };
}

export interface DrawnTask {
  taskId: number;
  number: string;
  entityIds: number[];
}

/** A task under the next free 文号, drawn; the demonstration inspectors are added if the pool is empty. */
export async function drawnTask(page: Page, name = '农民专业合作社抽查'): Promise<DrawnTask> {
  await callInPage(page, 'sampling.demo.seed', {});
  const { number } = await callInPage(page, 'sampling.tasks.nextNumber', {});
  const { taskId } = await callInPage(
    page,
    'sampling.tasks.create',
    directedTask(number, name, localDay(0), localDay(20)),
  );
  await callInPage(page, 'sampling.tasks.draw', { taskId });
  const detail = await callInPage(page, 'sampling.tasks.get', { taskId });
  return { taskId, number, entityIds: detail.plan!.entries.map((e) => e.entityId) };
}

/** A drawn task with every result entered: the first entity 无法联系 (6), the others 未发现问题 (1). */
export async function taskWithAllResults(page: Page): Promise<DrawnTask> {
  const task = await drawnTask(page);
  const [first, ...rest] = task.entityIds;
  const checkedOn = localDay(0);
  await callInPage(page, 'sampling.results.enter', {
    taskId: task.taskId,
    entityId: first!,
    results: ['6'],
    checkedOn,
  });
  if (rest.length > 0) {
    await callInPage(page, 'sampling.results.enterMany', {
      taskId: task.taskId,
      entityIds: rest,
      results: ['1'],
      checkedOn,
    });
  }
  return task;
}

/** A task with all results, submitted, reviewed and published. */
export async function publishedTask(page: Page): Promise<DrawnTask> {
  const task = await taskWithAllResults(page);
  await callInPage(page, 'sampling.results.complete', { taskId: task.taskId });
  await callInPage(page, 'sampling.tasks.review', { taskId: task.taskId });
  await callInPage(page, 'sampling.tasks.publish', { taskId: task.taskId });
  return task;
}

declare const window: { location: { hash: string } };

/**
 * Opens the task's plan the way a link to it does (in the running app, so the session stays), and
 * waits for that task's plan: another task's plan may still be on screen for a moment.
 */
export async function openTaskPlan(page: Page, task: DrawnTask): Promise<void> {
  await page.evaluate((to) => {
    window.location.hash = to;
  }, `#/inspections/tasks/${task.taskId}`);
  await page.getByTestId('plan-view').filter({ hasText: task.number }).waitFor();
}
