/** Monitoring runs (migration 009). */
import { all, type DataDoor, get, run, runInsert, sql } from '../../../db/sql.ts';

export interface StoredRun {
  id: number;
  as_of: string;
  rule_set_id: string;
  rule_set_version: number;
  created_by: string;
  created_at: string;
  took_ms: number | null;
  found: number;
  created: number;
  updated: number;
  reopened: number;
}

// Who ran it is shown by the name officers know (the login name only when the account is gone).
const SELECT = sql.raw(`SELECT r.id, r.as_of, s.set_id AS rule_set_id, s.version AS rule_set_version,
  coalesce(u.display_name, r.created_by) AS created_by, r.created_at, r.took_ms, r.found, r.created,
  r.updated, r.reopened
  FROM monitoring_runs r JOIN monitoring_rule_sets s ON s.seq = r.rule_set_seq
  LEFT JOIN users u ON u.username = r.created_by`);

export function insertMonitoringRun(
  db: DataDoor,
  asOf: string,
  ruleSetSeq: number,
  by: string,
  at: string,
): number {
  return runInsert(
    db,
    sql`INSERT INTO monitoring_runs (as_of, rule_set_seq, created_by, created_at)
        VALUES (${asOf}, ${ruleSetSeq}, ${by}, ${at})`,
  ).newId;
}

export function finishMonitoringRun(
  db: DataDoor,
  id: number,
  counts: { found: number; created: number; updated: number; reopened: number; tookMs: number },
): void {
  run(
    db,
    sql`UPDATE monitoring_runs SET found = ${counts.found}, created = ${counts.created},
          updated = ${counts.updated}, reopened = ${counts.reopened}, took_ms = ${counts.tookMs}
        WHERE id = ${id}`,
  );
}

export function findMonitoringRun(db: DataDoor, id: number): StoredRun | undefined {
  return get<StoredRun>(db, sql`${SELECT} WHERE r.id = ${id}`);
}

export function monitoringRunsLatestFirst(db: DataDoor, limit = 50): StoredRun[] {
  return all<StoredRun>(db, sql`${SELECT} ORDER BY r.id DESC LIMIT ${limit}`);
}
