import { beforeEach, expect, it } from 'vitest';
import { ApiError } from '../../../shared/api/errors.ts';
import type { Entity } from '../../../shared/domain/entity.ts';
import type { CreditRecord } from '../../../shared/domain/records.ts';
import { builtinModels } from '../../../shared/grading/index.ts';
import { usccCheckChar } from '../../../shared/identifiers/checkchars.ts';
import { forEachEngine } from '../../../test/helpers/engines.ts';
import type { JobControl } from '../../backend/context.ts';
import type { Db } from '../../db/open.ts';
import {
  all,
  column,
  type DataDoor,
  run as execute,
  type SqlQuery,
  sql,
  unitOfWork,
  value,
} from '../../db/sql.ts';
import type { Actor } from '../authz.ts';
import { recordData } from '../entities/record-data.ts';
import { entityUpserter } from '../entities/repository/entities.ts';
import { recordInserter } from '../entities/repository/records.ts';
import { recordNaturalKey } from '../../../shared/domain/records.ts';
import { adjustGrade } from './adjust.ts';
import { lockEntityForAdjustment } from './repository/adjustments.ts';
import { exportModel, getModel, importModel, listModels } from './models.ts';
import { onRecordsChanged } from './records-changed.ts';
import { runGrading } from './run-grading.ts';
import {
  compareRuns,
  effectiveGrades,
  entityGrades,
  explainResult,
  listRuns,
  runDistribution,
  runResults,
} from './reads.ts';

const ADMIN: Actor = { username: 'admin', displayName: '管理员', role: 'admin' };
const BOSS: Actor = { username: 'boss', displayName: '科长', role: 'supervisor' };
const OFFICER: Actor = { username: 'li', displayName: '李四', role: 'officer' };
const AS_OF = '2026-10-31';
const AT = '2026-11-01T08:00:00.000Z';

function uscc(i: number): string {
  const body = `91410422MA${String(i).padStart(7, '0')}`;
  return body + usccCheckChar(body);
}

function entity(i: number, status: Entity['status'] = 'active'): Entity {
  return {
    uscc: uscc(i),
    regNo: null,
    name: `示范县第${i}商贸有限公司`,
    kind: 'enterprise',
    legalRep: null,
    regionCode: null,
    township: null,
    jurisdiction: null,
    industryCode: null,
    industryName: null,
    address: null,
    establishedOn: '2015-01-01',
    status,
    capitalAmount: null,
    capitalUnit: null,
    capitalCurrency: null,
    phone: null,
    tags: [],
  };
}

/** Annual reports for 2023–2025 so that only the records a test adds produce points. */
const REPORTS: CreditRecord[] = [2023, 2024, 2025].map((year) => ({
  type: 'annual_report',
  date: `${year + 1}-05-01`,
  year,
  onTime: true,
}));
const penalty = (date: string, fine = 200_000): CreditRecord => ({
  type: 'penalty',
  date,
  decisionNo: `示市监罚〔${date}〕1号`,
  penaltyKinds: ['罚款'],
  fine,
});
const seriousList: CreditRecord = {
  type: 'serious_violation_list',
  date: '2026-03-01',
  reason: '提交虚假材料',
};

