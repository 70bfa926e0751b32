import type { samplingContract } from '../../../shared/api/contracts/sampling.ts';
import { saveConflict } from '../../services/sampling/conflict-check.ts';
import { seedDemoPool } from '../../services/sampling/demo-pool.ts';
import { drawTask, previewTask, redrawTask } from '../../services/sampling/draw-service.ts';
import { clearResults, enterManyResults } from '../../services/sampling/result-entry.ts';
import {
  completeResults,
  enterResult,
  publishTask,
  reviewTask,
  startTask,
} from '../../services/sampling/lifecycle.ts';
import {
  deleteCalendarDay,
  deleteConflict,
  deleteItem,
  listCalendar,
  listConflicts,
  listInspectors,
  listItems,
  listProfiles,
  saveCalendarDay,
  saveInspector,
  saveItem,
  saveProfile,
} from '../../services/sampling/reference-store.ts';
import {
  createTask,
  deadlineOverview,
  getTask,
  gradingRunChoices,
  listTasks,
  updateTask,
} from '../../services/sampling/tasks.ts';
import { nextTaskNumber } from '../../services/sampling/task-number.ts';
import { localIsoDate } from '../../../shared/dates/iso-date.ts';
import type { AreaHandlers, DoorContext } from '../context.ts';

/** The plan and notice writers (SheetJS, fflate), loaded on the first export rather than at start-up. */
const exportsModule = () => import('../../services/sampling/exports.ts');

export function samplingHandlers(ctx: DoorContext): AreaHandlers<typeof samplingContract> {
  // Deadlines are counted in local days.
  const today = () => localIsoDate(ctx.now());
  return {
    'sampling.items.list': () => ({ items: listItems(ctx.db(), ctx.user()) }),
    'sampling.items.save': (input) => saveItem(ctx.db(), ctx.user(), input, ctx.now()),
    'sampling.items.delete': (input) => {
      deleteItem(ctx.db(), ctx.user(), input.code, ctx.now());
      return {};
    },
    'sampling.inspectors.list': () => ({ inspectors: listInspectors(ctx.db(), ctx.user(), today()) }),
    'sampling.inspectors.save': (input) => saveInspector(ctx.db(), ctx.user(), input, ctx.now()),
    'sampling.conflicts.list': () => ({ conflicts: listConflicts(ctx.db(), ctx.user()) }),
    'sampling.conflicts.save': (input) => saveConflict(ctx.db(), ctx.user(), input, ctx.now()),
    'sampling.conflicts.delete': (input) => {
      deleteConflict(ctx.db(), ctx.user(), input.employeeNo, input.entityCode, ctx.now());
      return {};
    },
    'sampling.profiles.list': () => ({ profiles: listProfiles(ctx.db(), ctx.user()) }),
    'sampling.profiles.save': (input) => saveProfile(ctx.db(), ctx.user(), input, ctx.now()),
    'sampling.calendar.list': (input) => ({ days: listCalendar(ctx.db(), ctx.user(), input.year) }),
    'sampling.calendar.save': (input) => saveCalendarDay(ctx.db(), ctx.user(), input, ctx.now()),
    'sampling.calendar.delete': (input) => {
      deleteCalendarDay(ctx.db(), ctx.user(), input.date, ctx.now());
      return {};
    },
    'sampling.demo.seed': () => ({ inspectors: seedDemoPool(ctx.db(), ctx.user(), ctx.now()) }),
    'sampling.gradingRuns': () => ({ runs: gradingRunChoices(ctx.db(), ctx.user()) }),
    'sampling.tasks.list': () => ({ tasks: listTasks(ctx.db(), ctx.user(), today()) }),
    'sampling.tasks.create': (input) => ({ taskId: createTask(ctx.db(), ctx.user(), input, ctx.now()) }),
    'sampling.tasks.nextNumber': () => ({ number: nextTaskNumber(ctx.db(), ctx.user(), today()) }),
    'sampling.tasks.update': (input) =>
      updateTask(ctx.db(), ctx.user(), input.taskId, input.task, ctx.now(), input.expectedVersion),
    'sampling.tasks.get': (input) => getTask(ctx.db(), ctx.user(), input.taskId, today()),
    'sampling.tasks.preview': (input) => previewTask(ctx.db(), ctx.user(), input.taskId),
    'sampling.tasks.draw': (input) =>
      drawTask(ctx.db(), ctx.user(), input.taskId, ctx.now(), { expectedDigest: input.expectedDigest }),
    'sampling.tasks.redraw': (input) =>
      redrawTask(ctx.db(), ctx.user(), input.taskId, input.reason, ctx.now()),
    'sampling.tasks.start': (input) => {
      startTask(ctx.db(), ctx.user(), input.taskId, ctx.now());
      return {};
    },
    'sampling.results.enter': (input) => enterResult(ctx.db(), ctx.user(), input.taskId, input, ctx.now()),
    'sampling.results.complete': (input) => {
      completeResults(ctx.db(), ctx.user(), input.taskId, ctx.now());
      return {};
    },
    'sampling.results.enterMany': (input) =>
      enterManyResults(ctx.db(), ctx.user(), input.taskId, input, ctx.now()),
    'sampling.results.clear': (input) =>
      clearResults(ctx.db(), ctx.user(), input.taskId, input.entityIds, ctx.now()),
    'sampling.tasks.review': (input) => {
      reviewTask(ctx.db(), ctx.user(), input.taskId, ctx.now());
      return {};
    },
    'sampling.tasks.publish': (input) => {
      publishTask(ctx.db(), ctx.user(), input.taskId, ctx.now());
      return {};
    },
    'sampling.export.plan': async (input) => {
      const [db, user, at] = [ctx.db(), ctx.user(), ctx.now()];
      const { exportPlan } = await exportsModule();
      return exportPlan(db, user, input.taskId, at, ctx.dbPath);
    },
    'sampling.export.notice': async (input) => {
      const [db, user, at] = [ctx.db(), ctx.user(), ctx.now()];
      const { exportNotice } = await exportsModule();
      return exportNotice(db, user, input.taskId, at);
    },
    'sampling.deadlines': () => ({ today: today(), tasks: deadlineOverview(ctx.db(), ctx.user(), today()) }),
  };
}
