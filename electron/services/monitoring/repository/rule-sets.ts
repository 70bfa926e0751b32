/** Saved rule-set versions (migration 009) and the one in force (settings `monitoring.ruleSet`). */
import { RULE_SET_IN_FORCE_KEY } from '../../../db/builtin-rule-set.ts';
import type { Db } from '../../../db/open.ts';
import { all, get, run, sql } from '../../../db/sql.ts';

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

export function ruleSetInForce(db: Db): StoredRuleSet | undefined {
  return (
    get<StoredRuleSet>(
      db,
      sql`SELECT s.* FROM settings c JOIN monitoring_rule_sets s ON s.seq = CAST(c.value AS INTEGER)
          WHERE c.key = ${RULE_SET_IN_FORCE_KEY}`,
    ) ?? get<StoredRuleSet>(db, sql`SELECT * FROM monitoring_rule_sets ORDER BY seq DESC LIMIT 1`)
  );
}

export function ruleSetBySeq(db: Db, seq: number): StoredRuleSet | undefined {
  return get<StoredRuleSet>(db, sql`SELECT * FROM monitoring_rule_sets WHERE seq = ${seq}`);
}

export function ruleSetVersions(db: Db, setId: string): StoredRuleSet[] {
  return all<StoredRuleSet>(
    db,
    sql`SELECT * FROM monitoring_rule_sets WHERE set_id = ${setId} ORDER BY version DESC`,
  );
}

export function latestVersionOf(db: Db, setId: string): number {
  return (
    get<{ v: number | null }>(
      db,
      sql`SELECT max(version) AS v FROM monitoring_rule_sets WHERE set_id = ${setId}`,
    )?.v ?? 0
  );
}

/** Stores a version and puts it in force. */
export function saveRuleSetVersion(
  db: Db,
  set: { id: string; version: number; name: string },
  json: string,
  at: string,
  by: string,
): number {
  const seq = run(
    db,
    sql`INSERT INTO monitoring_rule_sets (set_id, version, name, json, builtin, saved_at, saved_by)
        VALUES (${set.id}, ${set.version}, ${set.name}, ${json}, 0, ${at}, ${by})`,
  ).newId;
  run(
    db,
    sql`INSERT INTO settings (key, value) VALUES (${RULE_SET_IN_FORCE_KEY}, ${String(seq)})
        ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
  );
  return seq;
}
