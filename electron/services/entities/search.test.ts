/**
 * The entity list's search on both engines (issue 17): one suite body per engine, the same rows,
 * order and capped counts. How each engine gets there (its query plans) is asserted per engine.
 * search.engines-compare.test.ts runs one set of queries on both at once and compares the answers.
 */
import { expect, it } from 'vitest';
import { entitySearchInputSchema } from '../../../shared/api/contract.ts';
import type { Entity } from '../../../shared/domain/entity.ts';
import { usccCheckChar } from '../../../shared/identifiers/checkchars.ts';
import { forEachEngine } from '../../../test/helpers/engines.ts';
import { storeEntities } from '../../../test/helpers/entities-testkit.ts';
import { all, type DataDoor, run, script, sql } from '../../db/sql.ts';
import { COUNT_CAP, isCodePrefix, planSearch } from './repository/search.ts';
import { COUNTY_WIDE } from '../users/entity-scope.ts';
import { searchEntities } from './search.ts';
import { createEntityStore, emptyCounts } from './store.ts';

function uscc(i: number): string {
  const body = `91410422MA${String(i).padStart(7, '0')}`;
  return body + usccCheckChar(body);
}

function entity(i: number, name: string, kind: Entity['kind'] = 'individual'): Entity {
  return {
    uscc: uscc(i),
    regNo: null,
    name,
    kind,
    legalRep: null,
    regionCode: null,
    township: null,
    jurisdiction: null,
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

forEachEngine('entity search', (fresh, engine) => {
  let db: DataDoor;
  /** A fresh database with more shops than the count cap, a few companies, one name with punctuation. */
  const stored = () => {
    db = fresh().db;
    storeEntities(db, [
      ...Array.from({ length: COUNT_CAP + 50 }, (_, i) => entity(i + 1, `东城街道第${i + 1}便利店`)),
      entity(20001, '示范县鑫源商贸有限公司', 'enterprise'),
      entity(20002, '示范县源鑫建材有限公司', 'enterprise'),
      entity(20003, '河口镇（老街）小吃店'),
    ]);
  };

  const search = (input: Record<string, unknown>) =>
    searchEntities(db, entitySearchInputSchema.parse(input), COUNTY_WIDE);

  it('stops counting a huge match at the cap, says so, and pages only up to it', () => {
    stored();
    const r = search({ query: '店', limit: 100 });
    expect(r).toMatchObject({ total: COUNT_CAP, totalCapped: true });
    expect(r.rows.map((x) => x.id)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(search({ query: '便利店', offset: COUNT_CAP - 30, limit: 100 }).rows).toHaveLength(30);
    expect(search({ query: '便利店', offset: COUNT_CAP, limit: 100 }).rows).toEqual([]);
  });

  it('counts exactly below the cap, for every fragment length, in id order', () => {
    stored();
    expect(search({ query: '鑫' })).toMatchObject({ total: 2, totalCapped: false });
    expect(search({ query: '鑫源' }).rows.map((r) => r.name)).toEqual(['示范县鑫源商贸有限公司']);
    expect(search({ query: '源鑫建' }).rows.map((r) => r.name)).toEqual(['示范县源鑫建材有限公司']);
    expect(search({ query: '第123便利' })).toMatchObject({ total: 1, totalCapped: false });
    expect(search({ query: '（老街）' }).total).toBe(1);
  });

  it('combines a name fragment with filters, and browses everything exactly without a query', () => {
    stored();
    expect(search({ query: '有限', kind: 'enterprise' }).total).toBe(2);
    expect(search({ query: '有限', kind: 'individual' }).total).toBe(0);
    expect(search({})).toMatchObject({ total: COUNT_CAP + 53, totalCapped: false });
    expect(search({ kind: 'enterprise' }).total).toBe(2);
  });

  it('matches code prefixes, normalised, exactly', () => {
    stored();
    expect(search({ query: uscc(20001).slice(0, 17) }).total).toBe(1);
    expect(search({ query: uscc(20001).slice(0, 15) }).total).toBe(3); // 20001, 20002, 20003
    expect(search({ query: uscc(20001).toLowerCase() }).rows[0]?.name).toBe('示范县鑫源商贸有限公司');
    // A county-wide prefix matches everything: its count stops at the cap like a name's.
    expect(search({ query: '91410422' })).toMatchObject({ total: COUNT_CAP, totalCapped: true });
  });

  it('counts a capped name match with filters through the join, and exactly', () => {
    stored();
    expect(search({ query: '便利店', status: 'active' })).toMatchObject({
      total: COUNT_CAP,
      totalCapped: true,
    });
    expect(search({ query: '便利店', kind: 'enterprise' })).toMatchObject({ total: 0, totalCapped: false });
  });

  // Only the desk's engine has this plan to check (declared per engine, not skipped).
  if (engine === 'sqlite')
    it('lets the full-text index drive a name search (no scan of the entity table)', () => {
      stored();
      const plan = planSearch(db, entitySearchInputSchema.parse({ query: '店' }));
      const steps = all<{ detail: string }>(
        db,
        sql`EXPLAIN QUERY PLAN SELECT e.id FROM ${plan.from} ${plan.where} ORDER BY ${plan.order} LIMIT 100`,
      ).map((s) => s.detail);
      expect(steps[0]).toMatch(/VIRTUAL TABLE INDEX/);
      expect(steps.join('\n')).not.toMatch(/SCAN e\b/);
      expect(steps.join('\n')).not.toMatch(/TEMP B-TREE/);
    });

  // Only the server's engine has these indexes (declared per engine, not skipped).
  if (engine === 'postgres')
    it('can answer name fragments from the trigram and set-of-characters indexes and code prefixes from the prefix indexes (PostgreSQL)', () => {
      stored();
      // At 10,000 rows the planner rightly prefers a scan (of the table, or of the primary key in id
      // order); asserted is that the predicates are ones the indexes can serve (a server's table is 20
      // to 200 times larger: see bench/search-engines.bench.ts).
      script(db, 'SET enable_seqscan = off; SET enable_indexscan = off');
      const planOf = (query: string, codePrefix: boolean) => {
        const plan = planSearch(db, entitySearchInputSchema.parse({ query }), codePrefix);
        return all<{ 'QUERY PLAN': string }>(
          db,
          sql`EXPLAIN SELECT e.id FROM ${plan.from} ${plan.where} ORDER BY ${plan.order} LIMIT 100`,
        )
          .map((s) => s['QUERY PLAN'])
          .join('\n');
      };
      for (const query of ['鑫源商', 'KTV']) {
        expect(planOf(query, false)).toMatch(/Bitmap Index Scan on entities_name_trgm/);
      }
      // Punctuation, which pg_trgm does not read: the names holding the brackets, through the
      // set-of-characters index, then the fragment checked on those alone (not on every name the
      // trigram index would give for 老街).
      const bracketed = planOf('（老街）', false);
      expect(bracketed).toMatch(/Bitmap Index Scan on entities_name_char_set/);
      expect(bracketed).toMatch(/Index Cond: \(cd_name_char_set\(name\) @> '\{（,）\}'/);
      expect(bracketed).not.toMatch(/entities_name_trgm/);
      // One or two characters: the set-of-characters index of migration 018 (a Latin letter, which has
      // other forms, is checked on the names the Chinese character finds).
      for (const query of ['超市', '9店', 'A店']) {
        expect(planOf(query, false)).toMatch(/Bitmap Index Scan on entities_name_char_set/);
      }
      // 「店」 is in most of these names: the first rows in id order hold more than the cap of them, and
      // the table is walked in id order instead (repository/search-dense-pg.ts).
      expect(planOf('店', false)).toMatch(/Index Scan using entities_pkey/);
      // Code prefixes: the text_pattern_ops indexes of migration 015 (a collation-ordered unique index
      // cannot serve LIKE 'X%').
      const codes = planOf(uscc(123).slice(0, 16), true);
      expect(codes).toMatch(/Bitmap Index Scan on entities_uscc_prefix/);
      expect(codes).toMatch(/Bitmap Index Scan on entities_reg_no_prefix/);
    });

  it('treats a query of only punctuation and spaces as no name filter: browses, counted exactly', () => {
    stored();
    const all = search({ limit: 20 });
    for (const query of ['（', ' - ', '·', '（）', '、，']) {
      const r = search({ query, limit: 20 });
      expect(r).toMatchObject({ total: COUNT_CAP + 53, totalCapped: false });
      expect(r.rows).toEqual(all.rows);
    }
    expect(search({ query: '（', kind: 'enterprise' }).rows.map((r) => r.name)).toEqual([
      '示范县鑫源商贸有限公司',
      '示范县源鑫建材有限公司',
    ]);
    // With a letter or three characters an index answers, and the brackets count again.
    expect(search({ query: '（老街）' }).total).toBe(1);
    expect(search({ query: '（老' }).total).toBe(1);
  });

  it('searches only codes for a code prefix, in id order past the cap, and names for other code-like words', () => {
    stored();
    // Every shop's code begins 91410422MA: a dense match, paged in id order up to the cap.
    expect(isCodePrefix(db, '91410422ma')).toBe(true);
    const dense = search({ query: '91410422MA', offset: 200, limit: 50 });
    expect(dense).toMatchObject({ total: COUNT_CAP, totalCapped: true });
    expect(dense.rows.map((r) => r.id)).toEqual(Array.from({ length: 50 }, (_, i) => 201 + i));
    expect(search({ query: '9141', offset: COUNT_CAP - 10, limit: 50 }).rows).toHaveLength(10);
    // A sparse prefix: exactly its codes, in id order, and with a filter.
    const sparse = search({ query: uscc(123).slice(0, 16) });
    expect(sparse).toMatchObject({ total: 10, totalCapped: false });
    expect(sparse.rows.map((r) => r.name)).toEqual(
      Array.from({ length: 10 }, (_, i) => `东城街道第${120 + i}便利店`),
    );
    expect(search({ query: '91410422', kind: 'enterprise' }).rows.map((r) => r.code)).toEqual([
      uscc(20001),
      uscc(20002),
    ]);
    // No code begins with 12 or KTV: they are name fragments.
    expect(isCodePrefix(db, '12')).toBe(false);
    const twelve = search({ query: '12', limit: 500 });
    expect(twelve.total).toBeGreaterThan(100);
    expect(twelve.rows.every((r) => r.name.includes('12'))).toBe(true);
    const store = createEntityStore(db);
    store.upsert(
      entity(20004, '河口镇KTV歌城'),
      [],
      { batchId: null, source: 'test', at: '2026-01-01T00:00:00Z' },
      emptyCounts(),
    );
    expect(search({ query: 'ktv' }).rows.map((r) => r.name)).toEqual(['河口镇KTV歌城']);
  });

  // Only the desk's engine has this plan to check (declared per engine, not skipped).
  if (engine === 'sqlite')
    it('pages a dense code prefix by walking the table in id order (no sort of the matches)', () => {
      stored();
      const plan = planSearch(db, entitySearchInputSchema.parse({ query: '9141' }), true);
      expect(plan.denseWhere).toBeDefined();
      const steps = all<{ detail: string }>(
        db,
        sql`EXPLAIN QUERY PLAN SELECT e.id FROM ${plan.from} ${plan.denseWhere ?? sql.raw('')} ORDER BY e.id LIMIT 100`,
      ).map((s) => s.detail);
      expect(steps.join('\n')).not.toMatch(/TEMP B-TREE/);
    });
  it('filters by 管辖单位, industry section and the classes of one grading run, alone and with a name', () => {
    stored();
    const store = createEntityStore(db);
    const ctx = { batchId: null, source: 'test', at: '2026-01-01T00:00:00Z' };
    const placed = (i: number, name: string, jurisdiction: string, industryCode: string) =>
      store.upsert({ ...entity(i, name), jurisdiction, industryCode }, [], ctx, emptyCounts());
    const ids = [
      placed(30001, '城关所甲便利店', '城关市场监管所', 'F5211'),
      placed(30002, '城关所乙饭店', '城关市场监管所', 'H6210'),
      placed(30003, '河口所丙饭店', '河口市场监管所', 'H6210'),
      placed(30004, '河口所丁便利店', '河口市场监管所', 'F5212'),
      // Codes without their section letter, or in lower case, belong to their section all the same.
      placed(30005, '河口所戊饭店', '河口市场监管所', '6220'),
      placed(30006, '河口所己超市', '河口市场监管所', 'f5211'),
    ];
    const runOf = (n: number) =>
      run(
        db,
        sql`INSERT INTO grading_runs (id, model_id, model_version, as_of, created_by, created_at, status)
            VALUES (${n}, 'samr-risk', '1', '2026-10-31', 'test', '2026-10-31T00:00:00Z', 'complete')`,
      );
    runOf(1);
    runOf(2);
    const grade = (runId: number, id: number, g: string) =>
      run(
        db,
        sql`INSERT INTO grading_results (run_id, entity_id, grade, breakdown) VALUES (${runId}, ${id}, ${g}, '{}')`,
      );
    for (const [i, g] of ['C', 'D', 'C', 'A'].entries()) grade(1, ids[i]!, g);
    // The second run grades them otherwise: the filter must read only the run it names.
    for (const [i, g] of ['A', 'A', 'D', 'C'].entries()) grade(2, ids[i]!, g);
    const names = (input: Record<string, unknown>) => search(input).rows.map((r) => r.name);

    expect(names({ jurisdiction: '河口市场监管所' })).toEqual([
      '河口所丙饭店',
      '河口所丁便利店',
      '河口所戊饭店',
      '河口所己超市',
    ]);
    expect(names({ section: 'H' })).toEqual(['城关所乙饭店', '河口所丙饭店', '河口所戊饭店']);
    expect(names({ section: 'F', jurisdiction: '河口市场监管所' })).toEqual([
      '河口所丁便利店',
      '河口所己超市',
    ]);
    expect(names({ section: 'F', jurisdiction: '城关市场监管所' })).toEqual(['城关所甲便利店']);
    expect(names({ run: { runId: 1, classes: ['C'] } })).toEqual(['城关所甲便利店', '河口所丙饭店']);
    expect(names({ run: { runId: 1, classes: ['C', 'D'] } })).toEqual([
      '城关所甲便利店',
      '城关所乙饭店',
      '河口所丙饭店',
    ]);
    expect(names({ run: { runId: 2, classes: ['C'] } })).toEqual(['河口所丁便利店']);
    // A manual adjustment puts the entity in its new class; the latest adjustment is the one in force.
    const adjust = (id: number, from: string, to: string) =>
      run(
        db,
        sql`INSERT INTO grading_adjustments (run_id, entity_id, from_grade, to_grade, reason, adjusted_by, adjusted_at)
            VALUES (1, ${id}, ${from}, ${to}, '核实后调整', 'test', '2026-11-01T00:00:00Z')`,
      );
    adjust(ids[3]!, 'A', 'B');
    adjust(ids[3]!, 'B', 'C');
    adjust(ids[0]!, 'C', 'B');
    expect(names({ run: { runId: 1, classes: ['C'] } })).toEqual(['河口所丙饭店', '河口所丁便利店']);
    expect(names({ run: { runId: 1, classes: ['B'] } })).toEqual(['城关所甲便利店']);
    expect(search({ run: { runId: 1, classes: ['C', 'D'] }, jurisdiction: '城关市场监管所' }).total).toBe(1);
    expect(names({ query: '饭店', run: { runId: 1, classes: ['D'] } })).toEqual(['城关所乙饭店']);
    expect(search({ run: { runId: 3, classes: ['C'] } }).total).toBe(0);
    expect(() => search({ section: 'F5' })).toThrow();
  });
});
