/**
 * 管辖单位 scoping (issue 17 item 3) on both engines: an officer whose unit is set finds only that unit's
 * entities in the list (its count and its pages, browsing and searching), is refused another unit's
 * credit file, and exports only their unit's name list; an officer without a unit and an administrator
 * (even one whose row names a unit) read the whole county. The scope is read from the user's row, as
 * the handlers read it for the signed-in user.
 */
import { expect, it } from 'vitest';
import { entitySearchInputSchema } from '../../../shared/api/contract.ts';
import type { Entity } from '../../../shared/domain/entity.ts';
import { usccCheckChar } from '../../../shared/identifiers/checkchars.ts';
import { forEachEngine } from '../../../test/helpers/engines.ts';
import { storeEntities } from '../../../test/helpers/entities-testkit.ts';
import { tempDir } from '../../../test/helpers/tmp.ts';
import { all, type DataDoor, sql } from '../../db/sql.ts';
import type { Actor } from '../authz.ts';
import { creditFileSheets } from '../exchange/export/credit-file.ts';
import { runExport } from '../exchange/export/run-export.ts';
import { targetPoolSheets } from '../exchange/export/target-pool.ts';
import { insertUser } from '../users/accounts.ts';
import { COUNTY_WIDE, entityScopeOf } from '../users/entity-scope.ts';
import { getCreditFile, iterateEntityRows, listJurisdictions } from './reads.ts';
import { searchEntities } from './search.ts';

const AT = '2026-12-01T00:00:00.000Z';
const DONGCHENG = '东城市场监管所';
const HEKOU = '河口市场监管所';

function entity(i: number, name: string, jurisdiction: string | null): Entity {
  const body = `91410422MA${String(i).padStart(7, '0')}`;
  return {
    uscc: body + usccCheckChar(body),
    regNo: null,
    name,
    kind: 'individual',
    legalRep: null,
    regionCode: null,
    township: null,
    jurisdiction,
    industryCode: null,
    industryName: null,
    address: null,
    establishedOn: null,
    status: 'active',
    capitalAmount: null,
    capitalUnit: null,
    capitalCurrency: null,
    phone: null,
    tags: [],
  };
}

const li: Actor = { username: 'li', displayName: '李东城', role: 'officer' };
const wang: Actor = { username: 'wang', displayName: '王全县', role: 'officer' };
const admin: Actor = { username: 'admin', displayName: '张管理', role: 'admin' };

