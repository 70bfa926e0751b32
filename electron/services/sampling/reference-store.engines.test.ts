/**
 * The reference data of double-random inspections on both engines (issue 17): items (a used one cannot
 * go), 回避 relations listed with names, the calendar by year, ratio profiles (an edited built-in stays
 * built-in), the keyed upsert's counts — over a PostgreSQL batch boundary and with a key given twice —
 * and the task look-ups the plan-results import uses.
 */
import { beforeEach, expect, it } from 'vitest';
import { forEachEngine } from '../../../test/helpers/engines.ts';
import { SAMPLING_ADMIN as admin, storeSamplingCounty } from '../../../test/helpers/sampling-county.ts';
import { column, type DataDoor, sql, value } from '../../db/sql.ts';
import type { Actor } from '../authz.ts';
import { checkConflict, saveConflict } from './conflict-check.ts';
import {
  deleteCalendarDay,
  deleteConflict,
  deleteItem,
  listCalendar,
  listConflicts,
  listItems,
  listProfiles,
  upsertConflicts,
  upsertHolidays,
  upsertItems,
  upsertProfiles,
} from './reference-store.ts';
import { findTaskByNumber, tasksNamed, tasksNumberedWithin } from './repository/tasks.ts';
import { createTask } from './tasks.ts';

const officer: Actor = { username: 'officer', displayName: '执法员', role: 'officer' };
const AT = '2026-11-02T01:00:00.000Z';

const item = (code: string, name: string) => ({ code, name, qualification: null });

