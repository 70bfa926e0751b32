/**
 * Warnings, their entities and steps (migration 009). One row per rule and subject for ever: a run
 * updates it, a closed or dismissed one reopens; the service decides which.
 */
import type { WarningStatus } from '../../../../shared/api/contracts/monitoring.ts';
import type { MonitoringWarning } from '../../../../shared/monitoring/warning.ts';
import { idsIn, jsonArrayRows, textsIn } from '../../../db/json-lists.ts';
import {
  all,
  type DataDoor,
  dialect,
  get,
  run,
  runInsert,
  type SqlQuery,
  sql,
  value,
} from '../../../db/sql.ts';

export interface StoredWarning {
  id: number;
  rule: MonitoringWarning['rule'];
  subject_type: MonitoringWarning['subject']['type'];
  subject_key: string;
  subject_display: string;
  level: MonitoringWarning['level'];
  action: MonitoringWarning['action'];
  status: WarningStatus;
  entities: string;
  evidence: string;
  digest: string;
  townships: string;
  first_seen_at: string;
  last_seen_at: string;
  disposed_action: MonitoringWarning['action'] | null;
  task_id: number | null;
}

const COLUMNS = sql.raw(`w.id, w.rule, w.subject_type, w.subject_key, w.subject_display, w.level, w.action,
  w.status, w.entities, w.evidence, w.digest, w.townships, w.first_seen_at, w.last_seen_at,
  w.disposed_action, w.task_id`);

export function findWarningBySubject(db: DataDoor, w: MonitoringWarning): StoredWarning | undefined {
  return get<StoredWarning>(
    db,
    sql`SELECT ${COLUMNS} FROM monitoring_warnings w
        WHERE w.rule = ${w.rule} AND w.subject_type = ${w.subject.type} AND w.subject_key = ${w.subject.key}`,
  );
}

export function findWarning(db: DataDoor, id: number): StoredWarning | undefined {
  return get<StoredWarning>(db, sql`SELECT ${COLUMNS} FROM monitoring_warnings w WHERE w.id = ${id}`);
}

/** Row ids and townships of the entities with these codes. */
function entityRowsOf(db: DataDoor, codes: readonly string[]): { id: number; township: string | null }[] {
  return all<{ id: number; township: string | null }>(
    db,
    sql`SELECT id, township FROM entities WHERE uscc IN ${textsIn(db, codes)}
        UNION SELECT id, township FROM entities WHERE reg_no IN ${textsIn(db, codes)}`,
  );
}

/** The warning's found content: level, action, entities (with their link rows) and evidence. */
function writeContent(db: DataDoor, id: number, w: MonitoringWarning, digest: string, at: string): void {
  const rows = entityRowsOf(db, w.entities);
  const townships = [...new Set(rows.map((r) => r.township).filter((t): t is string => !!t))].sort();
  run(
    db,
    sql`UPDATE monitoring_warnings SET level = ${w.level}, action = ${w.action},
          subject_display = ${w.subject.display}, entities = ${JSON.stringify(w.entities)},
          evidence = ${JSON.stringify(w.evidence)}, digest = ${digest}, townships = ${JSON.stringify(townships)},
          updated_at = ${at}
        WHERE id = ${id}`,
  );
  run(db, sql`DELETE FROM monitoring_warning_entities WHERE warning_id = ${id}`);
  // The UNION above makes the ids distinct and the links were just deleted: nothing to ignore, but a
  // duplicate must never fail a whole run. PostgreSQL cannot infer the warning id's type in a SELECT list.
  const ids = idsIn(
    db,
    rows.map((r) => r.id),
  );
  run(
    db,
    dialect(db, {
      sqlite: sql`INSERT OR IGNORE INTO monitoring_warning_entities (warning_id, entity_id)
          SELECT ${id}, value FROM ${ids} AS ids`,
      postgres: sql`INSERT INTO monitoring_warning_entities (warning_id, entity_id)
          SELECT CAST(${id} AS bigint), value FROM ${ids} AS ids(value) ON CONFLICT DO NOTHING`,
    }),
  );
}

