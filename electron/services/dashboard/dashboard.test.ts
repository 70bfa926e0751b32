/**
 * app.dashboard through the real backend with a settable clock: a task moves from near its publication
 * deadline to overdue and out of the list once published; results left track entry; the latest grading
 * run and the last backup (with its age in local days) appear once they exist; nothing is invented for
 * the features still to come.
 */
import { describe, expect, it } from 'vitest';
import { openClockedBackend } from '../../../test/helpers/clocked-backend.ts';

async function setup() {
  const { backend, at } = await openClockedBackend({ entities: 400, seed: 'dash' });
  await backend.call('sampling.demo.seed', {});
  return { backend, at };
}

describe('app.dashboard', () => {
  it('follows a task from near its deadline to overdue to published', async () => {
    const { backend, at } = await setup();
    const empty = await backend.call('app.dashboard', {});
    expect(empty.deadlineTasks).toEqual([]);
    expect(empty.tasksWithResultsLeft).toEqual([]);
    expect(empty.grading).toBeNull();
    expect(empty.lastBackup).toBeNull();
    // Repairs, objections and open monitoring warnings are counted (none yet).
    expect(empty.openItems).toEqual({ repairs: 0, objections: 0, warnings: 0 });
    expect(empty.urgentCases).toEqual([]);
    expect(empty.entities.total).toBe(400);
    expect(Object.values(empty.entities.byKind).reduce((a, b) => a + b, 0)).toBe(400);
    expect(Object.values(empty.entities.byStatus).reduce((a, b) => a + b, 0)).toBe(400);
    expect(empty.entities.townships.reduce((a, t) => a + t.count, 0)).toBe(400);

    const { taskId } = await backend.call('sampling.tasks.create', {
      number: '测试〔2026〕1号',
      name: '公示信息抽查',
      items: ['A07'],
      profileId: 'henan-2021',
      startDate: '2026-10-01',
      endDate: '2026-10-09',
    });
    // A draft has no deadline to watch yet.
    expect((await backend.call('app.dashboard', {})).deadlineTasks).toEqual([]);
    await backend.call('sampling.tasks.draw', { taskId });

    const reference = (await backend.call('sampling.deadlines', {})).tasks[0]!;
    const near = await backend.call('app.dashboard', {});
    // The same deadline as the task list (one computation, shared/calendar's working days).
    expect(near.deadlineTasks.map((t) => [t.id, t.deadline])).toEqual([[taskId, reference.deadline]]);
    expect(near.deadlineTasks[0]!.deadline.state).toBe('near');
    const selected = near.tasksWithResultsLeft[0]!.selected;
    expect(selected).toBeGreaterThan(1);
    expect(near.tasksWithResultsLeft.map((t) => [t.id, t.resultsEntered])).toEqual([[taskId, 0]]);

    at('2026-11-20');
    const late = await backend.call('app.dashboard', {});
    expect(late.today).toBe('2026-11-20');
    expect(late.deadlineTasks[0]!.deadline.state).toBe('overdue');
    expect(late.deadlineTasks[0]!.deadline.workingDaysLeft).toBeLessThan(0);

    const plan = (await backend.call('sampling.tasks.get', { taskId })).plan!;
    for (const [i, e] of plan.entries.entries()) {
      await backend.call('sampling.results.enter', {
        taskId,
        entityId: e.entityId,
        results: ['1'],
        checkedOn: '2026-10-08',
      });
      if (i === 0) {
        const one = await backend.call('app.dashboard', {});
        expect(one.tasksWithResultsLeft[0]!.resultsEntered).toBe(1);
      }
    }
    const entered = await backend.call('app.dashboard', {});
    expect(entered.tasksWithResultsLeft).toEqual([]);
    expect(entered.deadlineTasks.map((t) => t.id)).toEqual([taskId]);

    await backend.call('sampling.results.complete', { taskId });
    await backend.call('sampling.tasks.review', { taskId });
    await backend.call('sampling.tasks.publish', { taskId });
    expect((await backend.call('app.dashboard', {})).deadlineTasks).toEqual([]);
  });

  it('shows the latest complete grading run and the last backup with its age in days', async () => {
    const { backend, at } = await setup();
    await backend.call('grading.run', { modelId: 'samr-risk', asOf: '2026-11-02' });
    const { run } = await backend.call('grading.run', { modelId: 'samr-risk', asOf: '2026-11-02' });
    await backend.call('backup.create', {});
    at('2026-11-05');
    const d = await backend.call('app.dashboard', {});
    expect(d.grading!.run.id).toBe(run.id);
    expect(d.grading!.rows).toEqual((await backend.call('grading.distribution', { runId: run.id })).rows);
    expect(d.grading!.rows.reduce((a, r) => a + r.effectiveCount, 0)).toBe(run.entityCount);
    expect(d.lastBackup).toMatchObject({ kind: 'manual', ageDays: 3 });
    await backend.call('backup.create', {});
    expect((await backend.call('app.dashboard', {})).lastBackup!.ageDays).toBe(0);
  });
});
