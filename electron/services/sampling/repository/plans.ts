/**
 * `inspection_plans` and `inspection_plan_entries`: the drawn plans (the plan file with every
 * candidate, the strata, warnings) and their entries with each entity's team.
 */
import type { StratumRow } from '../../../../shared/api/contracts/sampling.ts';
import type { EntityKind } from '../../../../shared/domain/entity.ts';
import { all, bulk, type DataDoor, dialect, get, run, runInsert, sql, value } from '../../../db/sql.ts';
import { type Columns, columnNames, columnValues } from './columns.ts';

export interface StoredPlan {
  id: number;
  taskId: number;
  seq: number;
  digest: string;
  seed: string;
  planFile: string;
  strata: StratumRow[];
  unstaffed: string[];
  excluded: { reason: string; count: number }[];
  warnings: string[];
  candidates: number;
  drawnAt: string;
  drawnBy: string;
  supersededAt: string | null;
  supersededBy: string | null;
  redrawReason: string | null;
}

interface PlanRow {
  id: number;
  task_id: number;
  seq: number;
  digest: string;
  seed: string;
  plan_file: string;
  strata: string;
  unstaffed: string;
  excluded: string;
  warnings: string;
  candidates: number;
  drawn_at: string;
  drawn_by: string;
  superseded_at: string | null;
  superseded_by: string | null;
  redraw_reason: string | null;
}

function planFromRow(r: PlanRow): StoredPlan {
  return {
    id: r.id,
    taskId: r.task_id,
    seq: r.seq,
    digest: r.digest,
    seed: r.seed,
    planFile: r.plan_file,
    strata: JSON.parse(r.strata),
    unstaffed: JSON.parse(r.unstaffed),
    excluded: JSON.parse(r.excluded),
    warnings: JSON.parse(r.warnings),
    candidates: r.candidates,
    drawnAt: r.drawn_at,
    drawnBy: r.drawn_by,
    supersededAt: r.superseded_at ?? null,
    supersededBy: r.superseded_by ?? null,
    redrawReason: r.redraw_reason ?? null,
  };
}

/**
 * Every column but the plan file, which holds every candidate (megabytes in a large county) and is
 * read only to export or verify the plan; `planFile` is then an empty JSON object.
 */
const COLUMNS_WITHOUT_FILE = sql.raw(`id, task_id, seq, digest, seed, '{}' AS plan_file, strata, unstaffed,
  excluded, warnings, candidates, drawn_at, drawn_by, superseded_at, superseded_by, redraw_reason`);

/** The plan with its file. */
export function findPlan(db: DataDoor, id: number): StoredPlan | undefined {
  const r = get<PlanRow>(db, sql`SELECT * FROM inspection_plans WHERE id = ${id}`);
  return r && planFromRow(r);
}

/** The task's plans, newest first, without their files. */
export function plansOfTask(db: DataDoor, taskId: number): StoredPlan[] {
  return all<PlanRow>(
    db,
    sql`SELECT ${COLUMNS_WITHOUT_FILE} FROM inspection_plans WHERE task_id = ${taskId} ORDER BY seq DESC`,
  ).map(planFromRow);
}

export interface NewPlan {
  taskId: number;
  seq: number;
  digest: string;
  seed: string;
  /** The plan document, already serialised (it is hashed and verified as written). */
  planFile: string;
  strata: unknown[];
  unstaffed: string[];
  excluded: { reason: string; count: number }[];
  warnings: string[];
  candidates: number;
  drawnAt: string;
  drawnBy: string;
}

export interface NewPlanEntry {
  entityId: number;
  code: string;
  kind: EntityKind;
  class: string | null;
  /** Employee numbers, the lead first; empty when unstaffed. */
  team: readonly string[];
}

/** Stores a plan and its entries (positions 1, 2 … in the given order); returns the plan's id. */
export function insertPlan(db: DataDoor, p: NewPlan, entries: readonly NewPlanEntry[]): number {
  const c: Columns = {
    task_id: p.taskId,
    seq: p.seq,
    digest: p.digest,
    seed: p.seed,
    plan_file: p.planFile,
    strata: JSON.stringify(p.strata),
    unstaffed: JSON.stringify(p.unstaffed),
    excluded: JSON.stringify(p.excluded),
    warnings: JSON.stringify(p.warnings),
    candidates: p.candidates,
    drawn_at: p.drawnAt,
    drawn_by: p.drawnBy,
  };
  const planId = runInsert(
    db,
    sql`INSERT INTO inspection_plans (${columnNames(c)}) VALUES ${columnValues(c)}`,
  ).newId;
  dialect(db, { sqlite: insertEntriesInEntityOrder, postgres: insertEntriesInBatches })(db, planId, entries);
  return planId;
}

