/**
 * The monitoring engine's input (shared/monitoring/facts.ts) read from the database with set-based SQL:
 * each rule's candidates are narrowed in SQL (clusters GROUP BY key HAVING at least the smallest
 * threshold that needs them, changes and complaints by type, field and date, report years by coverage)
 * and only those entities are read as MonitoredEntity. The engine applies every threshold itself, so the
 * narrowing only ever leaves out what cannot fire.
 */
import { addMonths } from '../../../../shared/dates/iso-date.ts';
import type { EntityKind } from '../../../../shared/domain/entity.ts';
import type {
  ClusterFacts,
  GradeHistoryFacts,
  MonitoredEntity,
  MonitoringFacts,
} from '../../../../shared/monitoring/facts.ts';
import { reportYearsDue } from '../../../../shared/monitoring/grading-probe.ts';
import { enabledRule, type MonitoringRuleSet } from '../../../../shared/monitoring/rules.ts';
import { changeWindow, complaintWindows } from '../../../../shared/monitoring/windows.ts';
import { idsIn, jsonTextField, textsIn } from '../../../db/json-lists.ts';
import { all, type DataDoor, dialect, type SqlQuery, sql } from '../../../db/sql.ts';
import { annualReportCoverage } from '../../grading/repository/coverage.ts';
import { gradeOrderOf } from './grade-order.ts';

/** Months a serious-violation listing stays in effect, as grading counts it (engine default). */
const SERIOUS_LIST_MONTHS = 36;

interface EntityRow {
  id: number;
  code: string;
  name: string;
  kind: EntityKind;
  township: string | null;
  active: number;
  listed: number;
}

/**
 * In business at asOf: 存续 and already established — as 1/0, written the same for both engines
 * (PostgreSQL's comparisons give booleans, which neither sum nor read back as SQLite's 0/1).
 */
const activeAt = (asOf: string): SqlQuery => sql`CASE WHEN ${inBusinessAt(asOf)} THEN 1 ELSE 0 END`;

/** The same as a condition, for WHERE. */
const inBusinessAt = (asOf: string): SqlQuery =>
  sql`(e.status = 'active' AND (e.established_on IS NULL OR e.established_on <= ${asOf}))`;

/** On the abnormal or serious-violation list at asOf, as grading's listingInEffect (1/0). */
const listedAt = (db: DataDoor, asOf: string): SqlQuery => {
  const seriousCut = addMonths(asOf, -SERIOUS_LIST_MONTHS);
  const removedOn = jsonTextField(db, 'r.data', 'removedOn');
  return sql`CASE WHEN EXISTS (SELECT 1 FROM records r WHERE r.entity_id = e.id
      AND r.type IN ('abnormal_list', 'serious_violation_list') AND r.date <= ${asOf}
      AND (${removedOn} IS NULL OR ${removedOn} > ${asOf})
      AND (r.type <> 'serious_violation_list' OR r.date > ${seriousCut})) THEN 1 ELSE 0 END`;
};

const entityColumns = (db: DataDoor, asOf: string): SqlQuery =>
  sql`e.id, coalesce(e.uscc, e.reg_no) AS code, e.name, e.kind, e.township,
      ${activeAt(asOf)} AS active, ${listedAt(db, asOf)} AS listed`;

/**
 * A record's report year equal to `year`: SQLite's json_extract gives the number; PostgreSQL compares
 * jsonb with jsonb, spelled as migration 011's index (`data::jsonb -> 'year'`) so the index serves it.
 */
const reportYearIs = (db: DataDoor, year: number): SqlQuery =>
  dialect(db, {
    sqlite: sql`json_extract(r.data, '$.year') = ${year}`,
    postgres: sql`(r.data::jsonb -> 'year') = CAST(${String(year)} AS jsonb)`,
  });

const monitored = (r: EntityRow): MonitoredEntity => ({
  code: r.code,
  name: r.name,
  kind: r.kind,
  township: r.township,
  active: r.active === 1,
  listed: r.listed === 1,
});

/** The entities of these row ids (any order), by id. */
function entitiesByIds(db: DataDoor, ids: Iterable<number>, asOf: string): Map<number, MonitoredEntity> {
  const list = [...new Set(ids)];
  const out = new Map<number, MonitoredEntity>();
  for (let i = 0; i < list.length; i += 50_000) {
    const rows = all<EntityRow>(
      db,
      sql`SELECT ${entityColumns(db, asOf)} FROM entities e
          WHERE e.id IN ${idsIn(db, list.slice(i, i + 50_000))}`,
    );
    for (const r of rows) out.set(r.id, monitored(r));
  }
  return out;
}

