/**
 * The built-in monitoring rule set (resources/monitoring-rules) is written into monitoring_rule_sets at
 * start-up, like the other built-ins: a release that ships a new version of it adds that version, and it
 * comes into force only while the rule set in force is a built-in one — thresholds an administrator
 * saved stay in force until they save again.
 */
import { builtinMonitoringRuleSet } from '../../shared/monitoring/builtins.ts';
import type { MonitoringRuleSet } from '../../shared/monitoring/rules.ts';
import { type DataDoor, get, isPg, run, type SqlQuery, sql, unitOfWork, value } from './sql.ts';

export const RULE_SET_IN_FORCE_KEY = 'monitoring.ruleSet';
const RELEASED_AT = '2026-12-01T00:00:00.000Z';

/**
 * Runs an INSERT of one rule-set version and answers its `seq`. runInsert cannot: the key is named
 * `seq`, not `id`, so PostgreSQL is asked for it with RETURNING (SQLite's last rowid is the seq).
 */
export function insertRuleSetVersion(db: DataDoor, insert: SqlQuery): number {
  if (isPg(db)) return value<number>(db, sql`${insert} RETURNING seq`) as number;
  return run(db, insert).newId;
}

export function ensureBuiltinRuleSet(
  db: DataDoor,
  set: MonitoringRuleSet = builtinMonitoringRuleSet(),
): void {
  const have = value<number>(
    db,
    sql`SELECT seq FROM monitoring_rule_sets WHERE set_id = ${set.id} AND version = ${set.version}`,
  );
  if (have !== undefined) return;
  unitOfWork(db, () => {
    const seq = insertRuleSetVersion(
      db,
      sql`INSERT INTO monitoring_rule_sets (set_id, version, name, json, builtin, saved_at, saved_by)
          VALUES (${set.id}, ${set.version}, ${set.name}, ${JSON.stringify(set)}, 1, ${RELEASED_AT}, 'system')`,
    );
    const current = get<{ builtin: number }>(
      db,
      sql`SELECT s.builtin FROM settings c JOIN monitoring_rule_sets s ON s.seq = CAST(c.value AS INTEGER)
          WHERE c.key = ${RULE_SET_IN_FORCE_KEY}`,
    );
    if (current === undefined || current.builtin === 1) {
      run(
        db,
        sql`INSERT INTO settings (key, value) VALUES (${RULE_SET_IN_FORCE_KEY}, ${String(seq)})
            ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
      );
    }
  });
}
