/**
 * The parallel run (reader threads, parallel-source.ts) stores exactly what the serial run stores on
 * the same database — every result row with its breakdown, the run's counts and distribution, the
 * class summary — also with gaps in the ids, odd stored record data and more readers than blocks need;
 * a cancel while readers work and a reader that cannot open the file both leave no trace.
 */
import { entityIdSpan } from '../repository/credit-files.ts';
import { breakdownTexts } from '../breakdown-texts.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../../../shared/api/errors.ts';
import { DEMO_COUNTY } from '../../../../shared/demo/index.ts';
import { tempDir } from '../../../../test/helpers/tmp.ts';
import { newDataKey } from '../../../db/keyfile.ts';
import { type Db, openAndMigrate } from '../../../db/open.ts';
import type { Actor } from '../../authz.ts';
import { writeDemoCounty } from '../../entities/demo-writer.ts';
import type { JobControl } from '../../jobs.ts';
import { findModel } from '../model-store.ts';
import { runGrading } from '../run-grading.ts';
import { RunSummaryTally } from '../run-summary-tally.ts';
import { blockRange, planBlocks } from './block-plan.ts';
import { parallelSource } from './parallel-source.ts';

const ADMIN: Actor = { username: 'admin', displayName: '管理员', role: 'admin' };
const REQ = { modelId: 'samr-risk', modelVersion: null, asOf: '2026-10-31' };
const AT = '2026-11-01T08:00:00.000Z';

describe('parallel grading run', () => {
  const t = tempDir();
  const path = `${t.dir}/par.db`;
  const key = newDataKey();
  let db: Db;

  beforeAll(() => {
    db = openAndMigrate(path, key, { create: true });
    writeDemoCounty(db, { entities: 2500, seed: 'par', county: DEMO_COUNTY, actor: 'admin', at: AT });
    // Gaps (a whole block's worth among them) and records written after the demo, out of rowid order.
    db.prepare('DELETE FROM entities WHERE id IN (1, 2, 700, 2500) OR id BETWEEN 1200 AND 1450').run();
    const add = db.prepare(
      `INSERT INTO records (entity_id, type, date, natural_key, source, data, created_at)
       VALUES (?, ?, ?, ?, 'test', ?, ?)`,
    );
    for (const id of [3, 699, 1199, 1451, 2499]) {
      add.run(id, 'complaint', '2026-09-01', `later:${id}:a`, '{"substantiated":true}', AT);
      add.run(id, 'complaint', '2026-09-01', `later:${id}:b`, ' {"substantiated":true} ', AT);
    }
    add.run(
      4,
      'penalty',
      '2026-08-01',
      'odd:legacy',
      '{"penaltyKinds":["没收","警告"],"decisionNo":"旧\\"号\\""}',
      AT,
    );
  });
  afterAll(() => {
    db.close();
    t.cleanup();
  });

  const resultsOf = (runId: number) =>
    db
      .prepare(
        'SELECT entity_id, score, score_grade, grade, breakdown FROM grading_results WHERE run_id = ? ORDER BY entity_id',
      )
      .raw()
      .all(runId);
  const summaryOf = (runId: number) =>
    db
      .prepare(
        `SELECT township, jurisdiction, section, kind, grade, entities FROM grading_run_summary
         WHERE run_id = ? ORDER BY 1, 2, 3, 4, 5`,
      )
      .raw()
      .all(runId);

  it('stores what the serial run stores, with 1, 2 and 3 readers, and with the writer grading the first block', () => {
    const serial = runGrading(db, ADMIN, REQ, AT);
    expect(serial.entityCount).toBeGreaterThan(1500);
    const expected = resultsOf(serial.id);
    // The county spans two blocks (of the run's 2,000 entities): with headBlocks 1 this thread grades
    // the first, a reader the second (and with two readers, the second reader has none).
    expect(planBlocks(entityIdSpan(db), 2000).blocks).toBe(2);
    for (const [readers, headBlocks] of [
      [1, 0],
      [2, 0],
      [3, 0],
      [1, 1],
      [2, 1],
    ] as const) {
      const reported: number[] = [];
      const job: JobControl = { progress: (done) => reported.push(done), checkCancelled() {} };
      const par = runGrading(db, ADMIN, REQ, AT, job, {
        dbPath: path,
        key,
        readers,
        headBlocks,
        minEntities: 0,
      });
      expect(par.id).not.toBe(serial.id);
      expect(resultsOf(par.id)).toEqual(expected);
      expect(summaryOf(par.id)).toEqual(summaryOf(serial.id));
      expect({ ...par, id: 0, tookMs: 0 }).toEqual({ ...serial, id: 0, tookMs: 0 });
      // Progress reaches every entity, never goes back.
      expect(reported.at(-1)).toBe(serial.entityCount + serial.skippedCount);
      expect([...reported].sort((a, b) => a - b)).toEqual(reported);
    }
  }, 60_000);

  it('a cancel while the readers work, or a reader that cannot open the file, leaves no run behind', () => {
    const runs = () => db.prepare('SELECT count(*) FROM grading_runs').pluck().get();
    const before = runs();
    let ticks = 0;
    const cancelling: JobControl = {
      progress() {},
      checkCancelled() {
        if (++ticks > 1) throw new ApiError('cancelled', '操作已取消，数据未作任何改动。');
      },
    };
    expect(() =>
      runGrading(db, ADMIN, REQ, AT, cancelling, { dbPath: path, key, readers: 2, minEntities: 0 }),
    ).toThrow(/已取消/);
    expect(runs()).toBe(before);

    const wrongKey = newDataKey();
    expect(() =>
      runGrading(db, ADMIN, REQ, AT, undefined, { dbPath: path, key: wrongKey, readers: 2, minEntities: 0 }),
    ).toThrow(/无法用此密钥打开/);
    expect(runs()).toBe(before);
    // The writer's connection is still usable afterwards.
    expect(runGrading(db, ADMIN, REQ, AT).entityCount).toBeGreaterThan(1500);
  }, 60_000);

  it('reads in threads when asked, serially below the size bound', () => {
    const { model } = findModel(db, 'samr-risk', null);
    const threads = parallelSource(db, model, breakdownTexts(model), REQ.asOf, new RunSummaryTally(), {
      dbPath: path,
      key,
      readers: 2,
      minEntities: 0,
    });
    expect(threads).not.toBeNull();
    threads?.close();
    expect(
      parallelSource(db, model, breakdownTexts(model), REQ.asOf, new RunSummaryTally(), {
        dbPath: path,
        key,
        readers: 2,
      }),
    ).toBeNull();
  });

  it('blocks cover every id once, whatever the gaps', () => {
    const plan = planBlocks({ min: 5, max: 1_000_000, count: 4001 }, 2000);
    expect(plan.blocks).toBe(3);
    expect(blockRange(plan, 0).after).toBe(4);
    for (let b = 1; b < plan.blocks; b++)
      expect(blockRange(plan, b).after).toBe(blockRange(plan, b - 1).upTo);
    expect(blockRange(plan, plan.blocks - 1).upTo).toBeGreaterThanOrEqual(1_000_000);
    expect(planBlocks({ min: 0, max: 0, count: 0 }, 2000).blocks).toBe(0);
  });
});
