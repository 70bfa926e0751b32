/**
 * `creditdesk server import-desk` against a throwaway PostgreSQL cluster (issue 17 item 4): a demo desk —
 * a few hundred entities, graded once, with a drawn plan and its audit entries — moved into an empty
 * server database; every table's rows compared on both engines (count and a digest of the stored
 * values, computed here from each side); the server's chain verifies and ends with the move's entry
 * naming the desk's head; and every refusal leaves the server as it was.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '../electron/db/open.ts';
import { PG_MIGRATIONS } from '../electron/db/postgres/migrations/index.ts';
import { migratePg } from '../electron/db/postgres/migrate.ts';
import { openPgDb, type PgDatabase } from '../electron/db/postgres/pg-db.ts';
import { openSyncConnection, type SyncConnection } from '../electron/db/postgres/sync-connection.ts';
import { all, type DataDoor, type SqlValue, sql, value } from '../electron/db/sql.ts';
import { deferAudit } from '../electron/services/audit/deferred.ts';
import { verifyAuditChain } from '../electron/services/audit/verify.ts';
import { moveDeskToServer } from '../electron/services/bureau-move/move.ts';
import { deskCatalog } from '../electron/services/bureau-move/repository/desk.ts';
import { describePg, type PgCluster, startPgCluster } from '../test/helpers/pg-cluster.ts';
import { tempDir } from '../test/helpers/tmp.ts';
import { capture } from './capture.testkit.ts';
import { openAs } from './credentials.ts';
import { main } from './main.ts';

const PASSWORD = { CREDITDESK_PASSWORD: 'county-secret-1' };

const TASK = {
  number: '测试县市监抽〔2026〕7号',
  name: '公示信息抽查',
  startDate: '2026-11-02',
  endDate: '2026-11-20',
  items: [{ code: 'A07', qualification: null }],
  teamSize: 2,
  classOrder: ['A', 'B', 'C', 'D'],
  ratios: {
    enterprise: { A: 300, B: 500, C: 1000, D: 3000, unclassified: 500 },
    cooperative: { A: 300, B: 500, C: 1000, D: 3000, unclassified: 500 },
    individual: { A: 100, B: 200, C: 500, D: 1000, unclassified: 200 },
  },
  conflicts: [],
  exclusions: [],
};

/** One stored value in a spelling both engines' drivers give alike (bytea and BLOB as hex). */
function spell(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (v instanceof Uint8Array) return `x${Buffer.from(v).toString('hex')}`;
  if (typeof v === 'number' || typeof v === 'bigint') return `n${String(v)}`;
  return `s${String(v)}`;
}

/** Row count and an order-free digest of every table's stored columns (the desk's catalog names them). */
function tableDigests(db: DataDoor, tables: { name: string; columns: string[] }[]) {
  const out: Record<string, { rows: number; digest: string }> = {};
  for (const t of tables) {
    const cols = t.columns.map((c) => `"${c}"`).join(', ');
    const rows = all<Record<string, SqlValue>>(
      db,
      sql`SELECT ${sql.raw(cols)} FROM ${sql.raw(`"${t.name}"`)}`,
    );
    const lines = rows.map((r) => JSON.stringify(t.columns.map((c) => spell(r[c])))).sort();
    out[t.name] = { rows: rows.length, digest: createHash('sha256').update(lines.join('\n')).digest('hex') };
  }
  return out;
}

function deskTables(desk: Db) {
  return deskCatalog(desk).map((t) => ({ name: t.name, columns: t.columns.map((c) => c.name) }));
}

