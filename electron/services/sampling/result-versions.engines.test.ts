/**
 * Optimistic concurrency for inspection results (issue 17 item 3), on both engines: two officers on
 * two connections read the same result; the first correction wins, the second (based on the version
 * both saw) is refused with who changed it, when and what it holds now, and changes nothing.
 */
import { beforeEach, expect, it } from 'vitest';
import { ApiError } from '../../../shared/api/errors.ts';
import { type FreshDb, forEachEngine } from '../../../test/helpers/engines.ts';
import { storeSamplingCounty } from '../../../test/helpers/sampling-county.ts';
import { type DataDoor, sql, value } from '../../db/sql.ts';
import type { Actor } from '../authz.ts';
import { insertUser } from '../users/repository.ts';
import { drawTask } from './draw-service.ts';
import { enterResult } from './lifecycle.ts';
import { clearResults, enterManyResults } from './result-entry.ts';
import { createTask, getTask } from './tasks.ts';

const admin: Actor = { username: 'admin', displayName: '管理员', role: 'admin' };
const zhang: Actor = { username: 'zhang', displayName: '张明', role: 'officer' };
const li: Actor = { username: 'li', displayName: '李红', role: 'officer' };
const AT = '2026-11-02T01:00:00.000Z';
const LATER = '2026-11-03T02:30:00.000Z';

forEachEngine('inspection results: a version per row', (fresh) => {
  let f: FreshDb;
  let db: DataDoor;
  let other: DataDoor;
  let taskId: number;
  let entityId: number;

  beforeEach(() => {
    f = fresh();
    db = f.db;
    storeSamplingCounty(db, { entities: 60, seed: 'result-versions', at: AT });
    for (const u of [zhang, li]) insertUser(db, u, AT);
    taskId = createTask(
      db,
      admin,
      {
        number: '示范县市监抽〔2026〕17号',
        name: '并发测试',
        items: ['A07'],
        profileId: 'henan-2021',
        startDate: '2026-11-02',
        endDate: '2026-11-20',
        teamSize: 2,
      },
      AT,
    );
    drawTask(db, admin, taskId, AT);
    entityId = entriesOn(db)[0]!.entityId;
    other = f.connectAgain();
  });

  const entriesOn = (d: DataDoor) => getTask(d, zhang, taskId, '2026-11-02').plan!.entries;
  const resultOn = (d: DataDoor) => entriesOn(d).find((e) => e.entityId === entityId)!.result;
  const enter = (
    d: DataDoor,
    who: Actor,
    results: string[],
    note: string,
    expectedVersion?: number,
    at = AT,
  ) =>
    enterResult(
      d,
      who,
      taskId,
      { entityId, results, checkedOn: '2026-11-05', followUp: null, note, expectedVersion },
      at,
    );
  const refusal = (run: () => unknown): ApiError => {
    try {
      run();
    } catch (e) {
      if (e instanceof ApiError) return e;
      throw e;
    }
    throw new Error('the stale entry was not refused');
  };

  it('lets the first of two corrections win and refuses the second, naming who, when and what', () => {
    enter(db, zhang, ['1'], '首次录入', 0);
    const seenByZhang = resultOn(db)!;
    const seenByLi = resultOn(other)!;
    expect(seenByZhang.version).toBe(1);
    expect(seenByLi.version).toBe(1);

    const first = enter(db, zhang, ['8'], '张明更正', seenByZhang.version, LATER);
    expect(first.version).toBe(2);
    const e = refusal(() => enter(other, li, ['1'], '李红更正', seenByLi.version));
    expect(e.code).toBe('conflict');
    expect(e.message).toContain('张明');
    expect(e.message).toMatch(/2026-11-03 \d\d:30:00/);
    expect(e.message).toContain('张明更正');
    expect(e.message).toContain('未保存');

    for (const d of [db, other]) {
      const now = resultOn(d)!;
      expect(now).toMatchObject({ results: ['8'], note: '张明更正', enteredBy: 'zhang', version: 2 });
    }
    // The refused entry left no audit entry: the two results entered are all there is.
    expect(value<number>(db, sql`SELECT count(*) FROM audit_log WHERE action LIKE 'sampling.result.%'`)).toBe(
      2,
    );
  });

  it('refuses a first entry when another officer entered the result meanwhile (version 0 seen)', () => {
    enter(db, zhang, ['1'], '张明先录', 0);
    const e = refusal(() => enter(other, li, ['8'], '李红后录', 0));
    expect(e.code).toBe('conflict');
    expect(e.message).toContain('先行录入');
    expect(resultOn(other)).toMatchObject({ note: '张明先录', version: 1 });
  });

  it('still replaces the result when the caller names no version (older callers, the CLI)', () => {
    enter(db, zhang, ['1'], '张明录入', 0);
    enter(db, zhang, ['8'], '张明更正', 1);
    const r = enter(other, li, ['1'], '李红覆盖');
    expect(r.version).toBe(3);
    expect(resultOn(db)).toMatchObject({ results: ['1'], note: '李红覆盖', enteredBy: 'li', version: 3 });
  });

  it('a result cleared and entered again continues its version: a form still showing the cleared one is refused', () => {
    enter(db, zhang, ['1'], '张明录入', 0);
    enter(db, zhang, ['8'], '张明更正', 1);
    const seenByLi = resultOn(other)!;
    expect(seenByLi.version).toBe(2);
    clearResults(db, zhang, taskId, [entityId], AT);
    expect(resultOn(db)).toBeNull();
    // Entered again from a form that showed no result (version 0): it starts above the cleared one.
    expect(enter(db, zhang, ['1'], '张明重录', 0, LATER).version).toBe(3);
    const e = refusal(() => enter(other, li, ['8'], '李红更正', seenByLi.version));
    expect(e.code).toBe('conflict');
    expect(e.message).toContain('张明重录');
    expect(resultOn(other)).toMatchObject({ note: '张明重录', version: 3 });

    // “其余全部” after a clear continues above it too.
    clearResults(db, zhang, taskId, [entityId], AT);
    enterManyResults(
      db,
      zhang,
      taskId,
      { entityIds: [entityId], results: ['1'], checkedOn: '2026-11-05' },
      AT,
    );
    expect(resultOn(db)!.version).toBe(4);
  });
});
