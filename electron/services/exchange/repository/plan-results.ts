/**
 * The rows of the double-random area an imported inspection result touches: the task its 抽查任务 cell
 * names, whether the entity is in that task's current plan, and the plan's result row for it. Internal
 * to the import (the caller has authorized its actor). The tables belong to the sampling area; these
 * reads and the one insert stay with the import that alone needs them in this shape.
 */
import { all, bulk, type DataDoor, dialect, get, run, sql } from '../../../db/sql.ts';
import { firstResultVersion } from '../../sampling/repository/results.ts';
import { type StoredTask, taskFromRow } from '../../sampling/task-store.ts';
import type { StoredRow } from './logged-tables.ts';

/** A plan's result row as stored (inspection_results). */
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

/** `beforeWrite`: called before a result row is inserted (the import writes the record it names first). */
export function createPlanResultStore(db: DataDoor, beforeWrite: () => void = () => {}) {
  const insertResult = bulk<{ [K in keyof StoredResultRow]: StoredResultRow[K] } & { row_version: number }>(
    db,
    `INSERT INTO inspection_results (plan_id, entity_id, checked_on, results, follow_up, note, record_id, entered_at, entered_by, row_version)
     VALUES (@plan_id, @entity_id, @checked_on, @results, @follow_up, @note, @record_id, @entered_at, @entered_by, @row_version)`,
  );
  const tasks = new Map<string, StoredTask | null>();
  const one = (rows: StoredRow[]) => (rows.length === 1 ? rows[0] : undefined);

  return {
    /**
     * The task a 抽查任务 cell names: by its 文号, else by a name no other task has, else by the one 文号
     * the cell contains (provincial files often write 名称（文号）); cached per import.
     */
    task(named: string): StoredTask | null {
      let t = tasks.get(named);
      if (t === undefined) {
        const row =
          get<StoredRow>(db, sql`SELECT * FROM inspection_tasks WHERE number = ${named}`) ??
          one(all<StoredRow>(db, sql`SELECT * FROM inspection_tasks WHERE name = ${named} LIMIT 2`)) ??
          one(
            all<StoredRow>(
              db,
              sql`SELECT * FROM inspection_tasks WHERE number <> '' AND ${dialect(db, {
                sqlite: sql`instr(${named}, number)`,
                postgres: sql`strpos(CAST(${named} AS text), number)`,
              })} > 0 LIMIT 2`,
            ),
          );
        t = row ? taskFromRow(row) : null;
        tasks.set(named, t);
      }
      return t;
    },
    inPlan(planId: number, entityId: number): boolean {
      return (
        get(
          db,
          sql`SELECT 1 FROM inspection_plan_entries WHERE plan_id = ${planId} AND entity_id = ${entityId}`,
        ) !== undefined
      );
    },
    result(planId: number, entityId: number): StoredResultRow | undefined {
      return get<StoredResultRow>(
        db,
        sql`SELECT * FROM inspection_results WHERE plan_id = ${planId} AND entity_id = ${entityId}`,
      );
    },
    insertResult(row: StoredResultRow): void {
      beforeWrite();
      // Above the versions of results cleared in the plan, as a result typed in (firstResultVersion).
      insertResult.run({ ...row, row_version: firstResultVersion(db, row.plan_id) });
    },
    /** The first result moves a drawn task to 检查中, as typing one does. */
    markInProgress(task: StoredTask, at: string): void {
      if (task.status !== 'drawn') return;
      run(
        db,
        sql`UPDATE inspection_tasks SET row_version = row_version + 1, status = 'in_progress', updated_at = ${at} WHERE id = ${task.id}`,
      );
      task.status = 'in_progress';
    },
  };
}

export type PlanResultStore = ReturnType<typeof createPlanResultStore>;
