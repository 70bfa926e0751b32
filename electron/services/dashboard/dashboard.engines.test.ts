/**
 * The 工作台 service on both engines (issue 17): each part read from the service that owns it — the
 * sampling deadlines, the latest complete grading run, the open repair cases and objections, the open
 * monitoring warnings, the entity counts — on SQLite and on a bureau server's PostgreSQL. The clocked
 * path through the desk's backend (a task going overdue, backups and their age) is in dashboard.test.ts.
 */
import { join } from 'node:path';
import { beforeEach, expect, it } from 'vitest';
import { repairCreateSchema } from '../../../shared/api/contracts/repair.ts';
import { forEachEngine } from '../../../test/helpers/engines.ts';
import { SAMPLING_ADMIN, storeSamplingCounty } from '../../../test/helpers/sampling-county.ts';
import { tempDir } from '../../../test/helpers/tmp.ts';
import { type DataDoor, run, runInsert, sql, value } from '../../db/sql.ts';
import { runDistribution } from '../grading/reads.ts';
import { runGrading } from '../grading/run-grading.ts';
import { createRepair } from '../repair/applications.ts';
import { drawTask } from '../sampling/draw-service.ts';
import { createTask, deadlineOverview } from '../sampling/tasks.ts';
import { dashboard } from './dashboard.ts';

const ADMIN = SAMPLING_ADMIN;
const AT = '2026-11-02T01:00:00.000Z';
const TODAY = '2026-11-02';

/** An open warning as a monitoring run leaves it (one rule set, one run, one warning per status). */
function storeWarnings(db: DataDoor, statuses: readonly string[]): void {
  // Its key is `seq`, not `id` (runInsert's RETURNING id): the next one, stated.
  const seq = Number(value<number>(db, sql`SELECT coalesce(max(seq), 0) FROM monitoring_rule_sets`)) + 1;
  run(
    db,
    sql`INSERT INTO monitoring_rule_sets (seq, set_id, version, name, json, builtin, saved_at, saved_by)
        VALUES (${seq}, 'builtin', 1, '内置规则', '{}', 1, ${AT}, 'admin')`,
  );
  const runId = runInsert(
    db,
    sql`INSERT INTO monitoring_runs (as_of, rule_set_seq, created_by, created_at)
        VALUES (${TODAY}, ${seq}, 'admin', ${AT})`,
  ).newId;
  statuses.forEach((status, i) => {
    run(
      db,
      sql`INSERT INTO monitoring_warnings (rule, subject_type, subject_key, subject_display, level, action,
            status, entities, evidence, digest, first_run_id, last_run_id, first_seen_at, last_seen_at, updated_at)
          VALUES ('same_address', 'address', ${`地址${i}`}, ${`地址${i}`}, '中', '提醒', ${status}, '[]', '[]',
            ${`d${i}`}, ${runId}, ${runId}, ${AT}, ${AT}, ${AT})`,
    );
  });
}

forEachEngine('the 工作台 (services)', (fresh) => {
  let db: DataDoor;
  // No backups folder beside it: the last backup is null, as on a bureau server.
  let dbPath: string;
  beforeEach(() => {
    db = fresh().db;
    const t = tempDir();
    dbPath = join(t.dir, 'none', 'creditdesk.db');
    storeSamplingCounty(db, { entities: 200, seed: 'dash', at: AT });
  });

  it('starts empty but for the entities, then shows a drawn task, a grading run, open cases and warnings', () => {
    const empty = dashboard(db, dbPath, ADMIN, AT);
    expect(empty).toMatchObject({
      today: TODAY,
      deadlineTasks: [],
      tasksWithResultsLeft: [],
      grading: null,
      lastBackup: null,
      openItems: { repairs: 0, objections: 0, warnings: 0 },
      urgentCases: [],
    });
    expect(empty.entities.total).toBe(200);
    expect(Object.values(empty.entities.byKind).reduce((a, b) => a + b, 0)).toBe(200);
    expect(empty.entities.townships.reduce((a, t) => a + t.count, 0)).toBe(200);
    const counts = empty.entities.townships.map((t) => t.count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));

    const taskId = createTask(
      db,
      ADMIN,
      {
        number: '测试〔2026〕1号',
        name: '公示信息抽查',
        items: ['A07'],
        profileId: 'henan-2021',
        startDate: '2026-10-01',
        endDate: '2026-10-09',
        teamSize: 2,
      },
      AT,
    );
    drawTask(db, ADMIN, taskId, AT);
    const graded = runGrading(db, ADMIN, { modelId: 'samr-risk', modelVersion: null, asOf: TODAY }, AT);

    const entityId = runInsert(
      db,
      sql`INSERT INTO entities (uscc, name, kind, status, established_on, created_at, updated_at)
          VALUES ('91410422MA9XYZ0017', '示范县清风食品有限公司', 'enterprise', 'active', '2015-03-02', ${AT}, ${AT})`,
    ).newId;
    const data = { decisionNo: '示市监罚〔2025〕8号', penaltyKinds: ['罚款'], fine: 200000 };
    const recordId = runInsert(
      db,
      sql`INSERT INTO records (entity_id, type, date, natural_key, data, created_at)
          VALUES (${entityId}, 'penalty', '2025-08-31', 'penalty:示市监罚〔2025〕8号', ${JSON.stringify(data)}, ${AT})`,
    ).newId;
    // Applied two working days ago: its acceptance is due today, so it is among the urgent cases.
    const app = createRepair(
      db,
      ADMIN,
      repairCreateSchema.parse({
        entityId,
        recordId,
        applicant: '李清风',
        reason: '已整改',
        channel: '窗口',
        appliedOn: '2026-10-29',
      }),
      AT,
      TODAY,
    );
    storeWarnings(db, ['open', 'confirmed', 'disposed', 'dismissed', 'closed']);

    const d = dashboard(db, dbPath, ADMIN, AT);
    const reference = deadlineOverview(db, ADMIN, TODAY).find((t) => t.id === taskId)!;
    expect(d.deadlineTasks.map((t) => [t.id, t.deadline])).toEqual([[taskId, reference.deadline]]);
    expect(d.tasksWithResultsLeft.map((t) => [t.id, t.resultsEntered])).toEqual([[taskId, 0]]);
    expect(d.grading!.run.id).toBe(graded.id);
    expect(d.grading!.rows).toEqual(runDistribution(db, graded.id).rows);
    expect(d.grading!.rows.reduce((a, r) => a + r.effectiveCount, 0)).toBe(graded.entityCount);
    expect(d.openItems).toEqual({ repairs: 1, objections: 0, warnings: 3 });
    expect(d.urgentCases.map((c) => [c.kind, c.id])).toEqual([['repair', app.id]]);
    expect(d.entities.total).toBe(201);
  });
});