forEachEngine('sampling reference data', (fresh) => {
  let db: DataDoor;
  beforeEach(() => {
    db = fresh().db;
    storeSamplingCounty(db, { entities: 40, seed: 'reference', at: AT });
  });

  it('items: inserted, unchanged, updated, listed by code; one a task uses cannot be deleted', () => {
    expect(upsertItems(db, admin, [item('Z99', '测试事项'), item('Z10', '另一事项')], AT)).toEqual({
      inserted: 2,
      updated: 0,
      unchanged: 0,
    });
    expect(upsertItems(db, admin, [item('Z99', '测试事项')], AT)).toEqual({
      inserted: 0,
      updated: 0,
      unchanged: 1,
    });
    expect(upsertItems(db, admin, [item('Z99', '测试事项（修订）')], AT)).toEqual({
      inserted: 0,
      updated: 1,
      unchanged: 0,
    });
    const codes = listItems(db, officer).map((i) => i.code);
    expect(codes).toEqual([...codes].sort());
    expect(listItems(db, officer).find((i) => i.code === 'Z99')?.name).toBe('测试事项（修订）');
    createTask(
      db,
      admin,
      {
        number: 'N1',
        name: '用到 Z10 的任务',
        items: ['A07', 'Z10'],
        profileId: 'henan-2021',
        startDate: '2026-11-02',
        endDate: '2026-11-20',
        teamSize: 2,
      },
      AT,
    );
    expect(() => deleteItem(db, admin, 'Z10', AT)).toThrow(/已被抽查任务使用/);
    deleteItem(db, admin, 'Z99', AT);
    expect(() => deleteItem(db, admin, 'Z99', AT)).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(listItems(db, officer).map((i) => i.code)).toContain('Z10');
    expect(listItems(db, officer).map((i) => i.code)).not.toContain('Z99');
  });

  it('回避 relations: checked against the pool and the entities, listed with both names, deleted', () => {
    const [code, name] = [
      value<string>(db, sql`SELECT coalesce(uscc, reg_no) FROM entities ORDER BY id DESC LIMIT 1`)!,
      value<string>(db, sql`SELECT name FROM entities ORDER BY id DESC LIMIT 1`)!,
    ];
    expect(checkConflict(db, 'NOBODY', code)).toMatchObject({ ok: false, field: 'employeeNo' });
    saveConflict(db, admin, { employeeNo: 'JC005', entityCode: code.toLowerCase(), reason: '同学' }, AT);
    const listed = listConflicts(db, officer);
    expect(listed.find((c) => c.employeeNo === 'JC005')).toEqual({
      employeeNo: 'JC005',
      entityCode: code,
      reason: '同学',
      inspectorName: '陈海涛',
      entityName: name,
      version: 1,
    });
    const order = listed.map((c) => `${c.employeeNo}\u0000${c.entityCode}`);
    expect(order).toEqual([...order].sort());
    deleteConflict(db, admin, 'JC005', code, AT);
    expect(() => deleteConflict(db, admin, 'JC005', code, AT)).toThrow(
      expect.objectContaining({ code: 'not_found' }),
    );
  });

  it('the keyed upsert counts a key given twice as one row then its update, across 1,000-row batches', () => {
    const rows = Array.from({ length: 1200 }, (_, i) => ({
      employeeNo: `JC${String(i % 12).padStart(3, '0')}`,
      entityCode: `9141000000000${String(i).padStart(5, '0')}`,
      reason: '测试',
    }));
    expect(upsertConflicts(db, admin, rows, AT)).toEqual({ inserted: 1200, updated: 0, unchanged: 0 });
    expect(upsertConflicts(db, admin, rows, AT)).toEqual({ inserted: 0, updated: 0, unchanged: 1200 });
    const twice = [
      { ...rows[3]!, reason: '改一' },
      { employeeNo: 'JC001', entityCode: 'NEW1', reason: '甲' },
      { employeeNo: 'JC001', entityCode: 'NEW1', reason: '甲' },
      { employeeNo: 'JC001', entityCode: 'NEW1', reason: '乙' },
      { ...rows[3]!, reason: '改二' },
    ];
    expect(upsertConflicts(db, admin, twice, AT)).toEqual({ inserted: 1, updated: 3, unchanged: 1 });
    const reasons = column<string>(
      db,
      sql`SELECT reason FROM inspector_conflicts WHERE entity_code IN ('NEW1', ${rows[3]!.entityCode})
          ORDER BY entity_code`,
    );
    expect(reasons).toEqual(['改二', '乙']);
    expect(value(db, sql`SELECT count(*) FROM inspector_conflicts`)).toBe(2 + 1200 + 1);
  });

  it('the calendar by year, in date order, and its deletion', () => {
    upsertHolidays(
      db,
      admin,
      [
        { date: '2036-01-01', kind: 'holiday', name: '元旦' },
        { date: '2035-10-08', kind: 'holiday', name: '国庆节' },
        { date: '2035-10-11', kind: 'workday', name: '国庆节调休' },
      ],
      AT,
    );
    expect(listCalendar(db, officer, 2035).map((d) => d.date)).toEqual(['2035-10-08', '2035-10-11']);
    const all = listCalendar(db, officer, null).map((d) => d.date);
    expect(all).toEqual([...all].sort());
    deleteCalendarDay(db, admin, '2035-10-11', AT);
    expect(listCalendar(db, officer, 2035).map((d) => d.date)).toEqual(['2035-10-08']);
    expect(() => deleteCalendarDay(db, admin, '2035-10-11', AT)).toThrow(
      expect.objectContaining({ code: 'not_found' }),
    );
  });

  it('ratio profiles: built-in ones first, an edited built-in stays built-in, a new one is not', () => {
    const builtin = listProfiles(db, officer).find((p) => p.id === 'henan-2021')!;
    expect(builtin.builtin).toBe(true);
    const { builtin: _, ...edited } = { ...builtin, name: `${builtin.name}（本县）` };
    const added = { ...edited, id: 'county-2026', name: '本县方案' };
    expect(upsertProfiles(db, admin, [edited, added], AT)).toEqual({ inserted: 1, updated: 1, unchanged: 0 });
    const profiles = listProfiles(db, officer);
    expect(profiles.find((p) => p.id === 'henan-2021')).toMatchObject({ builtin: true, name: edited.name });
    expect(profiles.find((p) => p.id === 'county-2026')).toMatchObject({ builtin: false });
    const flags = profiles.map((p) => p.builtin);
    expect(flags).toEqual([...flags].sort((a, b) => Number(b) - Number(a)));
  });

  it('finds tasks by 文号, by name, and by a 文号 inside a longer text', () => {
    const input = (number: string, name: string) => ({
      number,
      name,
      items: ['A07'],
      profileId: 'henan-2021',
      startDate: '2026-11-02',
      endDate: '2026-11-20',
      teamSize: 2,
    });
    const a = createTask(db, admin, input('示范县市监抽〔2026〕3号', '第三批'), AT);
    const b = createTask(db, admin, input('示范县市监抽〔2026〕4号', '第三批'), AT);
    expect(findTaskByNumber(db, '示范县市监抽〔2026〕4号')?.id).toBe(b);
    expect(findTaskByNumber(db, '示范县市监抽〔2026〕5号')).toBeUndefined();
    expect(
      tasksNamed(db, '第三批')
        .map((t) => t.id)
        .sort(),
    ).toEqual([a, b].sort());
    expect(tasksNumberedWithin(db, '第三批（示范县市监抽〔2026〕3号）').map((t) => t.id)).toEqual([a]);
    expect(tasksNumberedWithin(db, '没有文号的任务')).toEqual([]);
  });
});