/**
 * Every key with at least `min` members in business, with all its members (display: the first
 * entered entity's spelling). `min` null: no enabled rule needs these clusters.
 */
function clusters(db: DataDoor, by: 'address' | 'person', asOf: string, min: number | null): ClusterFacts[] {
  if (min === null) return [];
  const key = sql.raw(by === 'address' ? 'address_key' : 'person_key');
  const raw = sql.raw(by === 'address' ? 'address' : 'legal_rep');
  const rows = all<EntityRow & { key: string; raw: string }>(
    db,
    sql`SELECT e.${key} AS key, e.${raw} AS raw, ${entityColumns(db, asOf)}
        FROM (SELECT e.${key} AS k FROM entities e WHERE e.${key} IS NOT NULL
              GROUP BY e.${key} HAVING sum(${activeAt(asOf)}) >= ${Math.max(min, 2)}) big
        JOIN entities e ON e.${key} = big.k
        ORDER BY e.${key}, e.id`,
  );
  const out: ClusterFacts[] = [];
  let last: ClusterFacts | undefined;
  for (const r of rows) {
    if (last?.key !== r.key) {
      last = { key: r.key, display: r.raw.trim(), members: [] };
      out.push(last);
    }
    last.members.push(monitored(r));
  }
  return out;
}

const smallest = (...xs: (number | null)[]): number | null => {
  const present = xs.filter((x): x is number => x !== null);
  return present.length ? Math.min(...present) : null;
};

/** Dated rows of one record type per entity, for entities with at least `min` in the narrower window. */
function datedRecords(db: DataDoor, q: SqlQuery): Map<number, { date: string; field: string }[]> {
  const byEntity = new Map<number, { date: string; field: string }[]>();
  for (const r of all<{ entity_id: number; date: string; field: string | null }>(db, q)) {
    const list = byEntity.get(r.entity_id) ?? [];
    list.push({ date: r.date, field: r.field ?? '' });
    byEntity.set(r.entity_id, list);
  }
  return byEntity;
}

