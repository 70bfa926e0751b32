/**
 * The set-based candidate read must give the draw exactly what the per-entity read before it gave:
 * the same candidates in the same order, the same task (exclusions with reasons, conflicts), hence the
 * same canonical commitment byte for byte, and a plan drawn from the old read still verifies against
 * the new one. `legacyBuildDrawInputs` is the former implementation, kept verbatim as the oracle.
 */
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_COUNTY } from '../../../shared/demo/index.ts';
import type { SamplingCandidate, SamplingInspector, SamplingTask } from '../../../shared/sampling/index.ts';
import {
  buildPlanDocument,
  commitmentText,
  drawPlanDetailed,
  fromCandidateColumns,
  normalizeId,
  parsePlanDocument,
  prepareDraw,
  verifyPlan,
} from '../../../shared/sampling/index.ts';
import { tempDir } from '../../../test/helpers/tmp.ts';
import { newDataKey } from '../../db/keyfile.ts';
import { migrate } from '../../db/migrate.ts';
import { type Db, openDatabase } from '../../db/open.ts';
import type { Actor } from '../authz.ts';
import { writeDemoCounty } from '../entities/demo-writer.ts';
import { effectiveGrades } from '../grading/reads.ts';
import { setCounty } from '../settings/county.ts';
import { buildDrawInputs, type DrawInputs, EXCLUSION_REASONS } from './candidates.ts';
import { seedDemoPool } from './demo-pool.ts';
import { filterSql, poolSliceQuery } from './repository/pool.ts';
import { drawTask } from './draw-service.ts';
import { readInspectors, upsertProfiles } from './reference-store.ts';
import { loadTask, type StoredTask } from './task-store.ts';
import { createTask } from './tasks.ts';

const NO_EXPIRY = '9999-12-31';

/** What the former implementation returned: candidate objects, and row ids found by code. */
type LegacyDrawInputs = Omit<DrawInputs, 'candidates' | 'entityIdAt'> & {
  candidates: SamplingCandidate[];
  entityIdsOf(codes: Iterable<string>): Map<string, number>;
};