forEachEngine('entities scoped by 管辖单位', (fresh) => {
  /**
   * Ids 1–12: 东城 (the even ones are 饭店, the odd ones 便利店); 13–17: 河口; 18–19: no unit. li is
   * 东城's officer; wang has no unit; the administrator's row names 河口, which must not narrow them.
   */
  function county(): DataDoor {
    const { db } = fresh();
    storeEntities(db, [
      ...Array.from({ length: 12 }, (_, i) =>
        entity(i + 1, `东城第${i + 1}${i % 2 === 1 ? '饭店' : '便利店'}`, DONGCHENG),
      ),
      ...Array.from({ length: 5 }, (_, i) => entity(13 + i, `河口第${i + 1}饭店`, HEKOU)),
      entity(18, '无所属饭店', null),
      entity(19, '无所属便利店', null),
    ]);
    insertUser(db, li, AT, DONGCHENG);
    insertUser(db, wang, AT);
    insertUser(db, admin, AT, HEKOU);
    return db;
  }
  const search = (db: DataDoor, who: Actor, input: Record<string, unknown>) =>
    searchEntities(db, entitySearchInputSchema.parse(input), entityScopeOf(db, who));

  it('a scoped officer finds only their unit: the count, every page, name and code searches', () => {
    const db = county();
    expect(entityScopeOf(db, li)).toEqual({ jurisdiction: DONGCHENG });
    const browse = search(db, li, { limit: 5 });
    expect(browse).toMatchObject({ total: 12, totalCapped: false, scopedTo: DONGCHENG });
    expect(browse.rows.map((r) => r.id)).toEqual([1, 2, 3, 4, 5]);
    expect(search(db, li, { limit: 5, offset: 10 }).rows.map((r) => r.id)).toEqual([11, 12]);
    // Twelve 东城 rows only, across pages: no 河口 or unit-less row slips into a later page.
    const all = [0, 5, 10].flatMap((offset) => search(db, li, { limit: 5, offset }).rows.map((r) => r.id));
    expect(all).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    const restaurants = search(db, li, { query: '饭店' });
    expect(restaurants.total).toBe(6);
    expect(restaurants.rows.every((r) => r.name.startsWith('东城'))).toBe(true);
    // A code prefix of another unit's entity finds nothing for them.
    const hekouCode = getCreditFile(db, 13, COUNTY_WIDE).entity.uscc!;
    expect(search(db, li, { query: hekouCode }).total).toBe(0);
    // The list's own 管辖单位 filter cannot widen the scope: naming another unit shows nothing.
    expect(search(db, li, { jurisdiction: HEKOU }).total).toBe(0);
    expect(search(db, li, { jurisdiction: DONGCHENG }).total).toBe(12);
  });

  it('refuses a scoped officer another unit’s credit file, or one with no unit, in Chinese', () => {
    const db = county();
    const scope = entityScopeOf(db, li);
    expect(getCreditFile(db, 3, scope).entity).toMatchObject({
      name: '东城第3便利店',
      jurisdiction: DONGCHENG,
    });
    for (const id of [13, 18]) {
      expect(() => getCreditFile(db, id, scope)).toThrow(
        expect.objectContaining({
          code: 'forbidden',
          message: expect.stringMatching(/^该主体不属于您的管辖单位（东城市场监管所）/),
        }),
      );
    }
    // An unknown id is still 'not found', not 'forbidden'.
    expect(() => getCreditFile(db, 999, scope)).toThrow(expect.objectContaining({ code: 'not_found' }));
  });

  it('an officer without a unit and an administrator read the whole county', () => {
    const db = county();
    for (const who of [wang, admin]) {
      expect(entityScopeOf(db, who)).toEqual(COUNTY_WIDE);
      expect(search(db, who, {})).toMatchObject({ total: 19, scopedTo: null });
      expect(search(db, who, { query: '饭店' }).total).toBe(6 + 5 + 1);
      expect(getCreditFile(db, 18, entityScopeOf(db, who)).entity.name).toBe('无所属饭店');
    }
  });

  it('exports a scoped officer’s unit only (name list, credit file); the command line’s list likewise', () => {
    const db = county();
    const scope = entityScopeOf(db, li);
    const pool = targetPoolSheets(db, scope);
    expect(pool.total).toBe(12);
    const rows = [...(pool.sheets[0]?.rows ?? [])];
    expect(rows).toHaveLength(12);
    expect(rows.every((r) => r.includes(DONGCHENG))).toBe(true);
    expect(targetPoolSheets(db, COUNTY_WIDE).total).toBe(19);
    expect(creditFileSheets(db, 2, scope).fileName).toContain('东城第2饭店');
    expect(() => creditFileSheets(db, 14, scope)).toThrow(expect.objectContaining({ code: 'forbidden' }));
    expect([...iterateEntityRows(db, scope)].map((r) => r.id)).toEqual(
      Array.from({ length: 12 }, (_, i) => i + 1),
    );
  });

  it('an export run as the scoped officer writes their unit only and says so in the audit log', () => {
    const db = county();
    const t = tempDir();
    try {
      const path = `${t.dir}/名录.xlsx`;
      expect(runExport(db, li, { kind: 'target_pool' }, path, { at: AT }).rows).toBe(12);
      expect(runExport(db, wang, { kind: 'target_pool' }, path, { at: AT }).rows).toBe(19);
      expect(() => runExport(db, li, { kind: 'credit_file', entityId: 13 }, path, { at: AT })).toThrow(
        expect.objectContaining({ code: 'forbidden' }),
      );
      const details = all<{ actor: string; detail: string }>(
        db,
        sql`SELECT actor, detail FROM audit_log WHERE action = 'exchange.export' ORDER BY id`,
      ).map((r) => [r.actor, JSON.parse(r.detail) as Record<string, unknown>] as const);
      expect(details).toHaveLength(2);
      expect(details[0]).toEqual(['li', expect.objectContaining({ rows: 12, scopedTo: DONGCHENG })]);
      expect(details[1]![1]).not.toHaveProperty('scopedTo');
    } finally {
      t.cleanup();
    }
  });

  it('lists the units the entities name, the largest first, for the users page', () => {
    const db = county();
    expect(listJurisdictions(db)).toEqual([
      { name: DONGCHENG, count: 12 },
      { name: HEKOU, count: 5 },
    ]);
  });
});