export function insertWarning(
  db: DataDoor,
  w: MonitoringWarning,
  digest: string,
  runId: number,
  at: string,
): number {
  const id = runInsert(
    db,
    sql`INSERT INTO monitoring_warnings (rule, subject_type, subject_key, subject_display, level, action, status,
          entities, evidence, digest, first_run_id, last_run_id, first_seen_at, last_seen_at, updated_at)
        VALUES (${w.rule}, ${w.subject.type}, ${w.subject.key}, ${w.subject.display}, ${w.level}, ${w.action},
          'open', '[]', '[]', '', ${runId}, ${runId}, ${at}, ${at}, ${at})`,
  ).newId;
  writeContent(db, id, w, digest, at);
  return id;
}

/** New evidence for an existing warning; `reopen` sets it back to 待审核. */
export function updateWarningContent(
  db: DataDoor,
  id: number,
  w: MonitoringWarning,
  digest: string,
  reopen: boolean,
  at: string,
): void {
  writeContent(db, id, w, digest, at);
  if (reopen) {
    run(db, sql`UPDATE monitoring_warnings SET status = 'open', disposed_action = NULL WHERE id = ${id}`);
  }
}

export function markSeen(db: DataDoor, id: number, runId: number, at: string): void {
  run(db, sql`UPDATE monitoring_warnings SET last_run_id = ${runId}, last_seen_at = ${at} WHERE id = ${id}`);
}

export function setWarningStatus(
  db: DataDoor,
  id: number,
  status: WarningStatus,
  at: string,
  extra: { disposedAction?: MonitoringWarning['action']; taskId?: number } = {},
): void {
  const disposed = extra.disposedAction ?? null;
  const task = extra.taskId ?? null;
  run(
    db,
    sql`UPDATE monitoring_warnings SET status = ${status}, updated_at = ${at},
          disposed_action = coalesce(${disposed}, disposed_action), task_id = coalesce(${task}, task_id)
        WHERE id = ${id}`,
  );
}

export interface StepInput {
  warningId: number;
  runId: number | null;
  step: 'generate' | 'update' | 'reopen' | 'confirm' | 'dismiss' | 'dispose' | 'close';
  at: string;
  byUser: string;
  note: string | null;
  action: MonitoringWarning['action'] | null;
  evidence: readonly string[] | null;
}

export function insertStep(db: DataDoor, s: StepInput): void {
  run(
    db,
    sql`INSERT INTO monitoring_warning_steps (warning_id, run_id, step, at, by_user, note, action, evidence)
        VALUES (${s.warningId}, ${s.runId}, ${s.step}, ${s.at}, ${s.byUser}, ${s.note}, ${s.action},
          ${s.evidence ? JSON.stringify(s.evidence) : null})`,
  );
}

export interface StoredStep {
  step: StepInput['step'];
  at: string;
  by_user: string;
  by_name: string | null;
  note: string | null;
  action: MonitoringWarning['action'] | null;
  evidence: string | null;
}

export function stepsOf(db: DataDoor, warningId: number): StoredStep[] {
  return all<StoredStep>(
    db,
    sql`SELECT s.step, s.at, s.by_user, u.display_name AS by_name, s.note, s.action, s.evidence
        FROM monitoring_warning_steps s LEFT JOIN users u ON u.username = s.by_user
        WHERE s.warning_id = ${warningId} ORDER BY s.id`,
  );
}

export interface WarningQuery {
  rule?: string | undefined;
  level?: string | undefined;
  status?: WarningStatus | undefined;
  activeOnly: boolean;
  township?: string | undefined;
  q?: string | undefined;
  runId?: number | undefined;
}

const ACTIVE = sql.raw(`w.status IN ('open','confirmed','disposed')`);

