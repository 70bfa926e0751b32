/**
 * Results entry on both engines (issue 17): 其余全部未发现问题 for many entities at once, and undo.
 */
import { beforeEach, expect, it } from 'vitest';
import { type FreshDb, forEachEngine } from '../../../test/helpers/engines.ts';
import { HELD_MS, race } from '../../../test/helpers/sampling-race.ts';
import { storeSamplingCounty } from '../../../test/helpers/sampling-county.ts';
import { column, type DataDoor, get, sql, value } from '../../db/sql.ts';
import type { Actor } from '../authz.ts';
import { drawTask } from './draw-service.ts';
import { completeResults, enterResult } from './lifecycle.ts';
import { clearResults, enterManyResults } from './result-entry.ts';
import { createTask, getTask } from './tasks.ts';

const admin: Actor = { username: 'admin', displayName: '管理员', role: 'admin' };
const officer: Actor = { username: 'officer', displayName: '执法员', role: 'officer' };
const viewer: Actor = { username: 'viewer', displayName: '只读', role: 'viewer' };
const AT = '2026-11-02T01:00:00.000Z';
const NUMBER = '示范县市监抽〔2026〕9号';

forEachEngine('results entry: 其余全部未发现问题 and undo', (fresh, engine) => {
  let f: FreshDb;
  let db: DataDoor;
  let taskId: number;

  beforeEach(() => {
    f = fresh();
    db = f.db;
    storeSamplingCounty(db, { entities: 300, seed: 'result-entry', at: AT });
    taskId = createTask(
      db,
      admin,
      {
        number: NUMBER,
        name: '录入测试',
        items: ['A07'],
        profileId: 'henan-2021',
        startDate: '2026-11-02',
        endDate: '2026-11-20',
        teamSize: 2,
      },
      AT,
    );
    drawTask(db, admin, taskId, AT);
  });

  const entries = () => getTask(db, officer, taskId, '2026-11-02').plan!.entries;
  const inspectionRecords = (entityId: number) =>
    column<string>(
      db,
      sql`SELECT data FROM records WHERE type = 'inspection' AND entity_id = ${entityId}`,
    ).filter((d) => JSON.parse(d).plan === NUMBER);

  it('gives the plan entries their address and phone for the printed plan', () => {
    const [first] = entries();
    const row = get<{ address: string | null; phone: string | null }>(
      db,
      sql`SELECT address, phone FROM entities WHERE id = ${first!.entityId}`,
    )!;
    expect(first!.address).toBe(row.address);
    expect(first!.phone).toBe(row.phone);
    expect(entries().some((e) => e.address)).toBe(true);
  });

  it('enters 未发现问题 for the confirmed entities without a result and never overwrites one', () => {
    const all = entries();
    expect(all.length).toBeGreaterThan(3);
    const [first, ...rest] = all;
    enterResult(
      db,
      officer,
      taskId,
      { entityId: first!.entityId, results: ['8'], checkedOn: '2026-11-05', followUp: null, note: null },
      AT,
    );
    const r = enterManyResults(
      db,
      officer,
      taskId,
      { entityIds: all.map((e) => e.entityId), results: ['1'], checkedOn: '2026-11-06' },
      AT,
    );
    expect(r).toEqual({ entered: rest.length, skipped: 1, remaining: 0 });
    const after = entries();
    expect(after[0]!.result!.results).toEqual(['8']);
    expect(
      after.slice(1).every((e) => e.result?.results.join() === '1' && e.result.checkedOn === '2026-11-06'),
    ).toBe(true);
    for (const e of rest) expect(inspectionRecords(e.entityId)).toHaveLength(1);
    const audit = column<string>(
      db,
      sql`SELECT detail FROM audit_log WHERE action = 'sampling.result.enterMany'`,
    );
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!).entityIds).toHaveLength(rest.length);
    completeResults(db, officer, taskId, AT);
  });

  it('refuses entities outside the plan, a date before the task, viewers, and changes nothing', () => {
    const all = entries();
    const outsider = value<number>(
      db,
      sql`SELECT id FROM entities WHERE id NOT IN (SELECT entity_id FROM inspection_plan_entries) ORDER BY id LIMIT 1`,
    )!;
    const ids = [all[0]!.entityId, outsider];
    expect(() =>
      enterManyResults(db, officer, taskId, { entityIds: ids, results: ['1'], checkedOn: '2026-11-06' }, AT),
    ).toThrow(/不在本次抽查计划中/);
    expect(() =>
      enterManyResults(
        db,
        officer,
        taskId,
        { entityIds: [all[0]!.entityId], results: ['1'], checkedOn: '2026-10-01' },
        AT,
      ),
    ).toThrow(/不能早于/);
    expect(() =>
      enterManyResults(
        db,
        viewer,
        taskId,
        { entityIds: [all[0]!.entityId], results: ['1'], checkedOn: '2026-11-06' },
        AT,
      ),
    ).toThrow(/无权/);
    expect(() => clearResults(db, viewer, taskId, [all[0]!.entityId], AT)).toThrow(/无权/);
    expect(entries().every((e) => e.result === null)).toBe(true);
  });

  it('undo removes the result and its credit-file record, and the entity counts as remaining again', () => {
    const [a, b] = entries();
    for (const e of [a!, b!])
      enterResult(
        db,
        officer,
        taskId,
        { entityId: e.entityId, results: ['6'], checkedOn: '2026-11-05', followUp: null, note: null },
        AT,
      );
    expect(inspectionRecords(b!.entityId)).toHaveLength(1);
    const remainingBefore = entries().filter((e) => !e.result).length;
    const r = clearResults(db, officer, taskId, [b!.entityId], AT);
    expect(r).toEqual({ cleared: 1, remaining: remainingBefore + 1 });
    expect(inspectionRecords(b!.entityId)).toHaveLength(0);
    expect(entries().find((e) => e.entityId === b!.entityId)!.result).toBeNull();
    expect(entries().find((e) => e.entityId === a!.entityId)!.result!.results).toEqual(['A', '6']);
    // Clearing again changes nothing and writes no audit entry.
    expect(clearResults(db, officer, taskId, [b!.entityId], AT).cleared).toBe(0);
    expect(value(db, sql`SELECT count(*) FROM audit_log WHERE action = 'sampling.result.clear'`)).toBe(1);
  });

  it('refuses undo once the results are submitted', () => {
    const all = entries();
    enterManyResults(
      db,
      officer,
      taskId,
      { entityIds: all.map((e) => e.entityId), results: ['1'], checkedOn: '2026-11-06' },
      AT,
    );
    completeResults(db, officer, taskId, AT);
    expect(() => clearResults(db, officer, taskId, [all[0]!.entityId], AT)).toThrow(/不能撤销检查结果/);
    expect(entries().every((e) => e.result !== null)).toBe(true);
  });

  if (engine === 'postgres')
    it('results submitted while another officer undoes one: the submit waits, then is refused', async () => {
      const all = entries();
      enterManyResults(
        db,
        officer,
        taskId,
        { entityIds: all.map((e) => e.entityId), results: ['1'], checkedOn: '2026-11-06' },
        AT,
      );
      const { mine, theirs, waitedOn } = await race(
        db,
        { url: f.url!, call: 'completeResults', taskId, at: AT, actor: { ...officer, username: 'li' } },
        () => clearResults(db, officer, taskId, [all[0]!.entityId], AT),
      );
      expect(mine).toEqual({ cleared: 1, remaining: 1 });
      // Without the task's row lock the submit would have seen the result still there and gone through.
      expect(waitedOn).toEqual(['transactionid']);
      expect(theirs).toMatchObject({ ok: false, code: 'conflict' });
      expect(theirs.ok === false && theirs.message).toMatch(/还有 1 户未录入检查结果/);
      expect(theirs.ms).toBeGreaterThanOrEqual(HELD_MS);
      expect(value(db, sql`SELECT status FROM inspection_tasks WHERE id = ${taskId}`)).toBe('in_progress');
    });
});