forEachEngine('grading runs, current grades and adjustments', (fresh, engine) => {
  let db: DataDoor;
  const ids: number[] = [];

  let again: () => DataDoor;

  beforeEach(() => {
    const f = fresh();
    db = f.db;
    again = f.connectAgain;
    const upserter = entityUpserter(db);
    const records = recordInserter(db);
    const ctx = { batchId: null, source: 'test', at: AT };
    const store = (e: Entity, rs: CreditRecord[]) => {
      const { id } = upserter.upsert(e, null, AT);
      for (const r of rs) records.insert(id, r, ctx);
      return id;
    };
    ids.length = 0;
    unitOfWork(db, () => {
      ids.push(store(entity(1), REPORTS)); // clean: A
      ids.push(store(entity(2), [...REPORTS, penalty('2026-05-10')])); // one heavy penalty
      ids.push(store(entity(3), [...REPORTS, seriousList])); // forced D
      ids.push(store(entity(4, 'cancelled'), REPORTS)); // not graded
    });
  });

  const addRecord = (entityId: number, r: CreditRecord) =>
    unitOfWork(db, () => {
      execute(
        db,
        sql`INSERT INTO records (entity_id, type, date, natural_key, source, data, created_at)
            VALUES (${entityId}, ${r.type}, ${r.date}, ${recordNaturalKey(r)}, 'test',
                    ${JSON.stringify(recordData(r))}, ${AT})`,
      );
      onRecordsChanged(db, [entityId], AT);
    });
  const current = (entityId: number) => entityGrades(db, entityId).current[0];
  const auditActions = () => column<string>(db, sql`SELECT action FROM audit_log ORDER BY id`);
  const count = (q: SqlQuery) => value<number>(db, q);

  it('stores a run: one result per graded entity, the distribution, the breakdown in Chinese, an audit entry', () => {
    const run = runGrading(db, ADMIN, { modelId: 'samr-risk', modelVersion: null, asOf: AS_OF }, AT);
    expect(run).toMatchObject({
      modelId: 'samr-risk',
      asOf: AS_OF,
      entityCount: 3,
      skippedCount: 1,
      status: 'complete',
    });
    expect(listRuns(db).map((r) => r.id)).toEqual([run.id]);
    const grades = new Map([...effectiveGrades(db, run.id)].map((g) => [g.entityId, g.grade]));
    expect(grades.get(ids[0]!)).toBe('A');
    expect(grades.get(ids[2]!)).toBe('D');
    expect(grades.has(ids[3]!)).toBe(false);
    const dist = runDistribution(db, run.id);
    expect(dist.rows.map((r) => r.grade)).toEqual(['A', 'B', 'C', 'D']);
    expect(dist.rows.reduce((s, r) => s + r.count, 0)).toBe(3);
    expect(dist.rows.reduce((s, r) => s + r.percent, 0)).toBeCloseTo(100, 1);

    // Each indicator and override is told in Chinese with its count and points.
    const describe = getModel(db, OFFICER, 'samr-risk', null).description;
    expect(describe.bands.map((b) => b.range)).toEqual([
      '950 分及以上',
      '850 分（含）至950 分（不含）',
      '700 分（含）至850 分（不含）',
      '低于 700 分',
    ]);
    expect(describe.indicators.some((i) => /行政处罚.*每次扣 60 分，最多扣 240 分/.test(i))).toBe(true);
    const x = explainResult(db, run.id, ids[1]!);
    expect(x.score).toBe(840); // 1000 − 60 (penalty in effect) − 100 (fine ≥ 100,000)
    expect(x.summary).toMatch(/公示期内的行政处罚 1 起，扣 60 分；公示期内的较重行政处罚.*1 起，扣 100 分/);
    expect(x.lines.find((l) => l.kind === 'indicator')?.evidence[0]).toMatch(/2026-05-10/);
    const forced = explainResult(db, run.id, ids[2]!);
    expect(forced.lines.some((l) => l.kind === 'override' && /直接评为 D/.test(l.text))).toBe(true);
    expect(auditActions()).toContain('grading.run');
    expect(() => explainResult(db, run.id, ids[3]!)).toThrow(/不在这次评价中/);
  });

  it('a cancelled run leaves no trace', () => {
    const before = auditActions().length;
    let calls = 0;
    const job: JobControl = {
      progress() {},
      checkCancelled() {
        if (++calls >= 1) throw new ApiError('cancelled', '操作已取消');
      },
    };
    expect(() =>
      runGrading(db, ADMIN, { modelId: 'samr-risk', modelVersion: null, asOf: AS_OF }, AT, job),
    ).toThrow(/已取消/);
    expect(count(sql`SELECT count(*) FROM grading_runs`)).toBe(0);
    expect(count(sql`SELECT count(*) FROM grading_results`)).toBe(0);
    expect(count(sql`SELECT count(*) FROM current_grades`)).toBe(0);
    expect(auditActions().length).toBe(before);
  });

  it('holds writers of the records off while it runs (readers go on), so it grades one state of them', () => {
    const insertRecord = (d: DataDoor) =>
      execute(
        d,
        sql`INSERT INTO records (entity_id, type, date, natural_key, source, data, created_at)
            VALUES (${ids[0]!}, 'complaint', '2026-09-01', 'meanwhile', 'test', '{"substantiated":true}', ${AT})`,
      );
    const other = again();
    // Fail at once instead of waiting for the run: SQLite's busy wait, PostgreSQL's lock wait.
    if (engine === 'sqlite') (other as Db).pragma('busy_timeout = 0');
    else execute(other, sql`SET lock_timeout = '200ms'`);
    let calls = 0;
    let tried = false;
    const job: JobControl = {
      progress() {
        // The first report comes before the run's transaction; the next ones from inside it.
        if (++calls !== 2) return;
        tried = true;
        expect(() => insertRecord(other)).toThrow(/lock|busy/i);
        expect(value(other, sql`SELECT count(*) FROM entities`)).toBe(4);
      },
      checkCancelled() {},
    };
    runGrading(db, ADMIN, { modelId: 'samr-risk', modelVersion: null, asOf: AS_OF }, AT, job);
    expect(tried).toBe(true);
    insertRecord(other);
    expect(count(sql`SELECT count(*) FROM records WHERE natural_key = 'meanwhile'`)).toBe(1);
  });

  it('a run (which writes without foreign-key lookups) leaves every reference sound and the checks on', () => {
    const req = { modelId: 'samr-risk', modelVersion: null, asOf: AS_OF };
    runGrading(db, ADMIN, req, AT);
    adjustGrade(
      db,
      ADMIN,
      { entityId: ids[1]!, modelId: 'samr-risk', toGrade: 'A', reason: '核查后已整改' },
      AT,
    );
    const second = runGrading(db, ADMIN, req, AT); // carries the adjustment to its own results
    expect(count(sql`SELECT count(*) FROM grading_adjustments WHERE run_id = ${second.id}`)).toBe(1);
    // SQLite switches its checks off for the run (unitOfWorkOwnReferences); PostgreSQL keeps them.
    if (engine === 'sqlite') {
      const desk = db as Db;
      expect(desk.pragma('foreign_key_check')).toEqual([]);
      expect(desk.pragma('foreign_keys', { simple: true })).toBe(1);
    }
    // Checks on again: deleting an entity cascades to its results and adjustments of both runs.
    execute(db, sql`DELETE FROM entities WHERE id = ${ids[1]!}`);
    expect(count(sql`SELECT count(*) FROM grading_results WHERE entity_id = ${ids[1]!}`)).toBe(0);
    expect(count(sql`SELECT count(*) FROM grading_adjustments WHERE entity_id = ${ids[1]!}`)).toBe(0);
  });

  it('two adjustments of one entity take turns: the second waits for the first to end', () => {
    runGrading(db, ADMIN, { modelId: 'samr-risk', modelVersion: null, asOf: AS_OF }, AT);
    const adjust = (toGrade: string) =>
      adjustGrade(
        db,
        ADMIN,
        { entityId: ids[1]!, modelId: 'samr-risk', toGrade, reason: '复核后调整等级' },
        AT,
      );
    const other = again();
    // Another supervisor's adjustment of the same entity, still open.
    if (engine === 'sqlite') {
      (db as Db).pragma('busy_timeout = 0');
      execute(other, sql`BEGIN IMMEDIATE`);
    } else {
      execute(db, sql`SET lock_timeout = '200ms'`);
      execute(other, sql`BEGIN`);
      lockEntityForAdjustment(other, ids[1]!);
    }
    expect(() => adjust('B')).toThrow(/lock|busy/i);
    expect(count(sql`SELECT count(*) FROM grading_adjustments`)).toBe(0);
    execute(other, sql`ROLLBACK`);
    expect(adjust('B').toGrade).toBe('B');
    // Another entity's adjustment never waited for this one's lock.
    if (engine === 'postgres') {
      execute(other, sql`BEGIN`);
      lockEntityForAdjustment(other, ids[1]!);
      expect(
        adjustGrade(
          db,
          ADMIN,
          { entityId: ids[2]!, modelId: 'samr-risk', toGrade: 'B', reason: '复核后调整等级' },
          AT,
        ).toGrade,
      ).toBe('B');
      execute(other, sql`ROLLBACK`);
    }
  });

  it('checks permissions: a viewer cannot run, an officer cannot adjust', () => {
    const viewer: Actor = { username: 'v', displayName: '只读', role: 'viewer' };
    expect(() =>
      runGrading(db, viewer, { modelId: 'samr-risk', modelVersion: null, asOf: AS_OF }, AT),
    ).toThrow(/无权运行信用评价/);
    runGrading(db, ADMIN, { modelId: 'samr-risk', modelVersion: null, asOf: AS_OF }, AT);
    expect(() =>
      adjustGrade(
        db,
        OFFICER,
        { entityId: ids[1]!, modelId: 'samr-risk', toGrade: 'B', reason: '核查后已整改' },
        AT,
      ),
    ).toThrow(/无权人工调整/);
  });

  it('re-grades one entity when its records change; the stored run stays as it was', () => {
    const run = runGrading(db, ADMIN, { modelId: 'samr-risk', modelVersion: null, asOf: AS_OF }, AT);
    expect(current(ids[0]!)?.effectiveGrade).toBe('A');
    addRecord(ids[0]!, seriousList);
    expect(current(ids[0]!)).toMatchObject({ grade: 'D', effectiveGrade: 'D', runId: run.id });
    expect(current(ids[0]!)?.summary).toMatch(/严重违法失信名单/);
    // The run's own result is history and does not move.
    expect(explainResult(db, run.id, ids[0]!).grade).toBe('A');
    // Records of an entity without any run: nothing to keep current, nothing fails.
    execute(db, sql`DELETE FROM grading_runs`);
    expect(() => addRecord(ids[1]!, penalty('2026-06-01'))).not.toThrow();
  });

  it('re-grades many entities in one call exactly as one at a time, adjustments kept or lapsed alike', () => {
    // More entities than one re-grade block, so the blocks' seams are crossed.
    const n = 560;
    const build = () => {
      const d = fresh().db;
      const upserter = entityUpserter(d);
      const records = recordInserter(d);
      const list: number[] = [];
      unitOfWork(d, () => {
        for (let i = 1; i <= n; i++) {
          const rs =
            i % 7 === 0
              ? [...REPORTS, seriousList]
              : i % 3 === 0
                ? [...REPORTS, penalty('2026-05-10')]
                : REPORTS;
          const { id } = upserter.upsert(entity(i, i % 50 === 0 ? 'cancelled' : 'active'), null, AT);
          for (const r of rs) records.insert(id, r, { batchId: null, source: 'test', at: AT });
          list.push(id);
        }
      });
      runGrading(d, ADMIN, { modelId: 'samr-risk', modelVersion: null, asOf: AS_OF }, AT);
      // Adjusted in both blocks: C → B kept (a small penalty leaves them C), A → B lapsing (listed: D).
      const adjust = (id: number, toGrade: string) =>
        adjustGrade(d, BOSS, { entityId: id, modelId: 'samr-risk', toGrade, reason: '复核后调整等级' }, AT);
      for (const k of [0, 2, 520, 527]) adjust(list[k]!, 'B');
      unitOfWork(d, () => {
        for (const [k, id] of list.entries()) {
          const r = k === 1 || k % 5 === 0 ? seriousList : penalty('2026-06-01', 1000);
          execute(
            d,
            sql`INSERT INTO records (entity_id, type, date, natural_key, source, data, created_at)
                VALUES (${id}, ${r.type}, ${r.date}, ${`${recordNaturalKey(r)}:${k}`}, 'test',
                        ${JSON.stringify(recordData(r))}, ${AT})`,
          );
        }
      });
      return { d, list };
    };
    const rows = (d: DataDoor) =>
      all(
        d,
        sql`SELECT entity_id, model_version, run_id, as_of, score, score_grade, grade, breakdown, adjustment_id
            FROM current_grades ORDER BY entity_id`,
      );
    const batch = build();
    unitOfWork(batch.d, () => onRecordsChanged(batch.d, [...batch.list, 999_999], AT));
    const single = build();
    for (const id of single.list) unitOfWork(single.d, () => onRecordsChanged(single.d, [id], AT));
    const stored = rows(batch.d);
    expect(stored.length).toBe(n);
    expect(stored).toEqual(rows(single.d));
    const byEntity = new Map(stored.map((r) => [(r as { entity_id: number }).entity_id, r]));
    // The unchanged computed grade keeps its adjustment, the changed one loses it.
    for (const k of [2, 527])
      expect(byEntity.get(batch.list[k]!)).toMatchObject({ grade: 'C', adjustment_id: expect.any(Number) });
    for (const k of [0, 520])
      expect(byEntity.get(batch.list[k]!)).toMatchObject({ grade: 'D', adjustment_id: null });
    expect(byEntity.get(batch.list[49]!)).toMatchObject({ grade: null });
  });

  it('a supervisor adjustment is audited, counts in the run, survives same-grade re-grades and lapses on a change', () => {
    const run = runGrading(db, ADMIN, { modelId: 'samr-risk', modelVersion: null, asOf: AS_OF }, AT);
    const target = ids[1]!;
    const computed = current(target)!.grade;
    expect(computed).toBe('C');
    expect(() =>
      adjustGrade(
        db,
        BOSS,
        { entityId: target, modelId: 'samr-risk', toGrade: 'Z', reason: '核查后已整改' },
        AT,
      ),
    ).toThrow(/不属于该评价模型/);
    const adj = adjustGrade(
      db,
      BOSS,
      { entityId: target, modelId: 'samr-risk', toGrade: 'B', reason: '现场核查已整改到位' },
      AT,
    );
    expect(adj).toMatchObject({ fromGrade: 'C', toGrade: 'B', adjustedBy: 'boss' });
    expect(auditActions()).toContain('grading.adjust');
    expect(current(target)).toMatchObject({ grade: 'C', effectiveGrade: 'B' });
    expect(current(target)?.adjustment?.reason).toBe('现场核查已整改到位');
    expect([...effectiveGrades(db, run.id)].find((g) => g.entityId === target)?.grade).toBe('B');
    expect(runDistribution(db, run.id).adjustedCount).toBe(1);
    // Listing a class follows the grade in force.
    const inB = runResults(db, { runId: run.id, grade: 'B', offset: 0, limit: 10 });
    expect(inB).toMatchObject({ total: 1, rows: [{ entityId: target, grade: 'C', effectiveGrade: 'B' }] });
    expect(runResults(db, { runId: run.id, grade: 'C', offset: 0, limit: 10 })).toEqual({
      total: 0,
      rows: [],
    });
    expect(runResults(db, { runId: run.id, grade: null, offset: 1, limit: 1 })).toMatchObject({
      total: 3,
      rows: [{ entityId: target }],
    });

    // A record that does not change the computed grade keeps the adjustment.
    addRecord(target, { type: 'commendation', date: '2020-01-01' });
    expect(current(target)?.effectiveGrade).toBe('B');

    // A new run with the same computed grade carries it over, marked as carried.
    const run2 = runGrading(db, ADMIN, { modelId: 'samr-risk', modelVersion: null, asOf: AS_OF }, AT);
    expect([...effectiveGrades(db, run2.id)].find((g) => g.entityId === target)?.grade).toBe('B');
    expect(current(target)?.adjustment?.carried).toBe(true);

    // Once the computed grade changes, the adjustment lapses.
    addRecord(target, seriousList);
    expect(current(target)).toMatchObject({ grade: 'D', effectiveGrade: 'D', adjustment: null });

    // Deleting the entity (e.g. undoing the import that created it) takes its results and adjustments along.
    execute(db, sql`DELETE FROM entities WHERE id = ${target}`);
    for (const table of ['grading_results', 'grading_adjustments', 'current_grades']) {
      expect(count(sql`SELECT count(*) FROM ${sql.raw(table)} WHERE entity_id = ${target}`)).toBe(0);
    }
  });

  it('carries an adjustment of a result that was not re-graded; a reverted one is not carried', () => {
    const r1 = runGrading(db, ADMIN, { modelId: 'samr-risk', modelVersion: null, asOf: AS_OF }, AT);
    const [a, b] = [ids[1]!, ids[2]!];
    adjustGrade(db, BOSS, { entityId: a, modelId: 'samr-risk', toGrade: 'B', reason: '复核后调整为 B' }, AT);
    adjustGrade(db, BOSS, { entityId: b, modelId: 'samr-risk', toGrade: 'C', reason: '复核后调整为 C' }, AT);
    adjustGrade(db, BOSS, { entityId: b, modelId: 'samr-risk', toGrade: 'D', reason: '撤销此前的调整' }, AT);
    expect(current(b)).toMatchObject({ grade: 'D', effectiveGrade: 'D', adjustment: null });
    const r2 = runGrading(db, ADMIN, { modelId: 'samr-risk', modelVersion: null, asOf: AS_OF }, AT);
    expect(current(a)).toMatchObject({ runId: r2.id, effectiveGrade: 'B', adjustment: { carried: true } });
    expect(current(b)).toMatchObject({ runId: r2.id, effectiveGrade: 'D', adjustment: null });
    // A run with an earlier as-of date is history: it does not become the basis of current grades.
    const old = runGrading(db, ADMIN, { modelId: 'samr-risk', modelVersion: null, asOf: '2025-10-31' }, AT);
    expect(current(a)?.runId).toBe(r2.id);
    expect([r1.id, r2.id]).not.toContain(old.id);
  });

  it('an entity deregistered since the run has no current grade, though the run keeps its result', () => {
    const run = runGrading(db, ADMIN, { modelId: 'samr-risk', modelVersion: null, asOf: AS_OF }, AT);
    unitOfWork(db, () => {
      execute(db, sql`UPDATE entities SET status = 'cancelled' WHERE id = ${ids[0]!}`);
      onRecordsChanged(db, [ids[0]!], AT);
    });
    expect(entityGrades(db, ids[0]!).current).toEqual([]);
    expect(explainResult(db, run.id, ids[0]!).grade).toBe('A');
    expect(() =>
      adjustGrade(
        db,
        BOSS,
        { entityId: ids[0]!, modelId: 'samr-risk', toGrade: 'B', reason: '核查后调整' },
        AT,
      ),
    ).toThrow(/还没有这一模型的评价结果/);
  });

  it('compares two runs: who moved and why', () => {
    const r1 = runGrading(db, ADMIN, { modelId: 'samr-risk', modelVersion: null, asOf: AS_OF }, AT);
    addRecord(ids[0]!, penalty('2026-09-01', 500_000));
    const r2 = runGrading(db, ADMIN, { modelId: 'samr-risk', modelVersion: null, asOf: AS_OF }, AT);
    const c = compareRuns(db, {
      fromRunId: r1.id,
      toRunId: r2.id,
      direction: 'changed',
      offset: 0,
      limit: 50,
    });
    expect(c).toMatchObject({ up: 0, down: 1, same: 2, total: 1 });
    expect(c.rows[0]).toMatchObject({ entityId: ids[0], fromGrade: 'A', toGrade: 'C', direction: 'down' });
    expect(c.rows[0]?.reasons.join('\n')).toMatch(/公示期内的行政处罚：无 → 扣 60 分（1 起）/);
    expect(
      compareRuns(db, { fromRunId: r1.id, toRunId: r2.id, direction: 'up', offset: 0, limit: 50 }).rows,
    ).toEqual([]);
    // A supervisor's adjustment in the later run counts as a move, with the adjustment as its reason.
    adjustGrade(
      db,
      BOSS,
      { entityId: ids[1]!, modelId: 'samr-risk', toGrade: 'B', reason: '复核后调整为 B' },
      AT,
    );
    const adjusted = compareRuns(db, {
      fromRunId: r1.id,
      toRunId: r2.id,
      direction: 'up',
      offset: 0,
      limit: 50,
    });
    expect(adjusted).toMatchObject({ up: 1, down: 1, same: 1, total: 1 });
    expect(adjusted.rows[0]).toMatchObject({
      entityId: ids[1],
      fromGrade: 'C',
      toGrade: 'B',
      direction: 'up',
    });
    expect(adjusted.rows[0]?.reasons.join('\n')).toMatch(/后一次为人工调整后的等级（计算结果 C，调整为 B）/);
    expect(runDistribution(db, r2.id).rows.map((r) => [r.grade, r.count, r.effectiveCount])).toEqual([
      ['A', 0, 0],
      ['B', 0, 1],
      ['C', 2, 1],
      ['D', 1, 1],
    ]);
    // The entity's history lists both runs, newest first.
    expect(entityGrades(db, ids[0]!).history.map((h) => [h.runId, h.grade])).toEqual([
      [r2.id, 'C'],
      [r1.id, 'A'],
    ]);
  });

  it('imports a model with the engine validation, refuses invalid and duplicate files, exports, all audited', () => {
    const samr = builtinModels().find((m) => m.id === 'samr-risk')!;
    expect(() => importModel(db, ADMIN, '{ not json', AT)).toThrow(/不是有效的 JSON/);
    try {
      importModel(db, ADMIN, JSON.stringify({ ...samr, version: '9', bands: [] }), AT);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ApiError);
      expect((e as ApiError).code).toBe('invalid_input');
      expect((e as ApiError).message).toMatch(/模型文件有 \d+ 处错误/);
    }
    expect(() => importModel(db, ADMIN, JSON.stringify(samr), AT)).toThrow(/内置模型/);
    expect(() => importModel(db, OFFICER, JSON.stringify(samr), AT)).toThrow(/无权/);
    const strict = { ...samr, version: '1.1.0', effectiveFrom: '2026-11-01', name: '严格版' };
    const s = importModel(db, BOSS, JSON.stringify(strict), AT);
    expect(s).toMatchObject({ id: 'samr-risk', version: '1.1.0', builtIn: false });
    expect(
      listModels(db, OFFICER)
        .filter((m) => m.id === 'samr-risk')
        .map((m) => m.version),
    ).toEqual(['1.1.0', '1.0.0']);
    // Without a version, a run uses the newest one.
    expect(
      runGrading(db, ADMIN, { modelId: 'samr-risk', modelVersion: null, asOf: AS_OF }, AT).modelVersion,
    ).toBe('1.1.0');
    const out = exportModel(db, BOSS, 'samr-risk', '1.1.0', AT);
    expect(JSON.parse(out.json)).toEqual(JSON.parse(JSON.stringify(strict)));
    expect(auditActions()).toEqual(expect.arrayContaining(['models.import', 'models.export']));
  });
});
