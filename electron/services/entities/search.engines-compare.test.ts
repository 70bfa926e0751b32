/**
 * The entity search answers alike on both engines (issue 17): the same few thousand entities — a demo
 * county plus names with punctuation, Latin letters in mixed case and LIKE's own wildcards — stored in
 * a SQLite database and a PostgreSQL one, then every query asked of both: name fragments of one to four
 * characters, punctuation only, code prefixes of every length, each alone, with every filter and on a
 * later page. Rows, their order, totals and capping must be equal; tookMs alone may differ.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { entitySearchInputSchema } from '../../../shared/api/contract.ts';
import { DEMO_COUNTY, generateDemoCounty } from '../../../shared/demo/index.ts';
import type { Entity } from '../../../shared/domain/entity.ts';
import { storeEntities } from '../../../test/helpers/entities-testkit.ts';
import { describePg, type PgCluster, startPgCluster } from '../../../test/helpers/pg-cluster.ts';
import { tempDir } from '../../../test/helpers/tmp.ts';
import { type Db, openAndMigrate } from '../../db/open.ts';
import { openAndMigratePg } from '../../db/postgres/pg-db.ts';
import { type DataDoor, run, sql } from '../../db/sql.ts';
import { COUNT_CAP, isCodePrefix, planSearch } from './repository/search.ts';
import { COUNTY_WIDE } from '../users/entity-scope.ts';
import { searchEntities } from './search.ts';

const DEMO_ENTITIES = 2500;
/** Shops enough to pass the count cap, so capped counts and the pages near the cap are compared too. */
const SHOPS = COUNT_CAP + 100;

/** Names that test what the demo county lacks: each fragment rule's edges. */
const PECULIAR = [
  '河口镇KTV歌城',
  '东城ktv量贩',
  'Ktv会所（西城店）',
  'ＫＴＶ娱乐城',
  '有·限小吃',
  '有 限 商店',
  '有限',
  '有一限店',
  '张三·李四餐馆',
  'A&B贸易有限公司',
  '100%纯净水店',
  '1000纯净水店',
  'a_b工作室',
  'axb工作室',
  "O'Neil咖啡馆",
  '“老字号”商行',
  'back\\slash书店',
  'ABC-123汽修',
  'abc—123汽配',
  'Abc 123 车行',
  '东城（一）分店',
  '（）',
  '第1分店',
  '号楼商店',
  'X',
  'Café咖啡',
  'CAFÉ甜品',
  'Łódź饭店',
  'Straße商店',
  'Ωmega健身',
];

function peculiar(i: number, name: string): Entity {
  // Half carry only a registration number: code prefixes search both columns.
  const regOnly = i % 2 === 1;
  return {
    uscc: regOnly ? null : `93410422MA${String(i).padStart(8, '0')}`,
    regNo: regOnly ? `4104226${String(i).padStart(8, '0')}` : null,
    name,
    kind: i % 3 === 0 ? 'enterprise' : 'individual',
    legalRep: null,
    regionCode: '410422',
    township: i % 4 === 0 ? '东城街道' : '河口镇',
    jurisdiction: i % 4 === 0 ? '东城市场监管所' : '河口市场监管所',
    industryCode: ['F5212', 'H6291', '6210', 'f5211', null][i % 5] ?? null,
    industryName: null,
    address: null,
    establishedOn: null,
    status: i % 6 === 5 ? 'cancelled' : 'active',
    capitalAmount: null,
    capitalUnit: null,
    capitalCurrency: null,
    phone: null,
    tags: [],
  };
}

const demo = [
  ...generateDemoCounty({
    entities: DEMO_ENTITIES,
    seed: 'compare',
    county: DEMO_COUNTY,
    asOf: '2026-10-31',
  }),
].map((d) => d.entity);
const shops = Array.from({ length: SHOPS }, (_, i): Entity => {
  const base = peculiar(i, `东城街道第${i + 1}便利店`);
  return { ...base, uscc: `91410422MB${String(i).padStart(8, '0')}`, regNo: null };
});
const entities = [...demo, ...shops, ...PECULIAR.map((name, i) => peculiar(i, name))];

