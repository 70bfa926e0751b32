/**
 * Imported inspection results fill the plan their 抽查任务 cell names, as typing them would (issue 10
 * item 3): the plan's result rows and the credit-file records; an entity outside the plan is a warning;
 * a result already entered is never overwritten (the row is an error); undo empties exactly the rows the
 * batch filled and leaves the typed ones alone.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../electron/db/open.ts';
import { commitImport, previewImport } from '../../electron/services/exchange/import-service.ts';
import { undoBatch } from '../../electron/services/exchange/undo.ts';
import { seedDemoPool } from '../../electron/services/sampling/demo-pool.ts';
import { drawTask } from '../../electron/services/sampling/draw-service.ts';
import { enterResult } from '../../electron/services/sampling/lifecycle.ts';
import { createTask, getTask } from '../../electron/services/sampling/tasks.ts';
import { ApiError } from '../../shared/api/errors.ts';
import { type Fixture, openFixture, writeSheet } from './exchange-fixture.ts';

const AT = '2026-11-01T08:00:00.000Z';
const LATER = '2026-11-06T08:00:00.000Z';
const NUMBER = '示范县市监抽〔2026〕3号';
const HEADER = ['统一社会信用代码', '企业名称', '抽查任务', '检查日期', '检查结果'];

describe('imported inspection results fill the plan', () => {
  let f: Fixture;
  let taskId: number;
  beforeEach(async () => {
    f = await openFixture(300);
    seedDemoPool(f.db, f.actor, AT);
    f.db
      .prepare(
        `INSERT INTO grading_runs (id, model_id, model_version, as_of, created_by, created_at, status, entity_count)
         VALUES (1, 'samr-risk', '1.0.0', '2026-10-31', 'admin', ?, 'complete', 0)`,
      )
      .run(AT);
    taskId = createTask(
      f.db,
      f.actor,
      {
        number: NUMBER,
        name: '2026 年第 3 批公示信息抽查',
        items: ['A07'],
        gradingRunId: 1,
        profileId: 'henan-2021',
        startDate: '2026-11-02',
        endDate: '2026-11-20',
        teamSize: 2,
      },
      AT,
    );
    drawTask(f.db, f.actor, taskId, AT);
  });
  afterEach(() => f.close());

  const plan = () => getTask(f.db, f.actor, taskId, '2026-11-02').plan!;
  const codeOf = (db: Db, id: number) =>
    db.prepare('SELECT coalesce(uscc, reg_no) FROM entities WHERE id = ?').pluck().get(id) as string;
  const nameOf = (db: Db, id: number) =>
    db.prepare('SELECT name FROM entities WHERE id = ?').pluck().get(id) as string;
  const resultRows = () =>
    f.db.prepare('SELECT * FROM inspection_results ORDER BY plan_id, entity_id').all() as Record<
      string,
      unknown
    >[];
  const type = (entityId: number, results: string[]) =>
    enterResult(
      f.db,
      f.actor,
      taskId,
      { entityId, results, checkedOn: '2026-11-05', followUp: null, note: null },
      AT,
    );

  it('fills the rows, warns about outsiders, shows conflicts, and undo empties only its rows', () => {
    const entries = plan().entries;
    expect(entries.length).toBeGreaterThanOrEqual(8);
    const [typed, same, ...rest] = entries;
    const imported = rest.slice(0, 4);
    type(typed!.entityId, ['1']);
    type(same!.entityId, ['E']);
    const inPlan = new Set(entries.map((e) => e.entityId));
    const outsider = f.db
      .prepare("SELECT id FROM entities WHERE status = 'active' ORDER BY id")
      .pluck()
      .all()
      .find((id) => !inPlan.has(id as number)) as number;

    const rows = [
      HEADER,
      ...imported.map((e, i) => [
        codeOf(f.db, e.entityId),
        nameOf(f.db, e.entityId),
        // As provincial files write it: 名称（文号）.
        i === 1 ? `2026 年第 3 批公示信息抽查（${NUMBER}）` : NUMBER,
        '2026-11-05',
        i === 0 ? '通过登记的住所（经营场所）无法联系' : '未发现问题',
      ]),
      [codeOf(f.db, outsider), nameOf(f.db, outsider), NUMBER, '2026-11-05', '未发现问题'],
      // Conflicts with the typed 未发现问题; the same result as typed is simply unchanged.
      [codeOf(f.db, typed!.entityId), '', NUMBER, '2026-11-05', '发现问题经责令已改正'],
      [codeOf(f.db, same!.entityId), '', NUMBER, '2026-11-05', '发现问题已责令改正'],
    ];
    const req = {
      file: { path: writeSheet(join(f.dir, 'results.xlsx'), rows), fileName: 'results.xlsx' },
      kind: 'inspections' as const,
    };
    const before = resultRows();
    const preview = previewImport(f.db, f.actor, req, LATER);
    expect(preview.counts).toMatchObject({ rows: 7, inserted: 5, unchanged: 1, warnings: 1, errors: 1 });
    const messages = preview.issues.map((i) => `${i.row}:${i.severity}:${i.message}`);
    expect(messages).toContainEqual(
      expect.stringMatching(/^6:warning:该主体不在抽查任务「示范县市监抽〔2026〕3号」的抽查计划中/),
    );
    expect(messages).toContainEqual(
      expect.stringMatching(
        /^7:error:与已录入的检查结果冲突：计划中已录入「未发现问题」.*本行为「发现问题经责令已改正」/,
      ),
    );
    expect(resultRows()).toEqual(before); // a preview writes nothing

    const batch = commitImport(f.db, f.actor, req, LATER);
    expect(batch.counts).toMatchObject({ inserted: 5, unchanged: 1, warnings: 1, errors: 1 });
    const after = plan();
    const filled = new Map(after.entries.filter((e) => e.result).map((e) => [e.entityId, e.result!]));
    expect(filled.size).toBe(6);
    for (const e of imported) expect(filled.get(e.entityId)?.checkedOn).toBe('2026-11-05');
    expect(filled.get(imported[0]!.entityId)?.results).toEqual(['A', '6']);
    // The typed result stays as typed; the outsider got a record but no plan row.
    expect(filled.get(typed!.entityId)?.results).toEqual(['1']);
    expect(getTask(f.db, f.actor, taskId, '2026-11-02').summary.resultsEntered).toBe(6);
    // The same credit-file record as typing: plan = 文号, the task's items, the proposed follow-up.
    const rec = f.db
      .prepare(
        "SELECT data FROM records WHERE entity_id = ? AND type = 'inspection' AND data ->> '$.plan' = ?",
      )
      .pluck()
      .get(imported[0]!.entityId, NUMBER) as string;
    expect(JSON.parse(rec)).toMatchObject({ plan: NUMBER, items: ['A07'], results: ['A', '6'] });
    expect(JSON.parse(rec).followUp).toMatch(/经营异常名录/);
    expect(
      f.db
        .prepare(
          "SELECT count(*) FROM records WHERE entity_id = ? AND type = 'inspection' AND data ->> '$.plan' = ?",
        )
        .pluck()
        .get(outsider, NUMBER),
    ).toBe(1);

    // Re-importing the same file changes nothing.
    expect(commitImport(f.db, f.actor, req, LATER).counts).toMatchObject({
      inserted: 0,
      updated: 0,
      unchanged: 6,
    });

    // A result typed after the import, for another entity, is left alone by the undo.
    const afterwards = rest[4]!;
    type(afterwards.entityId, ['F']);
    const typedRows = resultRows().filter((r) =>
      [typed!.entityId, same!.entityId, afterwards.entityId].includes(r.entity_id as number),
    );
    undoBatch(f.db, f.actor, batch.batchId!, LATER);
    expect(resultRows()).toEqual(typedRows);
    const emptied = plan().entries.filter((e) => imported.some((i) => i.entityId === e.entityId));
    expect(emptied.map((e) => e.result)).toEqual([null, null, null, null]);
    // A result typed where an undone import had entered one continues above its version (1), so a form
    // still showing the imported result is refused rather than overwriting the new one.
    expect(type(imported[0]!.entityId, ['1']).version).toBe(2);
    expect(
      f.db
        .prepare(
          "SELECT count(*) FROM records WHERE entity_id = ? AND type = 'inspection' AND data ->> '$.plan' = ?",
        )
        .pluck()
        .get(outsider, NUMBER),
    ).toBe(0);
  });

  it('refuses to undo when an imported result was corrected on the plan since, naming it in words', () => {
    const e = plan().entries[0]!;
    const code = codeOf(f.db, e.entityId);
    const batch = commitImport(
      f.db,
      f.actor,
      {
        file: {
          path: writeSheet(join(f.dir, 'one.xlsx'), [HEADER, [code, '', NUMBER, '2026-11-05', '正常']]),
          fileName: 'one.xlsx',
        },
        kind: 'inspections',
      },
      LATER,
    );
    expect(batch.counts).toMatchObject({ inserted: 1 });
    type(e.entityId, ['8']);
    let error: unknown;
    try {
      undoBatch(f.db, f.actor, batch.batchId!, LATER);
    } catch (x) {
      error = x;
    }
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toContain(`（${code}）`);
    expect((error as ApiError).message).not.toMatch(/「\d+、\d+」/);
    expect(plan().entries[0]!.result?.results).toEqual(['8']);
  });

  it('refuses results for a reviewed task and results dated before the task starts', () => {
    const [a] = plan().entries;
    const code = codeOf(f.db, a!.entityId);
    const early = previewImport(
      f.db,
      f.actor,
      {
        file: {
          path: writeSheet(join(f.dir, 'early.xlsx'), [HEADER, [code, '', NUMBER, '2026-10-20', '正常']]),
          fileName: 'early.xlsx',
        },
        kind: 'inspections',
      },
      LATER,
    );
    expect(early.counts).toMatchObject({ errors: 1, inserted: 0 });
    expect(early.issues.map((i) => i.message).join()).toMatch(/早于抽查任务「.*」的开始日期 2026-11-02/);
    f.db.prepare("UPDATE inspection_tasks SET status = 'reviewed' WHERE id = ?").run(taskId);
    const late = previewImport(
      f.db,
      f.actor,
      {
        file: {
          path: writeSheet(join(f.dir, 'late.xlsx'), [HEADER, [code, '', NUMBER, '2026-11-05', '正常']]),
          fileName: 'late.xlsx',
        },
        kind: 'inspections',
      },
      LATER,
    );
    expect(late.counts).toMatchObject({ errors: 1, inserted: 0 });
    expect(late.issues.map((i) => i.message).join()).toMatch(/已审核，不能再录入检查结果/);
  });
});