// The former implementation (before the set-based read), verbatim but for its name and return type.
function legacyBuildDrawInputs(db: Db, task: StoredTask): LegacyDrawInputs {
  // Classes of the chosen run; a grade outside the profile's order counts as unclassified.
  const classes = new Map<number, string>();
  const unknownGrade = new Map<string, number>();
  if (task.gradingRunId !== null) {
    const known = new Set(task.classOrder);
    for (const g of effectiveGrades(db, task.gradingRunId)) {
      if (known.has(g.grade)) classes.set(g.entityId, g.grade);
      else unknownGrade.set(g.grade, (unknownGrade.get(g.grade) ?? 0) + 1);
    }
  }

  // Inspections so far in the task's calendar year, for the yearly caps.
  const year = task.startDate.slice(0, 4);
  const inspectionsThisYear = new Map<number, number>();
  if (Object.keys(task.yearlyCaps).length > 0) {
    const rows = db
      .prepare(
        `SELECT entity_id AS id, count(*) AS n FROM records
         WHERE type = 'inspection' AND date BETWEEN ? AND ? GROUP BY entity_id`,
      )
      .all(`${year}-01-01`, `${year}-12-31`) as { id: number; n: number }[];
    for (const r of rows) inspectionsThisYear.set(r.id, r.n);
  }

  // Entities in the current plan of another task that is not yet published.
  const inOpenPlan = new Set(
    (
      db
        .prepare(
          `SELECT DISTINCT e.entity_id AS id FROM inspection_plan_entries e
           JOIN inspection_tasks t ON t.current_plan_id = e.plan_id
           WHERE t.status <> 'published' AND t.id <> ?`,
        )
        .all(task.id) as { id: number }[]
    ).map((r) => r.id),
  );

  const explicit = task.exclusions.map((e) => ({ entity: normalizeId(e.entity), reason: e.reason }));
  const explicitSet = new Set(explicit.map((e) => e.entity));
  const exclusions = [...explicit];
  let capCount = 0;
  let openCount = 0;
  let notActive = 0;
  let explicitCount = 0;

  const { where, params } = filterSql(task);
  const candidates: SamplingCandidate[] = [];
  // Row ids in candidate order; a map over the whole pool would cost more than the draw itself.
  const rowIds: number[] = [];
  const conflictRows = db
    .prepare('SELECT employee_no AS inspector, entity_code AS entity, reason FROM inspector_conflicts')
    .all() as { inspector: string; entity: string; reason: string | null }[];
  const conflictCodes = new Set(conflictRows.map((c) => normalizeId(c.entity)));
  const conflictsInPool = new Set<string>();
  // Raw rows and one .all(): per-row iteration costs more than the query itself on large pools.
  const rows = db
    .prepare(`SELECT id, coalesce(uscc, reg_no, '') AS code, kind, status FROM entities ${where} ORDER BY id`)
    .raw(true)
    .all(...params) as [number, string, SamplingCandidate['kind'], SamplingCandidate['status']][];
  for (const [rowId, rawCode, kind, status] of rows) {
    const r = { id: rowId, kind, status };
    const code = normalizeId(rawCode);
    if (!code) continue;
    const cls = classes.get(r.id) ?? null;
    rowIds.push(r.id);
    if (conflictCodes.has(code)) conflictsInPool.add(code);
    candidates.push({ id: code, kind: r.kind, class: cls, status: r.status });
    if (r.status !== 'active') {
      notActive++;
      continue;
    }
    if (explicitSet.has(code)) {
      explicitCount++;
      continue;
    }
    const cap = cls === null ? undefined : task.yearlyCaps[cls];
    if (cap !== undefined && (inspectionsThisYear.get(r.id) ?? 0) >= cap) {
      exclusions.push({ entity: code, reason: `${EXCLUSION_REASONS.yearlyCap}（${cls} 类每年 ${cap} 次）` });
      capCount++;
    } else if (inOpenPlan.has(r.id)) {
      exclusions.push({ entity: code, reason: EXCLUSION_REASONS.openPlan });
      openCount++;
    }
  }

  const items = db
    .prepare(
      `SELECT code, qualification FROM inspection_items WHERE code IN (${task.items.map(() => '?').join(', ')})`,
    )
    .all(...task.items) as { code: string; qualification: string | null }[];
  const itemByCode = new Map(items.map((i) => [i.code, i]));

  const inspectors: SamplingInspector[] = readInspectors(db).map((i) => ({
    id: i.employeeNo,
    name: i.name,
    active: i.status === 'active',
    certificateExpiry: i.certExpiry ?? (i.certNo ? NO_EXPIRY : null),
    qualifications: i.qualifications,
    expert: i.expert,
  }));

  const conflicts = conflictRows.filter((c) => conflictsInPool.has(normalizeId(c.entity)));

  const sampleTask: SamplingTask = {
    number: task.number,
    name: task.name,
    startDate: task.startDate,
    endDate: task.endDate,
    items: task.items.map((code) => ({ code, qualification: itemByCode.get(code)?.qualification ?? null })),
    teamSize: task.teamSize,
    classOrder: task.classOrder,
    ratios: task.ratios,
    conflicts,
    exclusions,
    gradingRun: task.gradingRunId === null ? null : String(task.gradingRunId),
  };

  const excluded = [
    { reason: EXCLUSION_REASONS.notActive, count: notActive },
    { reason: EXCLUSION_REASONS.yearlyCap, count: capCount },
    { reason: EXCLUSION_REASONS.openPlan, count: openCount },
    { reason: EXCLUSION_REASONS.explicit, count: explicitCount },
  ].filter((e) => e.count > 0);

  const unknownGrades = [...unknownGrade].map(([grade, count]) => ({ grade, count }));
  const entityIdsOf = (codes: Iterable<string>) => {
    const wanted = new Set(codes);
    const out = new Map<string, number>();
    for (let i = 0; i < candidates.length && out.size < wanted.size; i++) {
      const c = candidates[i] as SamplingCandidate;
      if (wanted.has(c.id)) out.set(c.id, rowIds[i] as number);
    }
    return out;
  };
  return { task: sampleTask, candidates, inspectors, entityIdsOf, excluded, unknownGrades };
}

const admin: Actor = { username: 'admin', displayName: '管理员', role: 'admin' };
const AT = '2026-11-02T01:00:00.000Z';
const SEED = '5a'.repeat(32);