/** Two grading runs over every entity, and manual adjustments (the latest one counts) in the first. */
function grade(db: DataDoor): void {
  for (const id of [1, 2]) {
    run(
      db,
      sql`INSERT INTO grading_runs (id, model_id, model_version, as_of, created_by, created_at, status)
          VALUES (${id}, 'samr-risk', '1', '2026-10-31', 'test', '2026-10-31T00:00:00Z', 'complete')`,
    );
    run(
      db,
      sql`INSERT INTO grading_results (run_id, entity_id, grade, breakdown)
          SELECT ${id}, id, CASE (id + ${id}) % 4 WHEN 0 THEN 'A' WHEN 1 THEN 'B' WHEN 2 THEN 'C' ELSE 'D' END, '{}'
          FROM entities`,
    );
  }
  for (const [every, to] of [
    [7, 'D'],
    [21, 'A'],
  ] as const) {
    run(
      db,
      sql`INSERT INTO grading_adjustments (run_id, entity_id, from_grade, to_grade, reason, adjusted_by, adjusted_at)
          SELECT 1, id, 'B', ${to}, '核实后调整', 'test', '2026-11-01T00:00:00Z' FROM entities WHERE id % ${every} = 0`,
    );
  }
}

/** Fragments of 1–4 characters cut from the demo's names, at several places. */
function fragments(): string[] {
  const out: string[] = [];
  for (let i = 0; i < 24; i++) {
    const chars = [...demo[(i * 73) % demo.length]!.name];
    const len = 1 + (i % 4);
    const at = (i * 5) % Math.max(1, chars.length - len);
    out.push(chars.slice(at, at + len).join(''));
  }
  return out;
}

const CRAFTED = [
  'ktv',
  'KTV',
  'Ktv',
  'ＫＴＶ',
  'ｋｔｖ',
  'kt',
  'K',
  'x',
  '有限',
  '有·',
  '·限',
  '有 限',
  '限小',
  '%',
  '100%',
  '00%',
  '_',
  'a_b',
  '_b工',
  '\\',
  'k\\s',
  "O'N",
  "'",
  '“老',
  '老字号',
  'abc-1',
  'ABC',
  'c-',
  'c—1',
  'c 1',
  '—',
  '（一）',
  '（一',
  '1',
  '12',
  '第1',
  '（',
  '·',
  ' - ',
  '（）',
  '、，',
  '号楼',
  '店',
  '有限公司',
  'e',
  'é',
  'É',
  'fé',
  'o',
  'ó',
  'ł',
  'L',
  'ß',
  's',
  'ω',
  'afé',
  'AFÉ',
  'caf',
  'ŁÓD',
  'ωme',
];

function codePrefixes(): string[] {
  const usccs = demo.flatMap((e) => (e.uscc ? [e.uscc] : []));
  const out = ['9', '91', '92', '9141', '91410422', '91410422MB', '93410422', '4104226', '41042260000'];
  for (let i = 0; i < 12; i++) {
    const code = usccs[(i * 211) % usccs.length]!;
    const prefix = code.slice(0, [2, 4, 6, 8, 10, 12, 14, 16, 17, 18][i % 10]);
    out.push(i % 3 === 0 ? prefix.toLowerCase() : prefix);
  }
  out.push('9141 0422', '９１４１', '4104226-0000');
  return out;
}

const FILTERS: Record<string, unknown>[] = [
  {},
  { township: '东城街道', kind: 'individual' },
  { kind: 'enterprise' },
  { kind: 'individual', status: 'active' },
  { status: 'cancelled' },
  { township: '东城街道' },
  { jurisdiction: '河口市场监管所' },
  { section: 'F' },
  { section: 'H', jurisdiction: '东城市场监管所' },
  { section: 'A' },
];
/** The class filters cost a read of the whole run: asked with every third query. */
const RUN_FILTERS: Record<string, unknown>[] = [
  { run: { runId: 1, classes: ['D'] } },
  { run: { runId: 1, classes: ['A', 'C'] }, kind: 'enterprise' },
  { run: { runId: 2, classes: ['B'] } },
];

const PAGES = [{}, { offset: 40, limit: 40 }, { offset: COUNT_CAP - 5, limit: 20 }];