describePg('creditdesk server import-desk', () => {
  let cluster: PgCluster;
  let admin: SyncConnection;
  let dir: { dir: string; cleanup(): void };
  let deskPath: string;
  let made = 0;
  const open: { close(): void }[] = [];

  /** A new empty database on the cluster: its URL, and (when asked) migrated up to `version` only. */
  function newDatabase(version?: number): string {
    const name = `cd_move_${++made}`;
    admin.exec(`CREATE DATABASE ${name}`);
    const url = cluster.url.replace(/\/[^/]+$/, `/${name}`);
    if (version !== undefined) {
      const c = openSyncConnection(url);
      migratePg(
        c,
        PG_MIGRATIONS.filter((m) => m.version <= version),
      );
      c.close();
    }
    return url;
  }

  function server(url: string): PgDatabase {
    const db = openPgDb(url);
    open.push(db);
    return db;
  }

  beforeAll(async () => {
    cluster = await startPgCluster();
    admin = openSyncConnection(cluster.url);
    dir = tempDir();
    deskPath = join(dir.dir, 'county.db');
    expect(
      await main(['demo', '--db', deskPath, '--entities', '300', '--seed', 'move-1'], capture(PASSWORD).io),
    ).toBe(0);
    expect(
      await main(
        ['grade', '--db', deskPath, '--model', 'samr-risk', '--as-of', '2026-10-31'],
        capture(PASSWORD).io,
      ),
    ).toBe(0);
    const backend = await openAs(capture(PASSWORD).io, deskPath);
    await backend.call('sampling.demo.seed', {});
    // A case attachment: the desk's one BLOB column (bytea on the server), every byte value in it.
    backend
      .db()
      .prepare(
        `INSERT INTO case_attachments (case_kind, case_id, kind, file_name, size, sha256, content, added_at, added_by)
         VALUES ('repair', 1, 'evidence', '现场照片.jpg', 256, 'x', ?, '2026-11-02T01:00:00.000Z', 'admin')`,
      )
      .run(Buffer.from(Array.from({ length: 256 }, (_, i) => i)));
    backend.close();
    const taskFile = join(dir.dir, 'task.json');
    writeFileSync(taskFile, JSON.stringify(TASK));
    expect(await main(['sample', '--db', deskPath, '--task', taskFile], capture(PASSWORD).io)).toBe(0);
  }, 120_000);

  afterAll(() => {
    for (const db of open.splice(0)) db.close();
    admin?.close();
    cluster?.stop();
    dir?.cleanup();
  });

  it('moves every table with equal rows, continues the chain with the move entry, and refuses a second move', async () => {
    const url = newDatabase();
    const c = capture(PASSWORD);
    expect(await main(['server', 'import-desk', '--db', deskPath, '--database', url, '--json'], c.io)).toBe(
      0,
    );
    const out = JSON.parse(c.out[0]!);
    expect(Object.keys(out)).toEqual(['moved', 'auditVerified', 'serverHead', 'deskHead']);
    expect(out.auditVerified).toBe(true);
    expect(c.err.join('\n')).toMatch(/迁入 entities：300 \/ 300 行/);
    expect(c.err.join('\n')).toMatch(/设置服务器密码.*admin/);

    // The desk as it is now: the command's own login and logout came after the move's snapshot.
    const backend = await openAs(capture(PASSWORD).io, deskPath, { lock: false });
    const desk = backend.db();
    const tables = deskTables(desk);
    const pg = server(url);
    const deskSide = tableDigests(desk, tables);
    const serverSide = tableDigests(pg, tables);
    backend.close();

    expect(Object.keys(out.moved).sort()).toEqual(tables.map((t) => t.name).sort());
    for (const t of tables) {
      if (t.name === 'audit_log' || t.name === 'audit_head') continue;
      expect({ table: t.name, ...serverSide[t.name] }).toEqual({ table: t.name, ...deskSide[t.name] });
      expect(out.moved[t.name]).toBe(deskSide[t.name]!.rows);
    }
    expect(deskSide.entities!.rows).toBe(300);
    expect(deskSide.grading_results!.rows).toBeGreaterThan(0);
    expect(deskSide.inspection_plan_entries!.rows).toBeGreaterThan(0);
    expect(deskSide.case_attachments!.rows).toBe(1);
    const photo = value<Uint8Array>(pg, sql`SELECT content FROM case_attachments`)!;
    expect([...photo]).toEqual(Array.from({ length: 256 }, (_, i) => i));

    // The audit log: the desk's entries up to the head it had, byte for byte, then the move's entry.
    const logCols = tables.find((t) => t.name === 'audit_log')!.columns;
    const deskHead = out.deskHead as { id: number; hash: string; entries: number };
    expect(deskHead.id).toBe(out.moved.audit_log);
    const again = await openAs(capture(PASSWORD).io, deskPath, { lock: false });
    const deskLog = all<Record<string, SqlValue>>(
      again.db(),
      sql`SELECT id, at, actor, action, target, detail, prev_hash, hash FROM audit_log WHERE id <= ${deskHead.id} ORDER BY id`,
    );
    again.close();
    const serverLog = all<Record<string, SqlValue>>(
      pg,
      sql`SELECT id, at, actor, action, target, detail, prev_hash, hash FROM audit_log ORDER BY id`,
    );
    expect(serverLog.slice(0, -1)).toEqual(deskLog);
    expect(deskLog.at(-1)!.hash).toBe(deskHead.hash);
    const last = serverLog.at(-1)!;
    expect(last.action).toBe('server.import-desk');
    expect(last.prev_hash).toBe(deskHead.hash);
    const detail = JSON.parse(String(last.detail));
    expect(detail.deskHead).toEqual({ id: deskHead.id, hash: deskHead.hash });
    expect(detail.counts).toEqual(out.moved);
    expect(detail.movedBy).toBe('admin');
    expect(detail.deskDatabaseId).toMatch(/\S/);
    const verified = verifyAuditChain(pg);
    expect(verified).toMatchObject({ intact: true, entries: deskHead.entries + 1 });
    expect(out.serverHead).toEqual({ id: last.id, hash: last.hash, entries: deskHead.entries + 1 });

    // Sequences run past the moved ids: the server's next entity does not take a moved one's id.
    const maxId = value<number>(pg, sql`SELECT max(id) FROM entities`)!;
    const next = value<number>(pg, sql`SELECT nextval(pg_get_serial_sequence('entities', 'id'))`)!;
    expect(next).toBeGreaterThan(maxId);

    // A second move of the same desk is refused and changes nothing.
    const before = tableDigests(pg, [...tables, { name: 'audit_log', columns: logCols }]);
    const twice = capture(PASSWORD);
    expect(await main(['server', 'import-desk', '--db', deskPath, '--database', url], twice.io)).toBe(2);
    expect(twice.err.join('')).toMatch(/已迁入过.*服务器未作任何改动/);
    expect(tableDigests(pg, [...tables, { name: 'audit_log', columns: logCols }])).toEqual(before);

    // Another county's desk is refused too, naming both counties: one server database, one county.
    const otherPath = join(dir.dir, 'other.db');
    expect(
      await main(
        [
          'init',
          '--db',
          otherPath,
          '--county',
          '乙县',
          '--bureau',
          '乙县市场监督管理局',
          '--region-code',
          '410499',
        ],
        capture(PASSWORD).io,
      ),
    ).toBe(0);
    const other = capture(PASSWORD);
    expect(await main(['server', 'import-desk', '--db', otherPath, '--database', url], other.io)).toBe(2);
    expect(other.err.join('')).toMatch(/乙县（行政区划代码 410499）/);
    expect(other.err.join('')).toMatch(/另建一个数据库/);
    expect(tableDigests(pg, [...tables, { name: 'audit_log', columns: logCols }])).toEqual(before);
  }, 120_000);

  it('drops and rebuilds a large table’s secondary indexes exactly as the migrations made them', async () => {
    const indexes = (db: DataDoor) =>
      all<{ indexdef: string }>(
        db,
        sql`SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() ORDER BY indexname`,
      ).map((r) => r.indexdef);
    const fresh = server(newDatabase(PG_MIGRATIONS.at(-1)!.version));
    const target = server(newDatabase(PG_MIGRATIONS.at(-1)!.version));
    const backend = await openAs(capture(PASSWORD).io, deskPath);
    try {
      const r = moveDeskToServer({
        desk: backend.db(),
        deskPath,
        deskDatabaseId: 'rebuild-test',
        server: target,
        actor: backend.user(),
        at: backend.now(),
        rebuildIndexesFrom: 100,
      });
      expect(r.moved.entities).toBe(300);
      expect(r.auditVerified).toBe(true);
      const tables = deskTables(backend.db());
      const deskSide = tableDigests(
        backend.db(),
        tables.filter((t) => !t.name.startsWith('audit_')),
      );
      expect(
        tableDigests(
          target,
          tables.filter((t) => !t.name.startsWith('audit_')),
        ),
      ).toEqual(deskSide);
      // The server's kept counts (migration 019) were written by the entities' triggers as they arrived.
      expect(
        value<number>(target, sql`SELECT sum(n)::bigint FROM entity_counts WHERE kind = 'individual'`),
      ).toBe(value<number>(target, sql`SELECT count(*) FROM entities WHERE kind = 'individual'`));
    } finally {
      backend.close();
    }
    expect(indexes(target)).toEqual(indexes(fresh));
  }, 60_000);

  it('says in Chinese what moved, the desk’s head and the verified chain without --json', async () => {
    const c = capture(PASSWORD);
    expect(await main(['server', 'import-desk', '--db', deskPath, '--database', newDatabase()], c.io)).toBe(
      0,
    );
    expect(c.out[0]).toMatch(
      /^已迁入单位服务器：市场主体 300 户，信用记录 [\d,]+ 条，操作日志 \d+ 条（共 \d+ 张表）。$/,
    );
    expect(c.out[1]).toMatch(/^单机数据库的链尾：第 \d+ 条 [0-9a-f]{64}（已记入迁入记录）$/);
    expect(c.out[2]).toMatch(/^服务器操作日志校验：完整，共 \d+ 条，链尾第 \d+ 条 [0-9a-f]{64}$/);
  }, 60_000);

  it('refuses a server at another schema version and a desk with pending audit entries, leaving the server untouched', async () => {
    const backend = await openAs(capture(PASSWORD).io, deskPath);
    try {
      const input = {
        desk: backend.db(),
        deskPath,
        deskDatabaseId: 'test-desk',
        actor: backend.user(),
        at: backend.now(),
      };
      const latest = PG_MIGRATIONS.at(-1)!.version;
      const older = server(newDatabase(latest - 1));
      expect(() => moveDeskToServer({ ...input, server: older })).toThrow(
        new RegExp(`服务器数据库的结构版本（第 ${latest - 1} 版）低于单机数据库（第 ${latest} 版）`),
      );
      expect(value<number>(older, sql`SELECT count(*) FROM entities`)).toBe(0);
      expect(value<number>(older, sql`SELECT max(version) FROM schema_version`)).toBe(latest - 1);

      const empty = server(newDatabase(latest));
      deferAudit(deskPath, {
        at: backend.now(),
        actor: 'admin',
        action: 'audit.verify',
        target: null,
        detail: {},
      });
      expect(() => moveDeskToServer({ ...input, server: empty })).toThrow(/暂存的操作日志.*登录该数据库一次/);
      expect(value<number>(empty, sql`SELECT count(*) FROM audit_log`)).toBe(0);
      expect(value<number>(empty, sql`SELECT count(*) FROM entities`)).toBe(0);
    } finally {
      backend.close();
    }
  }, 60_000);
});
