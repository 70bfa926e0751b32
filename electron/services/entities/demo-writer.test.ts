/**
 * The demo's fast path (deferred name indexes, multi-row record inserts, records_type_date built at
 * the end) stores what the per-row path stores: the same rows with the same ids, name indexes that
 * agree with the table, the same schema; a second run of the same seed changes nothing; a cancel
 * leaves nothing behind, triggers and indexes included.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_COUNTY, generateDemoCounty } from '../../../shared/demo/index.ts';
import { creditRecordSchema, recordNaturalKey } from '../../../shared/domain/records.ts';
import { tempDir } from '../../../test/helpers/tmp.ts';
import { newDataKey } from '../../db/keyfile.ts';
import { type Db, openAndMigrate } from '../../db/open.ts';
import { writeDemoCounty } from './demo-writer.ts';
import { recordData } from './record-data.ts';

const AT = '2026-11-01T08:00:00.000Z';
const N = 1500;
const schema = (db: Db) => db.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY name').all();

describe('writeDemoCounty', () => {
  const t = tempDir();
  let db: Db;
  let emptySchema: unknown;

  beforeAll(() => {
    db = openAndMigrate(`${t.dir}/d.db`, newDataKey(), { create: true });
    emptySchema = schema(db);
  });
  afterAll(() => {
    db.close();
    t.cleanup();
  });

  it('a cancel rolls everything back, the dropped triggers and index included', () => {
    expect(() =>
      writeDemoCounty(db, {
        entities: N,
        seed: 'demo-writer',
        county: DEMO_COUNTY,
        actor: 'admin',
        at: AT,
        job: {
          progress() {},
          checkCancelled() {
            throw new Error('cancelled');
          },
        },
      }),
    ).toThrow('cancelled');
    expect(db.prepare('SELECT count(*) FROM entities').pluck().get()).toBe(0);
    expect(schema(db)).toEqual(emptySchema);
  });

  it('stores exactly the generated rows, in order, with the per-row path’s text; indexes agree', () => {
    const counts = writeDemoCounty(db, {
      entities: N,
      seed: 'demo-writer',
      county: DEMO_COUNTY,
      actor: 'admin',
      at: AT,
    });
    const generated = [
      ...generateDemoCounty({ entities: N, seed: 'demo-writer', county: DEMO_COUNTY, asOf: '2026-10-31' }),
    ];
    const entities = db
      .prepare('SELECT id, uscc, reg_no, name, batch_id FROM entities ORDER BY id')
      .all() as {
      id: number;
      uscc: string | null;
      reg_no: string | null;
      name: string;
      batch_id: number;
    }[];
    expect(entities.map((e) => [e.id, e.uscc, e.reg_no, e.name])).toEqual(
      generated.map((g, i) => [i + 1, g.entity.uscc, g.entity.regNo, g.entity.name]),
    );
    const records = db
      .prepare('SELECT id, entity_id, type, date, natural_key, data FROM records ORDER BY id')
      .raw()
      .all();
    const expected = generated.flatMap((g, i) =>
      g.records.map((r) => {
        const v = creditRecordSchema.parse(r);
        return [i + 1, v.type, v.date, recordNaturalKey(v), JSON.stringify(recordData(v))];
      }),
    );
    expect(records.map((r) => (r as unknown[]).slice(1))).toEqual(expected);
    expect(records.map((r) => (r as unknown[])[0])).toEqual(expected.map((_, i) => i + 1));
    expect(counts).toMatchObject({ inserted: N, recordsInserted: expected.length, recordsUnchanged: 0 });
    // The bulk-built name indexes hold every row and agree with the table.
    db.exec("INSERT INTO entities_fts(entities_fts) VALUES('integrity-check')");
    db.exec("INSERT INTO entities_chars(entities_chars) VALUES('integrity-check')");
    expect(db.prepare('SELECT count(*) FROM entities_fts').pluck().get()).toBe(N);
    const name = entities[700]?.name as string;
    const hit = db
      .prepare('SELECT rowid FROM entities_chars WHERE entities_chars MATCH ?')
      .pluck()
      .all(`"${[...name].join(' ')}"`);
    expect(hit).toContain(701);
    expect(schema(db)).toEqual(emptySchema);
    // The rows were written without evaluating CHECK constraints; integrity_check evaluates them all.
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('CHECK constraints are skipped only while the demo writes its rows: the same connection keeps them', () => {
    const bad = db.prepare(
      `INSERT INTO records (entity_id, type, date, natural_key, data, created_at)
       VALUES (1, 'complaint', '2026-01-01', 'after-demo', '{not json', ?)`,
    );
    expect(() => bad.run(AT)).toThrow(/CHECK constraint failed/);
    expect(db.pragma('ignore_check_constraints', { simple: true })).toBe(0);
  });

  it('the same seed again changes nothing; a new entity written later is indexed by its trigger', () => {
    const again = writeDemoCounty(db, {
      entities: N,
      seed: 'demo-writer',
      county: DEMO_COUNTY,
      actor: 'admin',
      at: AT,
    });
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: N, recordsInserted: 0 });
    expect(schema(db)).toEqual(emptySchema);
    db.prepare(
      `INSERT INTO entities (uscc, name, kind, status, created_at, updated_at)
       VALUES ('91000000000000001X', '测试后加主体', 'enterprise', 'active', ?, ?)`,
    ).run(AT, AT);
    expect(
      db.prepare(`SELECT count(*) FROM entities_chars WHERE entities_chars MATCH '"后 加"'`).pluck().get(),
    ).toBe(1);
  });

  it('the blocking steps after the rows are covered by estimates that stop when each step has ended', () => {
    const other = tempDir();
    const fresh = openAndMigrate(`${other.dir}/e.db`, newDataKey(), { create: true });
    try {
      const events: string[] = [];
      writeDemoCounty(fresh, {
        entities: 300,
        seed: 'estimates',
        county: DEMO_COUNTY,
        actor: 'admin',
        at: AT,
        job: {
          progress: (done, _total, stage) => {
            if (stage) events.push(`${stage} ${done}`);
          },
          checkCancelled() {},
        },
        estimate: (stage, expectedMs) => {
          expect(expectedMs).toBeGreaterThan(0);
          events.push(`estimate ${stage}`);
          return () => events.push(`stopped ${stage} in transaction: ${fresh.inTransaction}`);
        },
      });
      expect(events.at(-5)).toBe('正在建立名称检索 300');
      expect(events.slice(-4)).toEqual([
        'estimate 正在建立索引',
        'stopped 正在建立索引 in transaction: true',
        'estimate 正在保存演示数据',
        'stopped 正在保存演示数据 in transaction: false',
      ]);
    } finally {
      fresh.close();
      other.cleanup();
    }
  });
});
