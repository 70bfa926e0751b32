/**
 * The rows of the double-random area an imported inspection result touches: the task its 抽查任务 cell
 * names, whether the entity is in that task's current plan, and the plan's result row for it. Internal
 * to the import (the caller has authorized its actor).
 */
import type { Db } from '../../../db/open.ts';
import { type StoredTask, taskFromRow } from '../../sampling/task-store.ts';

export interface StoredResultRow {
  plan_id: number;
  entity_id: number;
  checked_on: string;
  results: string;
  follow_up: string | null;
  note: string | null;
  record_id: number | null;
  entered_at: string;
  entered_by: string;
}

export function createPlanResultStore(db: Db) {
  const taskByNumber = db.prepare('SELECT * FROM inspection_tasks WHERE number = ?');
  const tasksByName = db.prepare('SELECT * FROM inspection_tasks WHERE name = ? LIMIT 2');
  // Provincial files often write 名称（文号）: a cell that contains exactly one task's 文号 names it.
  const tasksWithin = db.prepare(
    "SELECT * FROM inspection_tasks WHERE number <> '' AND instr(?, number) > 0 LIMIT 2",
  );
  const inPlan = db.prepare('SELECT 1 FROM inspection_plan_entries WHERE plan_id = ? AND entity_id = ?');
  const resultRow = db.prepare('SELECT * FROM inspection_results WHERE plan_id = ? AND entity_id = ?');
  const insertResult = db.prepare(
    `INSERT INTO inspection_results (plan_id, entity_id, checked_on, results, follow_up, note, record_id, entered_at, entered_by)
     VALUES (@plan_id, @entity_id, @checked_on, @results, @follow_up, @note, @record_id, @entered_at, @entered_by)`,
  );
  const setStatus = db.prepare('UPDATE inspection_tasks SET status = ?, updated_at = ? WHERE id = ?');
  const tasks = new Map<string, StoredTask | null>();

  return {
    /**
     * The task a 抽查任务 cell names: by its 文号, else by a name no other task has, else by the one 文号
     * the cell contains; cached per import.
     */
    task(named: string): StoredTask | null {
      let t = tasks.get(named);
      if (t === undefined) {
        const one = (rows: unknown[]) =>
          rows.length === 1 ? (rows[0] as Record<string, unknown>) : undefined;
        const row =
          (taskByNumber.get(named) as Record<string, unknown> | undefined) ??
          one(tasksByName.all(named)) ??
          one(tasksWithin.all(named));
        t = row ? taskFromRow(row) : null;
        tasks.set(named, t);
      }
      return t;
    },
    inPlan(planId: number, entityId: number): boolean {
      return inPlan.get(planId, entityId) !== undefined;
    },
    result(planId: number, entityId: number): StoredResultRow | undefined {
      return resultRow.get(planId, entityId) as StoredResultRow | undefined;
    },
    insertResult(row: StoredResultRow): void {
      insertResult.run(row);
    },
    /** The first result moves a drawn task to 检查中, as typing one does. */
    markInProgress(task: StoredTask, at: string): void {
      if (task.status !== 'drawn') return;
      setStatus.run('in_progress', at, task.id);
      task.status = 'in_progress';
    },
  };
}

export type PlanResultStore = ReturnType<typeof createPlanResultStore>;