export function collectMonitoringFacts(
  db: DataDoor,
  asOf: string,
  ruleSet: MonitoringRuleSet,
): MonitoringFacts {
  const rule = <Id extends Parameters<typeof enabledRule>[1]>(id: Id) => enabledRule(ruleSet, id);
  const listedRule = rule('cluster_listed');
  const listedMin = listedRule?.params.minClusterSize ?? null;
  const facts: MonitoringFacts = {
    asOf,
    addressClusters: clusters(
      db,
      'address',
      asOf,
      smallest(rule('same_address')?.params.minEntities ?? null, listedMin),
    ),
    personClusters: clusters(
      db,
      'person',
      asOf,
      smallest(rule('same_person')?.params.minEntities ?? null, listedMin),
    ),
    changes: [],
    complaints: [],
    annualReports: [],
    gradeHistory: [],
  };
  const wanted = new Set<number>();

  const changeRule = rule('frequent_changes');
  let changes = new Map<number, { date: string; field: string }[]>();
  if (changeRule) {
    const { from } = changeWindow(asOf, changeRule);
    const field = jsonTextField(db, 'data', 'field');
    const inWindow = sql`type = 'change' AND date > ${from} AND date <= ${asOf}
        AND ${field} IN ${textsIn(db, changeRule.params.fields)}`;
    changes = datedRecords(
      db,
      sql`SELECT entity_id, date, ${field} AS field FROM records
          WHERE ${inWindow} AND entity_id IN (SELECT entity_id FROM records WHERE ${inWindow}
            GROUP BY entity_id HAVING count(*) >= ${changeRule.params.minChanges})
          ORDER BY entity_id, date, id`,
    );
    for (const id of changes.keys()) wanted.add(id);
  }

  const complaintRule = rule('complaint_surge');
  let complaints = new Map<number, { date: string; field: string }[]>();
  if (complaintRule) {
    const w = complaintWindows(asOf, complaintRule);
    complaints = datedRecords(
      db,
      sql`SELECT entity_id, date, NULL AS field FROM records
          WHERE type = 'complaint' AND date > ${w.baselineFrom} AND date <= ${asOf}
            AND entity_id IN (SELECT entity_id FROM records
              WHERE type = 'complaint' AND date > ${w.recentFrom} AND date <= ${asOf}
              GROUP BY entity_id HAVING count(*) >= ${complaintRule.params.minRecent})
          ORDER BY entity_id, date, id`,
    );
    for (const id of complaints.keys()) wanted.add(id);
  }

  const reportRule = rule('annual_report_missing');
  const missing = new Map<number, number[]>();
  if (reportRule) {
    const coverage = annualReportCoverage(db);
    for (const year of reportYearsDue(asOf, reportRule.params.windowYears)) {
      const kinds = reportRule.kinds.filter((k) => coverage[k].annualReports?.includes(year));
      if (kinds.length === 0) continue;
      const ids = all<{ id: number }>(
        db,
        sql`SELECT e.id FROM entities e
            WHERE e.kind IN ${sql.list(kinds)} AND ${inBusinessAt(asOf)}
              AND (e.established_on IS NULL OR e.established_on <= ${`${year}-12-31`})
              AND NOT EXISTS (SELECT 1 FROM records r WHERE r.entity_id = e.id AND r.type = 'annual_report'
                AND r.date <= ${asOf} AND ${reportYearIs(db, year)})`,
      );
      for (const { id } of ids) missing.set(id, [...(missing.get(id) ?? []), year]);
    }
    for (const [id, years] of missing) {
      if (years.length < reportRule.params.consecutiveYears) missing.delete(id);
      else wanted.add(id);
    }
  }

  const gradeRows = rule('grade_drop') ? gradeChanges(db) : [];
  for (const g of gradeRows) wanted.add(g.entity_id);

  const entities = entitiesByIds(db, wanted, asOf);
  const entity = (id: number) => entities.get(id) as MonitoredEntity;
  for (const [id, list] of changes) facts.changes.push({ entity: entity(id), changes: list });
  for (const [id, list] of complaints) {
    facts.complaints.push({ entity: entity(id), dates: list.map((c) => c.date) });
  }
  for (const [id, years] of missing) facts.annualReports.push({ entity: entity(id), missingYears: years });
  const models = new Map<string, { name: string; grades: readonly string[] }>();
  for (const g of gradeRows) {
    const key = `${g.model_id}\u0000${g.model_version}`;
    let model = models.get(key);
    if (!model) {
      model = gradeOrderOf(db, g.model_id, g.model_version) ?? { name: g.model_id, grades: [] };
      models.set(key, model);
    }
    facts.gradeHistory.push({
      entity: entity(g.entity_id),
      model: g.model_id,
      modelName: model.name,
      gradeOrder: model.grades,
      previous: g.previous,
      latest: g.latest,
      previousRunAt: g.previous_as_of,
      latestRunAt: g.latest_as_of,
    } satisfies GradeHistoryFacts);
  }
  return facts;
}

interface GradeChangeRow {
  entity_id: number;
  model_id: string;
  model_version: string;
  previous: string;
  latest: string;
  previous_as_of: string;
  latest_as_of: string;
}

/**
 * Entities whose computed grade differs between the last two complete runs of a model that graded them
 * (the grade history's last two entries, as the credit-file path reads them). The latest run's model
 * version names the order.
 */
function gradeChanges(db: DataDoor): GradeChangeRow[] {
  // One window pass (lead = the run before): a self-join of the ranked rows cost quadratic time.
  return all<GradeChangeRow>(
    db,
    sql`SELECT entity_id, model_id, model_version, previous, latest, previous_as_of, latest_as_of FROM (
          SELECT g.entity_id, r.model_id, r.model_version, g.grade AS latest, r.as_of AS latest_as_of,
                 lead(g.grade) OVER w AS previous, lead(r.as_of) OVER w AS previous_as_of,
                 row_number() OVER w AS n
          FROM grading_results g JOIN grading_runs r ON r.id = g.run_id WHERE r.status = 'complete'
          WINDOW w AS (PARTITION BY g.entity_id, r.model_id ORDER BY r.created_at DESC, r.id DESC)) ranked
        WHERE n = 1 AND previous IS NOT NULL AND previous <> latest
        ORDER BY entity_id, model_id`,
  );
}
