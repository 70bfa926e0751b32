/**
 * The PostgreSQL migration runner and what the PostgreSQL schema must do by itself, beyond the catalog
 * comparison of schema-equivalence.test.ts: the audit log's refusals and chain head, SQLite's JSON and
 * date checks, the monitoring keys computed in SQL exactly as the JavaScript normaliser computes them,
 * and Chinese fragment search on the trigram index.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { normaliseAddress, normalisePersonName } from '../../../shared/monitoring/normalise.ts';
import { staticImportGraph } from '../../../test/helpers/static-imports.ts';
import { describePg, type PgCluster, startPgCluster } from '../../../test/helpers/pg-cluster.ts';
import type { PgMigration } from './migration.ts';
import { migratePg, schemaVersion } from './migrate.ts';
import { PG_MIGRATIONS } from './migrations/index.ts';
import { openSyncConnection, type SyncConnection } from './sync-connection.ts';

/** The newest migration: the runner answers it, and a database fully migrated records it. */
const LATEST = PG_MIGRATIONS.at(-1)?.version ?? 0;

const AT = '2026-12-01T00:00:00.000Z';

describePg('PostgreSQL migrations', () => {
  let cluster: PgCluster;
  let db: SyncConnection;
  beforeAll(async () => {
    cluster = await startPgCluster();
    db = openSyncConnection(cluster.url);
    const started = performance.now();
    migratePg(db);
    console.log(
      `cluster ready in ${cluster.startMs.toFixed(0)} ms; migrations 001–${String(LATEST).padStart(3, '0')} in ${(performance.now() - started).toFixed(0)} ms`,
    );
  });
  afterAll(() => {
    db?.close();
    cluster?.stop();
  });

  /** A second database on the same cluster, for runs that must start from nothing. */
  const freshDatabase = (name: string, options = ''): SyncConnection => {
    db.exec(`CREATE DATABASE ${name} ${options}`);
    return openSyncConnection(cluster.url.replace(/\/[^/]+$/, `/${name}`));
  };

  it('records one version per migration, and a second run changes nothing', () => {
    const rows = db.query<{ version: number; name: string }>(
      'SELECT version, name FROM schema_version ORDER BY 1',
    );
    expect(rows).toEqual(PG_MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
    const tables = () =>
      db.query<{ n: number }>(`SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public'`);
    const before = tables();
    expect(migratePg(db)).toBe(LATEST);
    expect(tables()).toEqual(before);
    expect(schemaVersion(db)).toBe(LATEST);
  });

  it('a failing migration leaves the database at the version before it, with nothing of it applied', () => {
    const other = freshDatabase('cd_failing');
    try {
      const failing: PgMigration = {
        version: LATEST + 1,
        name: 'failing',
        up(c) {
          c.exec('CREATE TABLE half_done (id bigint)');
          c.exec('SELECT 1/0');
        },
      };
      expect(() => migratePg(other, [...PG_MIGRATIONS, failing])).toThrow(
        expect.objectContaining({ code: '22012' }),
      );
      expect(schemaVersion(other)).toBe(LATEST);
      expect(other.query(`SELECT 1 FROM pg_tables WHERE tablename = 'half_done'`)).toEqual([]);
    } finally {
      other.close();
    }
  });

  it('refuses a database made by a newer program', () => {
    const other = freshDatabase('cd_newer');
    try {
      migratePg(other);
      other.run(`INSERT INTO schema_version (version, name, applied_at) VALUES (99, 'future', $1)`, [AT]);
      expect(() => migratePg(other)).toThrow(/更新版本/);
    } finally {
      other.close();
    }
  });

  it('refuses a database whose character type cannot read Chinese (C locale), before creating anything', () => {
    const other = freshDatabase('cd_c_locale', `TEMPLATE template0 LC_CTYPE 'C' LC_COLLATE 'C'`);
    try {
      expect(() => migratePg(other)).toThrow(/UTF-8/);
      expect(schemaVersion(other)).toBe(0);
      expect(other.query(`SELECT 1 FROM pg_tables WHERE tablename = 'entities'`)).toEqual([]);
    } finally {
      other.close();
    }
  });

  const audit = (id: number, hash: string) =>
    db.run(
      `INSERT INTO audit_log (at, actor, action, detail, prev_hash, hash) VALUES ($1, 'admin', 'test', '{}', $2, $3)`,
      [AT, id === 1 ? '0'.repeat(64) : `h${id - 1}`, hash],
    );

  it('the audit log is append-only and its head follows every insert', () => {
    audit(1, 'h1');
    audit(2, 'h2');
    expect(db.query('SELECT last_id, last_hash, entries FROM audit_head')).toEqual([
      { last_id: 2, last_hash: 'h2', entries: 2 },
    ]);
    for (const [statement, message] of [
      [`UPDATE audit_log SET actor = 'x'`, '操作日志只能追加，不能修改'],
      ['DELETE FROM audit_log', '操作日志只能追加，不能删除'],
      ['TRUNCATE audit_log', '操作日志只能追加，不能删除'],
      ['DELETE FROM audit_head', '操作日志链尾记录不能删除'],
      ['TRUNCATE audit_head CASCADE', '操作日志链尾记录不能删除'],
    ] as const) {
      expect(() => db.exec(statement), statement).toThrow(
        expect.objectContaining({ code: '23001', message }),
      );
    }
    expect(db.query<{ n: number }>('SELECT count(*) AS n FROM audit_log')).toEqual([{ n: 2 }]);
  });

  const entity = (uscc: string, name: string, extra: { address?: string; legal_rep?: string } = {}) =>
    db.query<{ id: number }>(
      `INSERT INTO entities (uscc, name, kind, status, address, legal_rep, created_at, updated_at)
       VALUES ($1, $2, 'enterprise', 'active', $3, $4, $5, $5) RETURNING id`,
      [uscc, name, extra.address ?? null, extra.legal_rep ?? null, AT],
    )[0]!.id;

  it("keeps SQLite's checks: JSON must parse (NULL passes where the column allows it), dates are ISO", () => {
    const id = entity('91410000000000001X', '检查用主体');
    const record = (date: string, data: string) =>
      db.run(
        `INSERT INTO records (entity_id, type, date, natural_key, data, created_at)
         VALUES ($1, 'penalty', $2, $3, $4, $5)`,
        [id, date, `${date}/${data}`, data, AT],
      );
    record('2025-03-01', '{"a":1}');
    expect(() => record('2025-03-02', '{"a":')).toThrow(expect.objectContaining({ code: '22P02' }));
    expect(() => record('2025/03/02', '{}')).toThrow(expect.objectContaining({ code: '23514' }));
    expect(() => record('2025-03-021', '{}')).toThrow(expect.objectContaining({ code: '23514' }));
    // current_grades.breakdown may be NULL (not graded any more), as on SQLite.
    expect(db.query(`SELECT cd_json_valid(NULL) IS NULL AS passes`)).toEqual([{ passes: true }]);
    // The stored JSON is the text as written, byte for byte (hashes are taken over it).
    db.run(`INSERT INTO settings (key, value) VALUES ('k', $1)`, ['{ "b":1, "a" : 2 }']);
    expect(db.query(`SELECT value FROM settings WHERE key = 'k'`)).toEqual([{ value: '{ "b":1, "a" : 2 }' }]);
  });

  it('computes address and person keys exactly as the JavaScript normaliser does', () => {
    const samples = [
      '河南省 安阳市　林州市 幸福路１号',
      '幸福路1号',
      'ｒｏｏｍ　１０１，ＢＬＤＧ ａ',
      'straße 5',
      'ﬀ ligature',
      'Ǆ ǅ ǆ',
      'ΐ',
      'i ı İ',
      '买买提·艾力',
      '买买提•艾力',
      '买买提‧艾力',
      '买买提・艾力',
      '买买提･艾力',
      '买买提∙艾力',
      'zero\u200bwidth\u200c\u200d\ufeffjoin',
      '\u00a0\u1680\u2000\u200a\u2028\u2029\u202f\u205f\u3000',
      '\t\n\u000b\f\r',
      "o'neil \\ ＼ ＇",
      '',
      // Every printable character of Latin-1 and the full-width block, one string each.
      ...Array.from({ length: 0x24f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)),
      ...Array.from({ length: 0xffef - 0xff00 }, (_, i) => String.fromCharCode(0xff00 + i)),
    ];
    const rows = db.query<{ s: string; address: string | null; person: string | null }>(
      `SELECT s, cd_address_key(s) AS address, cd_person_key(s) AS person
       FROM json_array_elements_text($1::json) WITH ORDINALITY AS t(s, n) ORDER BY n`,
      [JSON.stringify(samples)],
    );
    // Upper-casing follows each side's Unicode tables; a capital newer than the server's ICU differs.
    // Such characters are listed here one by one, with the version that added their capital.
    const UNICODE_VERSION_GAPS: Record<string, string> = {
      ƛ: 'capital Ꟛ (U+A7DC) added in Unicode 16; Debian 12 ICU 72 (Unicode 15) leaves ƛ as it is',
    };
    const agreed = rows.filter((r) => !UNICODE_VERSION_GAPS[r.s]);
    expect(agreed).toEqual(
      samples
        .filter((s) => !UNICODE_VERSION_GAPS[s])
        .map((s) => ({ s, address: normaliseAddress(s), person: normalisePersonName(s) })),
    );
    // And the generated columns use them, on insert and on update.
    const id = entity('91410000000000002X', '键值主体', { address: '幸福路１号', legal_rep: '买买提•艾力' });
    db.run(`UPDATE entities SET address = $1 WHERE id = $2`, ['ｘｉｎｇｆｕ路 2 号', id]);
    expect(db.query(`SELECT address_key, person_key FROM entities WHERE id = $1`, [id])).toEqual([
      {
        address_key: normaliseAddress('ｘｉｎｇｆｕ路 2 号'),
        person_key: normalisePersonName('买买提•艾力'),
      },
    ]);
  });

  it('finds a Chinese fragment of a name through the trigram index', () => {
    for (let i = 0; i < 200; i++)
      entity(`9141000000000${String(i).padStart(4, '0')}Y`, `某某县第${i}号商贸有限公司`);
    const target = entity('91410000000009999Z', '林州市红旗渠食品有限公司');
    const search = `SELECT id FROM entities WHERE name LIKE '%' || $1 || '%'`;
    expect(db.query(search, ['红旗渠食品'])).toEqual([{ id: target }]);
    // With 200 rows the planner would scan anyway; forbidding that shows the index can answer it.
    db.transaction(() => {
      db.exec('SET LOCAL enable_seqscan = off');
      const plan = db
        .query<{ 'QUERY PLAN': string }>(`EXPLAIN ${search.replace('$1', "'红旗渠食品'")}`)
        .map((r) => r['QUERY PLAN'])
        .join('\n');
      expect(plan).toMatch(/entities_name_trgm/);
    });
  });
});

it('nothing the desktop app loads at start-up reaches the PostgreSQL code', () => {
  const root = new URL('../../../', import.meta.url).pathname;
  for (const entry of [
    'electron/main/main.ts',
    'electron/backend/worker.ts',
    'electron/backend/jobs/job-worker.ts',
  ]) {
    const { files, packages } = staticImportGraph(`${root}${entry}`);
    expect(
      [...files].filter((f) => f.includes('/electron/db/postgres/')),
      entry,
    ).toEqual([]);
    expect(packages.has('pg'), entry).toBe(false);
  }
});
