/** Saved rule-set versions (migration 009) and the one in force (settings `monitoring.ruleSet`). */
import { insertRuleSetVersion, RULE_SET_IN_FORCE_KEY } from '../../../db/builtin-rule-set.ts';
import { all, type DataDoor, get, run, sql } from '../../../db/sql.ts';

export interface StoredRuleSet {
  seq: number;
  set_id: string;
  version: number;
  name: string;
  json: string;
  builtin: number;
  saved_at: string;
  saved_by: string;
}

// Who saved a version is shown by the name officers know (the login name only when the account is gone).
const SELECT = sql.raw(`SELECT s.seq, s.set_id, s.version, s.name, s.json, s.builtin, s.saved_at,
  coalesce(u.display_name, s.saved_by) AS saved_by
  FROM monitoring_rule_sets s LEFT JOIN users u ON u.username = s.saved_by`);

export function ruleSetInForce(db: DataDoor): StoredRuleSet | undefined {
  return (
    get<StoredRuleSet>(
      db,
      sql`${SELECT} WHERE s.seq = (SELECT CAST(c.value AS INTEGER) FROM settings c
                                   WHERE c.key = ${RULE_SET_IN_FORCE_KEY})`,
    ) ?? get<StoredRuleSet>(db, sql`${SELECT} ORDER BY s.seq DESC LIMIT 1`)
  );
}

export function ruleSetBySeq(db: DataDoor, seq: number): StoredRuleSet | undefined {
  return get<StoredRuleSet>(db, sql`${SELECT} WHERE s.seq = ${seq}`);
}

export function ruleSetVersions(db: DataDoor, setId: string): StoredRuleSet[] {
  return all<StoredRuleSet>(db, sql`${SELECT} WHERE s.set_id = ${setId} ORDER BY s.version DESC`);
}

export function latestVersionOf(db: DataDoor, setId: string): number {
  return (
    get<{ v: number | null }>(
      db,
      sql`SELECT max(version) AS v FROM monitoring_rule_sets WHERE set_id = ${setId}`,
    )?.v ?? 0
  );
}

/** Stores a version and puts it in force. */
export function saveRuleSetVersion(
  db: DataDoor,
  set: { id: string; version: number; name: string },
  json: string,
  at: string,
  by: string,
): number {
  const seq = insertRuleSetVersion(
    db,
    sql`INSERT INTO monitoring_rule_sets (set_id, version, name, json, builtin, saved_at, saved_by)
        VALUES (${set.id}, ${set.version}, ${set.name}, ${json}, 0, ${at}, ${by})`,
  );
  run(
    db,
    sql`INSERT INTO settings (key, value) VALUES (${RULE_SET_IN_FORCE_KEY}, ${String(seq)})
        ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
  );
  return seq;
}