describe('candidate set read from the database', () => {
  let db: Db;
  let cleanup: () => void;

  beforeEach(() => {
    const t = tempDir();
    cleanup = t.cleanup;
    db = openDatabase(`${t.dir}/c.db`, newDataKey(), { create: true });
    migrate(db);
    setCounty(db, DEMO_COUNTY);
    writeDemoCounty(db, {
      entities: 600,
      seed: 'candidates-test',
      county: DEMO_COUNTY,
      actor: 'admin',
      at: AT,
    });
    seedDemoPool(db, admin, AT);
    // A run grading most entities A–D, some with a grade the profile does not know, one adjusted.
    db.prepare(
      `INSERT INTO grading_runs (id, model_id, model_version, as_of, created_by, created_at, status, entity_count)
       VALUES (1, 'samr-risk', '1.0.0', '2026-10-31', 'admin', ?, 'complete', 0)`,
    ).run(AT);
    db.prepare(
      `INSERT INTO grading_results (run_id, entity_id, grade, breakdown)
       SELECT 1, id, CASE WHEN id % 17 = 0 THEN 'E' ELSE substr('ABCD', (id % 4) + 1, 1) END, '{}'
       FROM entities WHERE id % 5 <> 0`,
    ).run();
    const adjusted = db
      .prepare('SELECT entity_id FROM grading_results WHERE run_id = 1 LIMIT 3')
      .pluck()
      .all();
    const adjust = db.prepare(
      `INSERT INTO grading_adjustments (run_id, entity_id, from_grade, to_grade, reason, adjusted_by, adjusted_at)
       SELECT 1, entity_id, grade, ?, '复核', 'admin', ? FROM grading_results WHERE run_id = 1 AND entity_id = ?`,
    );
    for (const id of adjusted) adjust.run('D', AT, id);
    adjust.run('A', AT, adjusted[0]); // the latest adjustment wins
    // A profile whose yearly caps this year's demo inspections reach.
    upsertProfiles(
      db,
      admin,
      [
        {
          id: 'capped',
          name: '限次方案',
          classOrder: ['A', 'B', 'C', 'D'],
          ratios: {
            enterprise: { A: 300, B: 500, C: 1000, D: 3000, unclassified: 500 },
            individual: { A: 100, B: 200, C: 500, D: 1000, unclassified: 200 },
            cooperative: { A: 300, B: 500, C: 1000, D: 3000, unclassified: 500 },
          },
          yearlyCaps: { A: 1, B: 1, C: 2 },
        },
      ],
      AT,
    );
  });
  afterEach(() => {
    db?.close();
    cleanup?.();
  });

  const codes = (where: string) =>
    db
      .prepare(`SELECT coalesce(uscc, reg_no) FROM entities WHERE ${where} ORDER BY id LIMIT 3`)
      .pluck()
      .all() as string[];

  const taskInput = (over: Record<string, unknown>) => ({
    number: 'T1',
    name: '全县公示信息抽查',
    items: ['A07'],
    gradingRunId: 1,
    profileId: 'capped',
    startDate: '2026-11-02',
    endDate: '2026-11-20',
    teamSize: 2,
    ...over,
  });

  const objects = (inputs: DrawInputs) => fromCandidateColumns(inputs.candidates, inputs.task.classOrder);

  function expectSameInputs(task: StoredTask): { legacy: LegacyDrawInputs; current: DrawInputs } {
    const legacy = legacyBuildDrawInputs(db, task);
    const current = buildDrawInputs(db, task);
    expect(objects(current)).toEqual(legacy.candidates);
    // Read in small slices (the pool crosses many slice boundaries): the same inputs.
    const sliced = buildDrawInputs(db, task, 37);
    expect(objects(sliced)).toEqual(legacy.candidates);
    expect(JSON.stringify(sliced.task)).toBe(JSON.stringify(legacy.task));
    expect(JSON.stringify(current.task)).toBe(JSON.stringify(legacy.task));
    expect(current.inspectors).toEqual(legacy.inspectors);
    expect(current.excluded).toEqual(legacy.excluded);
    const rows = legacy.candidates.map((_, i) => i).filter((i) => i % 7 === 0);
    const byCode = legacy.entityIdsOf(rows.map((i) => legacy.candidates[i]!.id));
    expect(rows.map((i) => current.entityIdAt(i))).toEqual(
      rows.map((i) => byCode.get(legacy.candidates[i]!.id)),
    );
    // The canonical commitment text (hence the digest) byte for byte.
    expect(commitmentText(prepareDraw(current))).toBe(commitmentText(prepareDraw(legacy)));
    return { legacy, current };
  }

  it('gives byte-identical candidates and commitment, and a plan drawn from the old read verifies', () => {
    // An open plan of another task, for the 已在其他未公示计划中 exclusions.
    drawTask(db, admin, createTask(db, admin, taskInput({ number: 'OPEN' }), AT), AT, { seed: SEED });
    const explicit = codes("status = 'active'").map((entity) => ({
      entity: entity.toLowerCase(),
      reason: '在办案件',
    }));
    const id = createTask(db, admin, taskInput({ exclusions: explicit }), AT);
    const task = loadTask(db, id);
    const { legacy, current } = expectSameInputs(task);
    // The case covers what it claims: every exclusion rule, conflicts in the pool, unknown grades.
    const reasons = current.excluded.map((e) => e.reason);
    expect(reasons).toEqual(expect.arrayContaining(Object.values(EXCLUSION_REASONS)));
    expect(current.task.conflicts.length).toBeGreaterThan(0);
    expect(current.unknownGrades).toEqual(legacy.unknownGrades);
    expect(current.unknownGrades.map((g) => g.grade)).toEqual(['E']);

    const old = drawPlanDetailed(legacy, SEED);
    const plan = parsePlanDocument(JSON.parse(JSON.stringify(buildPlanDocument(legacy, old))));
    expect(verifyPlan(plan).match).toBe(true);
    expect(verifyPlan(plan, objects(current)).match).toBe(true);
    const now = drawPlanDetailed(current, SEED, { hash: () => createHash('sha256') });
    expect(now.digest).toBe(old.digest);
    expect(now.selected).toEqual(old.selected);
    expect(now.teams).toEqual(old.teams);
  });

  it('matches the old read for a directed task (kinds, townships, industries, tags) and without a run', () => {
    const township = db
      .prepare('SELECT township FROM entities WHERE township IS NOT NULL LIMIT 1')
      .pluck()
      .get();
    const tag = db
      .prepare('SELECT t.value FROM entities, json_each(entities.tags) t LIMIT 1')
      .pluck()
      .get() as string;
    const directed = createTask(
      db,
      admin,
      taskInput({
        number: 'T2',
        directed: true,
        filter: { kinds: ['individual', 'enterprise'], townships: [township], industryPrefixes: ['F', 'H'] },
      }),
      AT,
    );
    const { current } = expectSameInputs(loadTask(db, directed));
    expect(current.candidates.ids.length).toBeGreaterThan(0);
    const tagged = createTask(
      db,
      admin,
      taskInput({ number: 'T3', directed: true, filter: { tags: [tag] } }),
      AT,
    );
    expect(expectSameInputs(loadTask(db, tagged)).current.candidates.ids.length).toBeGreaterThan(0);
    const unrated = createTask(db, admin, taskInput({ number: 'T4', gradingRunId: null }), AT);
    const none = expectSameInputs(loadTask(db, unrated)).current;
    expect(objects(none).every((c) => c.class === null)).toBe(true);
  });

  it('reads each slice of a directed pool as a rowid range, never sorting the filter’s matches', () => {
    const id = createTask(
      db,
      admin,
      taskInput({ number: 'T5', directed: true, filter: { kinds: ['individual'], townships: ['东城街道'] } }),
      AT,
    );
    for (const task of [
      loadTask(db, id),
      { ...loadTask(db, id), filter: { ...loadTask(db, id).filter, townships: [] } },
    ]) {
      const q = poolSliceQuery(task);
      const steps = (
        db.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...q.params, 0, 100) as { detail: string }[]
      )
        .map((s) => s.detail)
        .join('\n');
      // A filter on columns outside the pool index reads the table by rowid, else the index by id.
      expect(steps).toMatch(
        task.filter.townships.length > 0
          ? /SEARCH entities USING INTEGER PRIMARY KEY \(rowid>\?\)/
          : /SEARCH entities USING COVERING INDEX entities_pool \(id>\?\)/,
      );
      expect(steps).not.toMatch(/TEMP B-TREE/);
    }
  });
});