describePg('entity search · SQLite and PostgreSQL answer alike', () => {
  let cluster: PgCluster | undefined;
  let lite: Db;
  let pg: DataDoor;
  let cleanup = () => {};
  beforeAll(async () => {
    cluster = await startPgCluster();
    pg = openAndMigratePg(cluster.url);
    const t = tempDir();
    cleanup = t.cleanup;
    lite = openAndMigrate(join(t.dir, 's.db'), randomBytes(32), { create: true });
    for (const db of [lite, pg]) {
      storeEntities(db, entities);
      grade(db);
    }
  }, 120_000);
  afterAll(() => {
    lite?.close();
    pg?.close();
    cluster?.stop();
    cleanup();
  });

  /** Asks both engines every query with every filter (and later pages unfiltered); what they found. */
  function compare(queries: string[]) {
    let compared = 0;
    let withRows = 0;
    let capped = 0;
    for (const [i, query] of queries.entries()) {
      for (const filter of i % 3 === 0 ? [...FILTERS, ...RUN_FILTERS] : FILTERS) {
        for (const page of filter === FILTERS[0] ? PAGES : PAGES.slice(0, 1)) {
          const input = entitySearchInputSchema.parse({ query, ...filter, ...page });
          // Every fifth query as an officer of one 管辖单位 (users/entity-scope.ts).
          const scope = i % 5 === 0 ? { jurisdiction: '东城市场监管所' } : COUNTY_WIDE;
          const { tookMs: _a, ...onSqlite } = searchEntities(lite, input, scope);
          const { tookMs: _b, ...onPg } = searchEntities(pg, input, scope);
          expect({ input, ...onPg }).toEqual({ input, ...onSqlite });
          compared++;
          if (onSqlite.rows.length > 0) withRows++;
          if (onSqlite.totalCapped) capped++;
        }
      }
    }
    return { compared, withRows, capped };
  }
  // Each group asks a few hundred pairs of searches: seconds on a quiet machine, more on a busy one.
  const SLOW = 180_000;

  it(
    'the same rows, order, totals and capping for fragments cut from the demo names',
    () => {
      const r = compare(fragments());
      // The comparison means something only if the queries find rows, and some hit the cap.
      expect(r.compared).toBeGreaterThan(300);
      expect(r.withRows).toBeGreaterThan(r.compared / 2);
      expect(r.capped).toBeGreaterThan(5);
    },
    SLOW,
  );

  it(
    'the same for mixed case, diacritics, punctuation and LIKE wildcards',
    () => {
      const r = compare(CRAFTED);
      expect(r.withRows).toBeGreaterThan(r.compared / 3);
      expect(r.capped).toBeGreaterThan(0);
    },
    SLOW,
  );

  it(
    'the same for code prefixes of every length, in any case and width',
    () => {
      const r = compare(codePrefixes());
      expect(r.withRows).toBeGreaterThan(r.compared / 2);
      expect(r.capped).toBeGreaterThan(5);
    },
    SLOW,
  );

  it('on PostgreSQL, walks a dense match in id order and counts browsing from the kept counts', () => {
    const plan = (input: Record<string, unknown>) => {
      const parsed = entitySearchInputSchema.parse(input);
      return planSearch(pg, parsed, isCodePrefix(pg, parsed.query));
    };
    // Every shop is a 便利店 and a 91410422MB…: over the cap within the first rows in id order.
    for (const query of ['便利店', '店', '91410422MB']) {
      expect(plan({ query }).knownCount).toBe(COUNT_CAP + 1);
    }
    // Rare matches stay with the indexes, and filters no count is kept by count the table.
    expect(plan({ query: 'KTV' }).knownCount).toBeUndefined();
    // A grade filter reads the run's results for every row it tests: the indexes answer.
    expect(plan({ query: '店', run: { runId: 1, classes: ['D'] } }).knownCount).toBeUndefined();
    expect(plan({ section: 'F' }).knownCount).toBeUndefined();
    expect(plan({}).knownCount).toBe(entities.length);
    expect(plan({ query: '（', kind: 'individual', township: '东城街道' }).knownCount).toBe(
      entities.filter((e) => e.kind === 'individual' && e.township === '东城街道').length,
    );
  });

  it('the edge names each fragment rule turns on are found, on both engines alike', () => {
    // The last page: these names were stored last.
    const names = (db: DataDoor, query: string) => {
      const { total } = searchEntities(db, entitySearchInputSchema.parse({ query }), COUNTY_WIDE);
      const last = { query, offset: Math.max(0, total - 50), limit: 50 };
      return searchEntities(db, entitySearchInputSchema.parse(last), COUNTY_WIDE).rows.map((r) => r.name);
    };
    const expected: [string, string[]][] = [
      // Three or more characters: as typed, any case, wildcards literal.
      ['ktv', ['河口镇KTV歌城', '东城ktv量贩', 'Ktv会所（西城店）']],
      ['100%', ['100%纯净水店']],
      ['a_b', ['a_b工作室']],
      // One or two: letters and digits only, adjacent but for other characters between them.
      ['有限', expect.arrayContaining(['有·限小吃', '有 限 商店', '有限']) as unknown as string[]],
      ['·限', expect.arrayContaining(['有·限小吃', '有 限 商店', '有限']) as unknown as string[]],
      // …and read a Latin letter with a diacritic as its base letter.
      ['e', expect.arrayContaining(['Café咖啡', 'CAFÉ甜品']) as unknown as string[]],
      ['ó', expect.arrayContaining(['Łódź饭店']) as unknown as string[]],
      // A letter between them is no gap.
      ['有限', expect.not.arrayContaining(['有一限店']) as unknown as string[]],
    ];
    for (const [query, want] of expected) {
      expect(names(lite, query)).toEqual(want);
      expect(names(pg, query)).toEqual(names(lite, query));
    }
  });
});
