/**
 * Optimistic concurrency for the item, 回避, ratio-profile and calendar forms (issue 17 item 3), on both
 * engines: two officers on two connections read the same row; the first save wins, the second (based
 * on the version both saw) is refused with a Chinese message naming who changed it and what it holds
 * now, and the row keeps the first's values. A row one officer saw as absent (version 0) and another
 * added meanwhile is refused as entered first; a caller naming no version saves as before.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/api/errors.ts';
import type { RatioProfileInput } from '../../../shared/api/contracts/sampling.ts';
import { type FreshDb, forEachEngine } from '../../../test/helpers/engines.ts';
import { type DataDoor, runInsert, sql } from '../../db/sql.ts';
import type { Actor } from '../authz.ts';
import { insertUser } from '../users/repository.ts';
import { saveConflict } from './conflict-check.ts';
import {
  deleteCalendarDay,
  listCalendar,
  listConflicts,
  listItems,
  listProfiles,
  saveCalendarDay,
  saveInspector,
  saveItem,
  saveProfile,
} from './reference-store.ts';

const sun: Actor = { username: 'sun', displayName: '孙丽', role: 'supervisor' };
const zhou: Actor = { username: 'zhou', displayName: '周杰', role: 'supervisor' };
const AT = '2026-11-02T01:00:00.000Z';
const LATER = '2026-11-05T07:20:00.000Z';
const USCC = '91330100716105852F';

const item = (name: string, method: string) => ({
  code: 'Z77',
  name,
  subItems: null,
  legalBasis: null,
  subject: null,
  objectScope: null,
  ratioText: null,
  frequencyText: null,
  method,
  qualification: null,
  note: null,
});

const profile = (name: string, a: number): RatioProfileInput => ({
  id: 'county-test',
  name,
  description: null,
  classOrder: ['A', 'B'],
  ratios: { enterprise: { A: a, B: 800, unclassified: 800 } },
  yearlyCaps: {},
});

/** The ApiError a save throws; fails the test when it is not refused. */
function refusal(run: () => unknown): ApiError {
  try {
    run();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('the stale save was not refused');
}

forEachEngine('reference forms: a version per row', (fresh) => {
  let f: FreshDb;
  let db: DataDoor;
  let other: DataDoor;

  beforeEach(() => {
    f = fresh();
    db = f.db;
    for (const u of [sun, zhou]) insertUser(db, u, AT);
    other = f.connectAgain();
  });

  describe('inspection items', () => {
    const row = (d: DataDoor) => listItems(d, sun).find((i) => i.code === 'Z77');

    it('lets the first of two saves win and refuses the second with who, when and what', () => {
      saveItem(db, sun, { ...item('公示信息抽查', '书面检查'), expectedVersion: 0 }, AT);
      const seenBySun = row(db)!.version;
      const seenByZhou = row(other)!.version;
      expect([seenBySun, seenByZhou]).toEqual([1, 1]);
      saveItem(db, sun, { ...item('公示信息抽查', '现场检查'), expectedVersion: seenBySun }, LATER);
      const e = refusal(() =>
        saveItem(other, zhou, { ...item('公示信息抽查（周）', '网络检查'), expectedVersion: seenByZhou }, AT),
      );
      expect(e.code).toBe('conflict');
      expect(e.message).toContain('抽查事项“Z77”');
      expect(e.message).toContain('孙丽');
      expect(e.message).toMatch(/2026-11-05 \d\d:20:00/);
      expect(e.message).toContain('抽查方式：现场检查');
      for (const d of [db, other]) expect(row(d)).toMatchObject({ method: '现场检查', version: 2 });
    });

    it('refuses a new item whose code another officer saved meanwhile; no version: saved as before', () => {
      saveItem(db, sun, { ...item('公示信息抽查', '书面检查'), expectedVersion: 0 }, AT);
      expect(() =>
        saveItem(other, zhou, { ...item('周的事项', '网络检查'), expectedVersion: 0 }, LATER),
      ).toThrow(/抽查事项“Z77”已由孙丽.*先行录入/);
      expect(row(db)).toMatchObject({ name: '公示信息抽查', version: 1 });
      saveItem(other, zhou, item('周的事项', '网络检查'), LATER);
      expect(row(db)).toMatchObject({ name: '周的事项', version: 2 });
    });
  });

  describe('inspector conflicts (回避)', () => {
    beforeEach(() => {
      runInsert(
        db,
        sql`INSERT INTO entities (uscc, name, kind, status, created_at, updated_at)
            VALUES (${USCC}, '示范县清风食品有限公司', 'enterprise', 'active', ${AT}, ${AT})`,
      );
      saveInspector(db, sun, { employeeNo: 'J0301', name: '吴刚', certNo: '豫执0301' }, AT);
    });
    const row = (d: DataDoor) => listConflicts(d, sun).find((c) => c.employeeNo === 'J0301');
    const pair = (reason: string) => ({ employeeNo: 'J0301', entityCode: USCC, reason });

    it('lets the first of two saves win and refuses the second with who and what', () => {
      saveConflict(db, sun, { ...pair('近亲属'), expectedVersion: 0 }, AT);
      const seenByZhou = row(other)!.version;
      saveConflict(db, sun, { ...pair('近亲属任法定代表人'), expectedVersion: row(db)!.version }, LATER);
      const e = refusal(() =>
        saveConflict(other, zhou, { ...pair('同学'), expectedVersion: seenByZhou }, AT),
      );
      expect(e.code).toBe('conflict');
      expect(e.message).toContain('“示范县清风食品有限公司”的回避关系');
      expect(e.message).toContain('孙丽');
      expect(e.message).toContain('理由：近亲属任法定代表人');
      for (const d of [db, other]) expect(row(d)).toMatchObject({ reason: '近亲属任法定代表人', version: 2 });
    });

    it('refuses adding a pair another officer added meanwhile', () => {
      saveConflict(db, sun, { ...pair('近亲属'), expectedVersion: 0 }, AT);
      expect(() => saveConflict(other, zhou, { ...pair('同学'), expectedVersion: 0 }, LATER)).toThrow(
        /先行录入.*理由：近亲属/,
      );
      expect(row(db)).toMatchObject({ reason: '近亲属', version: 1 });
    });
  });

  describe('ratio profiles', () => {
    const row = (d: DataDoor) => listProfiles(d, sun).find((p) => p.id === 'county-test');

    it('lets the first of two saves win and refuses the second with who, when and what', () => {
      saveProfile(db, sun, { ...profile('本县方案', 300), expectedVersion: 0 }, AT);
      const seenByZhou = row(other)!.version;
      saveProfile(db, sun, { ...profile('本县方案', 500), expectedVersion: row(db)!.version }, LATER);
      const e = refusal(() =>
        saveProfile(other, zhou, { ...profile('周的方案', 200), expectedVersion: seenByZhou }, AT),
      );
      expect(e.code).toBe('conflict');
      expect(e.message).toContain('抽查比例方案“county-test”在你打开之后已由孙丽');
      expect(e.message).toContain('企业 A 5%');
      for (const d of [db, other]) {
        expect(row(d)).toMatchObject({ name: '本县方案', version: 2 });
        expect(row(d)!.ratios.enterprise?.A).toBe(500);
      }
    });

    it('refuses a save of a built-in profile edited by another officer since it was opened', () => {
      const builtin = listProfiles(db, sun).find((p) => p.builtin)!;
      const { version, ...data } = builtin;
      saveProfile(db, sun, { ...data, name: `${data.name}（孙）`, expectedVersion: version }, LATER);
      expect(() =>
        saveProfile(other, zhou, { ...data, name: `${data.name}（周）`, expectedVersion: version }, LATER),
      ).toThrow(/在你打开之后已由孙丽/);
      expect(listProfiles(other, sun).find((p) => p.id === data.id)).toMatchObject({
        name: `${data.name}（孙）`,
        builtin: true,
        version: version + 1,
      });
    });
  });

  describe('calendar days', () => {
    const row = (d: DataDoor) => listCalendar(d, sun, 2031).find((x) => x.date === '2031-10-01');
    const day = (name: string, kind: 'holiday' | 'workday' = 'holiday') => ({
      date: '2031-10-01',
      kind,
      name,
    });

    it('lets the first of two saves win and refuses the second, saying what the day holds now', () => {
      saveCalendarDay(db, sun, { ...day('国庆'), expectedVersion: 0 }, AT);
      const seenByZhou = row(other)!.version;
      saveCalendarDay(db, sun, { ...day('国庆节'), expectedVersion: row(db)!.version }, LATER);
      const e = refusal(() =>
        saveCalendarDay(other, zhou, { ...day('调休', 'workday'), expectedVersion: seenByZhou }, AT),
      );
      expect(e.code).toBe('conflict');
      expect(e.message).toContain('工作日历中 2031-10-01 的设置在你打开之后已由他人修改');
      expect(e.message).toContain('放假；名称：国庆节');
      for (const d of [db, other])
        expect(row(d)).toMatchObject({ kind: 'holiday', name: '国庆节', version: 2 });
    });

    it('refuses a day another officer added meanwhile, or deleted since it was listed', () => {
      saveCalendarDay(db, sun, { ...day('国庆'), expectedVersion: 0 }, AT);
      expect(() => saveCalendarDay(other, zhou, { ...day('周'), expectedVersion: 0 }, LATER)).toThrow(
        /先行录入/,
      );
      expect(row(db)).toMatchObject({ name: '国庆', version: 1 });
      deleteCalendarDay(db, sun, '2031-10-01', LATER);
      expect(() => saveCalendarDay(other, zhou, { ...day('周'), expectedVersion: 1 }, LATER)).toThrow(
        /2031-10-01 的设置已被他人撤销或删除/,
      );
      expect(row(db)).toBeUndefined();
    });
  });
});
