/**
 * Optimistic concurrency for a draft task's settings (issue 17 item 3), on both engines: two officers
 * open the same draft; the first save wins, the second is refused with who saved, when and what the
 * task holds now, and the task keeps the first's settings.
 */
import { beforeEach, expect, it } from 'vitest';
import { ApiError } from '../../../shared/api/errors.ts';
import { type FreshDb, forEachEngine } from '../../../test/helpers/engines.ts';
import { type DataDoor, sql, value } from '../../db/sql.ts';
import type { Actor } from '../authz.ts';
import { insertUser } from '../users/repository.ts';
import { createTask, getTask, updateTask } from './tasks.ts';

const wang: Actor = { username: 'wang', displayName: '王强', role: 'supervisor' };
const zhao: Actor = { username: 'zhao', displayName: '赵敏', role: 'supervisor' };
const AT = '2026-11-02T01:00:00.000Z';
const LATER = '2026-11-04T03:15:00.000Z';
const NUMBER = '示范县市监抽〔2026〕21号';
const settings = (name: string, teamSize: number) => ({
  number: NUMBER,
  name,
  items: ['A07'],
  profileId: 'henan-2021',
  startDate: '2026-11-02',
  endDate: '2026-11-20',
  teamSize,
});

forEachEngine('draft tasks: a version per row', (fresh) => {
  let f: FreshDb;
  let db: DataDoor;
  let other: DataDoor;
  let taskId: number;

  beforeEach(() => {
    f = fresh();
    db = f.db;
    for (const u of [wang, zhao]) insertUser(db, u, AT);
    taskId = createTask(db, wang, settings('初稿', 2), AT);
    other = f.connectAgain();
  });

  const read = (d: DataDoor) => getTask(d, wang, taskId, '2026-11-02');

  it('lets the first of two saves win and refuses the second with who, when and what', () => {
    const seenByWang = read(db).version;
    const seenByZhao = read(other).version;
    expect(seenByWang).toBe(1);
    expect(seenByZhao).toBe(1);
    expect(updateTask(db, wang, taskId, settings('王强修改', 3), LATER, seenByWang)).toEqual({ version: 2 });
    let refused: unknown;
    try {
      updateTask(other, zhao, taskId, settings('赵敏修改', 4), AT, seenByZhao);
    } catch (e) {
      refused = e;
    }
    expect(refused).toBeInstanceOf(ApiError);
    const e = refused as ApiError;
    expect(e.code).toBe('conflict');
    expect(e.message).toContain('王强');
    expect(e.message).toMatch(/2026-11-04 \d\d:15:00/);
    expect(e.message).toContain('王强修改');
    expect(e.message).toContain('每组人数：3');
    for (const d of [db, other])
      expect(read(d)).toMatchObject({ version: 2, task: { name: '王强修改', teamSize: 3 } });
    expect(value<number>(db, sql`SELECT count(*) FROM audit_log WHERE action = 'sampling.task.update'`)).toBe(
      1,
    );
  });

  it('still saves when the caller names no version (older callers)', () => {
    updateTask(db, wang, taskId, settings('王强修改', 3), LATER, 1);
    expect(updateTask(other, zhao, taskId, settings('赵敏覆盖', 4), LATER)).toEqual({ version: 3 });
    expect(read(db)).toMatchObject({ version: 3, task: { name: '赵敏覆盖', teamSize: 4 } });
  });
});