/** SQLite: one prepared statement run per entry. */
function insertEntriesInEntityOrder(db: DataDoor, planId: number, entries: readonly NewPlanEntry[]): void {
  const entry = bulk<{
    plan_id: number;
    position: number;
    entity_id: number;
    code: string;
    kind: string;
    class: string | null;
    team: string;
  }>(
    db,
    `INSERT INTO inspection_plan_entries (plan_id, position, entity_id, code, kind, class, team)
     VALUES (@plan_id, @position, @entity_id, @code, @kind, @class, @team)`,
  );
  // Written in entity id order (each keeps its plan position): every row's foreign key reads its
  // entity's page, and in id order each page is read and decrypted once, not again after the cache
  // dropped it (≈ 25,000 rows spread over a million entities' pages: 0.3 s of a 1 M draw).
  const byEntity = entries.map((_, i) => i).sort((a, b) => entries[a]!.entityId - entries[b]!.entityId);
  for (const i of byEntity) {
    const e = entries[i]!;
    entry.run({
      plan_id: planId,
      position: i + 1,
      entity_id: e.entityId,
      code: e.code,
      kind: e.kind,
      class: e.class,
      team: JSON.stringify(e.team),
    });
  }
}

/** Entries per statement on PostgreSQL: a 1 M draw stores ≈ 35,000, one round trip each would be ≈ 10 s. */
const ENTRY_BATCH = 5000;

/** PostgreSQL: multi-row INSERTs from one JSON parameter per batch. */
function insertEntriesInBatches(db: DataDoor, planId: number, entries: readonly NewPlanEntry[]): void {
  for (let from = 0; from < entries.length; from += ENTRY_BATCH) {
    const rows = entries.slice(from, from + ENTRY_BATCH).map((e, i) => ({
      position: from + i + 1,
      entity_id: e.entityId,
      code: e.code,
      kind: e.kind,
      class: e.class,
      team: JSON.stringify(e.team),
    }));
    run(
      db,
      sql`INSERT INTO inspection_plan_entries (plan_id, position, entity_id, code, kind, class, team)
          SELECT CAST(${planId} AS bigint), position, entity_id, code, kind, class, team
          FROM json_to_recordset(CAST(${JSON.stringify(rows)} AS json))
            AS x(position bigint, entity_id bigint, code text, kind text, class text, team text)`,
    );
  }
}

/** Who drew the plan (the user name), without reading its file. */
export function planDrawnBy(db: DataDoor, id: number): string | undefined {
  return value<string>(db, sql`SELECT drawn_by FROM inspection_plans WHERE id = ${id}`);
}

/** A redraw keeps the old plan, marked as replaced, with who replaced it and why. */
export function supersedePlan(db: DataDoor, id: number, by: string, reason: string, at: string): void {
  run(
    db,
    sql`UPDATE inspection_plans SET superseded_at = ${at}, superseded_by = ${by}, redraw_reason = ${reason}
        WHERE id = ${id}`,
  );
}

export function entryCount(db: DataDoor, planId: number): number {
  return value<number>(db, sql`SELECT count(*) FROM inspection_plan_entries WHERE plan_id = ${planId}`) ?? 0;
}

/** Entities drawn and results entered in one plan. */
export function planProgress(db: DataDoor, planId: number): { selected: number; results: number } {
  return (
    get<{ selected: number; results: number }>(
      db,
      sql`SELECT (SELECT count(*) FROM inspection_plan_entries WHERE plan_id = ${planId}) AS selected,
                 (SELECT count(*) FROM inspection_results WHERE plan_id = ${planId}) AS results`,
    ) ?? { selected: 0, results: 0 }
  );
}

export interface PlanEntryWithResult {
  position: number;
  entityId: number;
  code: string;
  name: string;
  address: string | null;
  phone: string | null;
  kind: EntityKind;
  class: string | null;
  /** Employee numbers, the lead first. */
  team: string[];
  result: {
    results: string[];
    checkedOn: string;
    followUp: string | null;
    note: string | null;
    enteredBy: string;
    /** The row's version, which an edit of it names (optimistic concurrency). */
    version: number;
  } | null;
}

interface EntryRow {
  position: number;
  entity_id: number;
  code: string;
  kind: EntityKind;
  class: string | null;
  team: string;
  name: string;
  address: string | null;
  phone: string | null;
  results: string | null;
  checked_on: string | null;
  follow_up: string | null;
  note: string | null;
  entered_by: string | null;
  row_version: number | null;
}

/** The plan's entries in order, with the entity's name and contact and its result if entered. */
export function entriesWithResults(db: DataDoor, planId: number): PlanEntryWithResult[] {
  return all<EntryRow>(
    db,
    sql`SELECT pe.position, pe.entity_id, pe.code, pe.kind, pe.class, pe.team, e.name, e.address, e.phone,
               r.results, r.checked_on, r.follow_up, r.note, r.entered_by, r.row_version
        FROM inspection_plan_entries pe
        JOIN entities e ON e.id = pe.entity_id
        LEFT JOIN inspection_results r ON r.plan_id = pe.plan_id AND r.entity_id = pe.entity_id
        WHERE pe.plan_id = ${planId} ORDER BY pe.position`,
  ).map((r) => ({
    position: r.position,
    entityId: r.entity_id,
    code: r.code,
    name: r.name,
    address: r.address ?? null,
    phone: r.phone ?? null,
    kind: r.kind,
    class: r.class ?? null,
    team: JSON.parse(r.team),
    result:
      r.results === null
        ? null
        : {
            results: JSON.parse(r.results),
            checkedOn: r.checked_on ?? '',
            followUp: r.follow_up ?? null,
            note: r.note ?? null,
            enteredBy: r.entered_by ?? '',
            version: Number(r.row_version ?? 1),
          },
  }));
}