function whereOf(db: DataDoor, f: WarningQuery): SqlQuery {
  const parts: SqlQuery[] = [sql`1 = 1`];
  if (f.rule) parts.push(sql`w.rule = ${f.rule}`);
  if (f.level) parts.push(sql`w.level = ${f.level}`);
  if (f.runId !== undefined) parts.push(sql`w.last_run_id = ${f.runId}`);
  if (f.status) parts.push(sql`w.status = ${f.status}`);
  else if (f.activeOnly && f.runId === undefined) parts.push(ACTIVE);
  if (f.township) {
    parts.push(
      sql`EXISTS (SELECT 1 FROM ${jsonArrayRows(db, 'w.townships', 't')} WHERE t.value = ${f.township})`,
    );
  }
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    // SQLite's LIKE ignores the case of ASCII letters (a code typed in lower case); ILIKE does the same.
    const op = dialect(db, { sqlite: sql.raw('LIKE'), postgres: sql.raw('ILIKE') });
    parts.push(sql`(w.subject_display ${op} ${like} ESCAPE '\\' OR w.subject_key ${op} ${like} ESCAPE '\\'
      OR EXISTS (SELECT 1 FROM monitoring_warning_entities we JOIN entities e ON e.id = we.entity_id
        WHERE we.warning_id = w.id AND (e.name ${op} ${like} ESCAPE '\\' OR e.uscc ${op} ${like} ESCAPE '\\'
          OR e.reg_no ${op} ${like} ESCAPE '\\')))`);
  }
  return sql.join(parts, ' AND ');
}

export function countWarnings(db: DataDoor, f: WarningQuery): number {
  return value<number>(db, sql`SELECT count(*) FROM monitoring_warnings w WHERE ${whereOf(db, f)}`) ?? 0;
}

/** Highest level first, then the most recently seen. */
export function listWarnings(db: DataDoor, f: WarningQuery, offset: number, limit: number): StoredWarning[] {
  return all<StoredWarning>(
    db,
    sql`SELECT ${COLUMNS} FROM monitoring_warnings w WHERE ${whereOf(db, f)}
        ORDER BY CASE w.level WHEN '高' THEN 0 WHEN '中' THEN 1 ELSE 2 END, w.last_seen_at DESC, w.id DESC
        LIMIT ${limit} OFFSET ${offset}`,
  );
}

export function warningIdsOf(db: DataDoor, f: WarningQuery): number[] {
  return all<{ id: number }>(
    db,
    sql`SELECT w.id FROM monitoring_warnings w WHERE ${whereOf(db, f)} ORDER BY w.id`,
  ).map((r) => r.id);
}

/** Active warnings counted by one column (rule, level, status) or by township. */
export function activeCountsBy(
  db: DataDoor,
  by: 'rule' | 'level' | 'status' | 'township',
): { key: string; count: number }[] {
  if (by === 'township') {
    return all<{ key: string; count: number }>(
      db,
      sql`SELECT t.value AS key, count(*) AS count
          FROM monitoring_warnings w CROSS JOIN ${jsonArrayRows(db, 'w.townships', 't')}
          WHERE ${ACTIVE} GROUP BY t.value ORDER BY count DESC, key`,
    );
  }
  const col = sql.raw(`w.${by}`);
  const where = by === 'status' ? sql`1 = 1` : ACTIVE;
  return all<{ key: string; count: number }>(
    db,
    sql`SELECT ${col} AS key, count(*) AS count FROM monitoring_warnings w WHERE ${where} GROUP BY ${col}
        ORDER BY key`,
  );
}

/** One count both engines answer alike: the 工作台 reads it on a bureau server too. */
export function activeWarningCount(db: DataDoor): number {
  return value<number>(db, sql`SELECT count(*) FROM monitoring_warnings w WHERE ${ACTIVE}`) ?? 0;
}
