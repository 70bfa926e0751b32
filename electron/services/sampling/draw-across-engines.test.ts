/**
 * The same task drawn from the same data on SQLite and on PostgreSQL (issue 17): the candidate set
 * each engine's set-based read gives, hence the canonical commitment, the digest, the stored plan file
 * byte for byte and the plan's entries with their teams must be the same — a plan drawn on either
 * engine verifies on the other. Also for a 定向 task using every kind of filter.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { commitmentText, fromCandidateColumns, prepareDraw } from '../../../shared/sampling/index.ts';
import { describePg, type PgCluster, startPgCluster } from '../../../test/helpers/pg-cluster.ts';
import { SAMPLING_ADMIN as admin, storeSamplingCounty } from '../../../test/helpers/sampling-county.ts';
import { tempDir } from '../../../test/helpers/tmp.ts';
import { openAndMigrate } from '../../db/open.ts';
import { openAndMigratePg } from '../../db/postgres/pg-db.ts';
import { all, column, type DataDoor, run, sql, value } from '../../db/sql.ts';
import { buildDrawInputs, type DrawInputs } from './candidates.ts';
import { drawTask } from './draw-service.ts';
import { upsertConflicts, upsertProfiles } from './reference-store.ts';
import { loadTask } from './task-store.ts';
import { createTask } from './tasks.ts';

const AT = '2026-11-02T01:00:00.000Z';
const SEED = 'a5'.repeat(32);

/** The county of both databases, made the same way through the door, with every exclusion rule at work. */
function fill(db: DataDoor): void {
  storeSamplingCounty(db, { entities: 600, seed: 'across-engines', at: AT, graded: true });
  // Adjustments of the run (the latest one of an entity wins) and a grade the profile does not know.
  const graded = column<number>(
    db,
    sql`SELECT entity_id FROM grading_results WHERE run_id = 1 ORDER BY entity_id`,
  );
  run(db, sql`UPDATE grading_results SET grade = 'E' WHERE run_id = 1 AND entity_id = ${graded[5]!}`);
  for (const [entity, to] of [
    [graded[0]!, 'D'],
    [graded[1]!, 'D'],
    [graded[0]!, 'A'],
  ] as const)
    run(
      db,
      sql`INSERT INTO grading_adjustments (run_id, entity_id, from_grade, to_grade, reason, adjusted_by, adjusted_at)
          SELECT 1, entity_id, grade, ${to}, '复核', 'admin', ${AT} FROM grading_results
          WHERE run_id = 1 AND entity_id = ${entity}`,
    );
  run(
    db,
    sql`UPDATE entities SET status = 'revoked' WHERE id IN (SELECT id FROM entities ORDER BY id DESC LIMIT 7)`,
  );
  const active = column<string>(
    db,
    sql`SELECT coalesce(uscc, reg_no) FROM entities WHERE status = 'active' ORDER BY id LIMIT 12`,
  );
  upsertConflicts(
    db,
    admin,
    active.slice(4, 9).map((entityCode, i) => ({ employeeNo: `JC00${i + 3}`, entityCode, reason: '亲属' })),
    AT,
  );
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
  // Another task's open plan, for the 已在其他未公示计划中 exclusions.
  drawTask(db, admin, createTask(db, admin, taskInput({ number: 'OPEN' }), AT), AT, { seed: SEED });
}

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

describePg('the same draw on SQLite and PostgreSQL', () => {
  let cluster: PgCluster | undefined;
  let folder: (() => void) | undefined;
  const dbs: { sqlite?: DataDoor; postgres?: DataDoor } = {};

  beforeAll(async () => {
    cluster = await startPgCluster();
    dbs.postgres = openAndMigratePg(cluster.url);
    const t = tempDir();
    folder = t.cleanup;
    dbs.sqlite = openAndMigrate(join(t.dir, 'creditdesk.db'), randomBytes(32), { create: true });
    for (const db of [dbs.sqlite, dbs.postgres]) fill(db);
    // Storing 600 entities one statement at a time on PostgreSQL takes seconds on a busy machine.
  }, 120_000);
  afterAll(() => {
    dbs.sqlite?.close();
    dbs.postgres?.close();
    cluster?.stop();
    folder?.();
  });

  const both = <T>(f: (db: DataDoor) => T): [T, T] => [f(dbs.sqlite!), f(dbs.postgres!)];
  const objects = (i: DrawInputs) => fromCandidateColumns(i.candidates, i.task.classOrder);

  function expectSameInputs(taskId: number): DrawInputs {
    const [a, b] = both((db) => buildDrawInputs(db, loadTask(db, taskId)));
    expect(objects(b)).toEqual(objects(a));
    expect(JSON.stringify(b.task)).toBe(JSON.stringify(a.task));
    expect(b.inspectors).toEqual(a.inspectors);
    expect(b.excluded).toEqual(a.excluded);
    expect(b.unknownGrades).toEqual(a.unknownGrades);
    const rows = a.candidates.ids.map((_, i) => i);
    expect(rows.map((i) => b.entityIdAt(i))).toEqual(rows.map((i) => a.entityIdAt(i)));
    expect(commitmentText(prepareDraw(b))).toBe(commitmentText(prepareDraw(a)));
    // A slice boundary inside the pool changes nothing on PostgreSQL either.
    const sliced = buildDrawInputs(dbs.postgres!, loadTask(dbs.postgres!, taskId), 37);
    expect(objects(sliced)).toEqual(objects(a));
    return a;
  }

  function expectSamePlan(taskId: number, planIds: [number, number]): void {
    const [fileA, fileB] = [
      value<string>(dbs.sqlite!, sql`SELECT plan_file FROM inspection_plans WHERE id = ${planIds[0]}`),
      value<string>(dbs.postgres!, sql`SELECT plan_file FROM inspection_plans WHERE id = ${planIds[1]}`),
    ];
    expect(fileB).toBe(fileA);
    const [entriesA, entriesB] = [0, 1].map((i) =>
      all(
        i === 0 ? dbs.sqlite! : dbs.postgres!,
        sql`SELECT position, entity_id, code, kind, class, team FROM inspection_plan_entries
            WHERE plan_id = ${planIds[i]!} ORDER BY position`,
      ),
    );
    expect(entriesB).toEqual(entriesA);
    expect(entriesA!.length).toBeGreaterThan(0);
    expect(both((db) => loadTask(db, taskId).currentPlanId)).toEqual(planIds);
  }

  it('an undirected task: the same candidates, commitment, digest, plan file and entries with their teams', () => {
    const explicit = column<string>(
      dbs.sqlite!,
      sql`SELECT coalesce(uscc, reg_no) FROM entities WHERE status = 'active' ORDER BY id LIMIT 3`,
    ).map((entity) => ({ entity: entity.toLowerCase(), reason: '在办案件' }));
    const [idA, idB] = both((db) => createTask(db, admin, taskInput({ exclusions: explicit }), AT));
    expect(idB).toBe(idA);
    const inputs = expectSameInputs(idA);
    // The case covers what it claims: every exclusion rule, conflicts in the pool, an unknown grade.
    expect(inputs.excluded.map((e) => e.reason)).toHaveLength(4);
    expect(inputs.task.conflicts.length).toBeGreaterThan(0);
    expect(inputs.unknownGrades.map((g) => g.grade)).toEqual(['E']);
    const [a, b] = both((db) => drawTask(db, admin, idA, AT, { seed: SEED }));
    expect(b.digest).toBe(a.digest);
    expect(b).toEqual({ ...a, planId: b.planId });
    expectSamePlan(idA, [a.planId, b.planId]);
  });

  it('a 定向 task filtered by kind, township, 管辖单位, industry, tag and listed entities: the same plan', () => {
    const db = dbs.sqlite!;
    const township = value<string>(
      db,
      sql`SELECT township FROM entities WHERE township IS NOT NULL ORDER BY id LIMIT 1`,
    );
    const jurisdiction = value<string>(
      db,
      sql`SELECT jurisdiction FROM entities WHERE jurisdiction IS NOT NULL ORDER BY id LIMIT 1`,
    );
    const tag = value<string>(
      db,
      sql`SELECT t.value FROM entities, json_each(entities.tags) t ORDER BY entities.id LIMIT 1`,
    );
    const listed = column<string>(
      db,
      sql`SELECT coalesce(uscc, reg_no) FROM entities ORDER BY id DESC LIMIT 40`,
    );
    const filters = [
      { kinds: ['individual', 'enterprise'], townships: [township], industryPrefixes: ['F', 'H'] },
      { jurisdictions: [jurisdiction] },
      { tags: [tag] },
      { entities: listed },
    ];
    filters.forEach((filter, i) => {
      const [idA, idB] = both((d) =>
        createTask(d, admin, taskInput({ number: `D${i}`, directed: true, filter }), AT),
      );
      expect(idB).toBe(idA);
      expect(expectSameInputs(idA).candidates.ids.length).toBeGreaterThan(0);
      const [a, b] = both((d) => drawTask(d, admin, idA, AT, { seed: SEED }));
      expect(b.digest).toBe(a.digest);
      expectSamePlan(idA, [a.planId, b.planId]);
    });
  });
});
