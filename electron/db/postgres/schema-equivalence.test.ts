/**
 * Both engines' migrations produce the same logical schema (issue 17 item 1): every SQLite migration on
 * a fresh file and every PostgreSQL migration on a throwaway cluster, both catalogs read into one
 * neutral shape, compared whole. Differences that are by design are listed below one by one with the
 * reason; nothing else is filtered.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describePg, type PgCluster, startPgCluster } from '../../../test/helpers/pg-cluster.ts';
import { tempDir } from '../../../test/helpers/tmp.ts';
import { migrate } from '../migrate.ts';
import { type Db, openDatabase } from '../open.ts';
import { migratePg } from './migrate.ts';
import { openSyncConnection, type SyncConnection } from './sync-connection.ts';

interface Column {
  name: string;
  type: string;
  notNull: boolean;
  /** The default as written, casts stripped; null when none. */
  default: string | null;
  /** The engine gives the value (SQLite's rowid alias, PostgreSQL's identity). */
  autoId: boolean;
  generated: boolean;
}
interface ForeignKey {
  columns: string[];
  table: string;
  refColumns: string[];
  onDelete: string;
}
interface Index {
  /** Our name for an index we created; null for one made by a UNIQUE constraint (engines name those). */
  name: string | null;
  columns: string[];
  unique: boolean;
  partial: boolean;
}
interface Table {
  columns: Column[];
  primaryKey: string[];
  /**
   * How many CHECK constraints the table has. Their expressions are dialects apart (GLOB and regular
   * expressions, json_valid and cd_json_valid), so the count is what is compared: a CHECK left out on
   * one side shows.
   */
  checks: number;
  foreignKeys: ForeignKey[];
  indexes: Index[];
}
interface Schema {
  tables: Record<string, Table>;
  triggers: string[];
  views: string[];
}

/** SQLite's declared types and the PostgreSQL types every migration maps them to. */
const TYPE_MAP: Record<string, string> = {
  INTEGER: 'bigint',
  TEXT: 'text',
  REAL: 'double precision',
  BLOB: 'bytea',
};

/** Index expressions, spelled as each engine's catalog gives them back, in one neutral spelling. */
const EXPRESSIONS: Record<string, string> = {
  "json_extract(data, '$.year')": 'json(data.year)',
  "(data::jsonb -> 'year'::text)": 'json(data.year)',
  "json_extract(data, '$.removedOn')": 'json(data.removedOn)',
  "(data::jsonb -> 'removedOn'::text)": 'json(data.removedOn)',
};

/** By design, only in SQLite. */
const SQLITE_ONLY = {
  tables: {
    // Full-text search (001, 002) and FTS5's shadow tables: pg_trgm GIN indexes stand in (PG_ONLY.indexes).
    ...Object.fromEntries(
      ['entities_fts', 'entities_chars'].flatMap((t) =>
        ['', '_data', '_idx', '_docsize', '_config', '_content'].map((s) => [`${t}${s}`, 'full-text search']),
      ),
    ),
  } as Record<string, string>,
  triggers: {
    entities_fts_ai: 'keeps entities_fts in step; a GIN index needs no trigger',
    entities_fts_ad: 'keeps entities_fts in step',
    entities_fts_au: 'keeps entities_fts in step',
    entities_chars_ai: 'keeps entities_chars in step',
    entities_chars_ad: 'keeps entities_chars in step',
    entities_chars_au: 'keeps entities_chars in step',
  } as Record<string, string>,
  indexes: {
    entities_count:
      'the narrow index the desk counts its entities through (020); the server reads its kept counts (PG_ONLY.tables.entity_counts)',
  } as Record<string, string>,
};

/** By design, only in PostgreSQL. */
const PG_ONLY = {
  tables: {
    schema_version: 'the migration bookkeeping; SQLite keeps it in PRAGMA user_version',
    server_accounts: "the server's password hashes; a desk's passwords unwrap its key file",
    server_sessions: "the server's sessions; a desk has one session, in memory",
    entity_counts: 'kept counts for browsing the list; SQLite counts from its smallest index',
  } as Record<string, string>,
  indexes: {
    entities_name_trgm: 'name fragments, in place of entities_fts / entities_chars',
    entities_uscc_trgm: 'code fragments (SQLite searches codes by prefix on the UNIQUE index)',
    entities_reg_no_trgm: 'code fragments',
    entities_uscc_prefix:
      "code prefixes; SQLite's BINARY unique index serves them, PostgreSQL's collation-ordered one cannot",
    entities_reg_no_prefix: 'code prefixes, the same',
    entities_name_char_set: 'name fragments of one or two characters, in place of entities_chars',
    entity_counts_kind: 'the kept counts, read by kind and status',
  } as Record<string, string>,
  triggers: {
    audit_log_no_truncate: 'TRUNCATE bypasses row triggers on PostgreSQL; SQLite has no TRUNCATE',
    audit_head_no_truncate: 'the same for the chain head',
    entities_count_insert: 'keeps entity_counts in step (a statement trigger with its transition table)',
    entities_count_delete: 'keeps entity_counts in step',
    entities_count_update: 'keeps entity_counts in step',
    entities_count_truncate: 'empties entity_counts with the table',
  } as Record<string, string>,
};

/**
 * Single-row tables (id is always 1, written by the migration): SQLite's INTEGER PRIMARY KEY makes
 * the id a rowid the engine could fill, PostgreSQL's is a plain key. Nothing ever inserts without it.
 */
const NOT_AUTO_ON_PG = new Set(['audit_head.id', 'login_log_state.id']);

/** A column list `a, f(b, c), d` split at its top-level commas. */
function splitTopLevel(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (c === "'") quoted = !quoted;
    else if (!quoted && c === '(') depth++;
    else if (!quoted && c === ')') depth--;
    else if (!quoted && depth === 0 && c === ',') {
      parts.push(list.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(list.slice(start).trim());
  return parts;
}

/** The parenthesised column list of a CREATE INDEX statement (before any WHERE). */
function columnList(createIndex: string): string {
  const open = createIndex.indexOf('(', createIndex.search(/\bON\s+\w+\s*\(/i));
  let depth = 0;
  for (let i = open; i < createIndex.length; i++) {
    if (createIndex[i] === '(') depth++;
    else if (createIndex[i] === ')' && --depth === 0) return createIndex.slice(open + 1, i);
  }
  throw new Error(`unbalanced index definition: ${createIndex}`);
}

const neutralExpression = (e: string): string => {
  const n = EXPRESSIONS[e.replace(/\s+/g, ' ').trim()];
  if (!n) throw new Error(`index expression without a neutral spelling in EXPRESSIONS: ${e}`);
  return n;
};

function readSqlite(db: Db): Schema {
  const names = db
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
    .pluck()
    .all() as string[];
  const tables: Record<string, Table> = {};
  for (const t of names) {
    if (SQLITE_ONLY.tables[t]) continue;
    const info = db.prepare(`SELECT * FROM pragma_table_xinfo(?)`).all(t) as {
      name: string;
      type: string;
      notnull: number;
      dflt_value: string | null;
      pk: number;
      hidden: number;
    }[];
    const pkCols = info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
    const rowidAlias = pkCols.length === 1 && pkCols[0]!.type === 'INTEGER';
    const columns: Column[] = info.map((c) => ({
      name: c.name,
      type: TYPE_MAP[c.type] ?? `unmapped ${c.type}`,
      // A key column is never NULL on PostgreSQL; on SQLite the rowid alias cannot be either, and no code
      // stores NULL in another key column (SQLite's legacy permission that PostgreSQL does not have).
      notNull: c.notnull === 1 || c.pk > 0,
      default: c.dflt_value,
      autoId: rowidAlias && c.pk === 1,
      generated: c.hidden === 2 || c.hidden === 3,
    }));
    const fkRows = db.prepare(`SELECT * FROM pragma_foreign_key_list(?) ORDER BY id, seq`).all(t) as {
      id: number;
      table: string;
      from: string;
      to: string | null;
      on_delete: string;
    }[];
    const foreignKeys = new Map<number, ForeignKey>();
    for (const r of fkRows) {
      const fk = foreignKeys.get(r.id) ?? {
        columns: [],
        table: r.table,
        refColumns: [],
        onDelete: r.on_delete,
      };
      fk.columns.push(r.from);
      if (r.to) fk.refColumns.push(r.to);
      foreignKeys.set(r.id, fk);
    }
    const indexes: Index[] = [];
    const list = db.prepare(`SELECT * FROM pragma_index_list(?)`).all(t) as {
      name: string;
      unique: number;
      origin: string;
      partial: number;
    }[];
    for (const ix of list) {
      if (ix.origin === 'pk' || SQLITE_ONLY.indexes[ix.name]) continue;
      const keys = db
        .prepare(`SELECT * FROM pragma_index_xinfo(?) WHERE key = 1 ORDER BY seqno`)
        .all(ix.name) as {
        cid: number;
        name: string | null;
      }[];
      let expressions: string[] = [];
      if (keys.some((k) => k.cid === -2)) {
        const created = db
          .prepare(`SELECT sql FROM sqlite_master WHERE name = ?`)
          .pluck()
          .get(ix.name) as string;
        expressions = splitTopLevel(columnList(created));
      }
      indexes.push({
        name: ix.origin === 'c' ? ix.name : null,
        columns: keys.map((k, i) => (k.cid === -2 ? neutralExpression(expressions[i] ?? '') : k.name!)),
        unique: ix.unique === 1,
        partial: ix.partial === 1,
      });
    }
    const created = db
      .prepare(`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?`)
      .pluck()
      .get(t);
    tables[t] = {
      columns,
      primaryKey: pkCols.map((c) => c.name),
      checks: (String(created).match(/\bCHECK\s*\(/gi) ?? []).length,
      foreignKeys: [...foreignKeys.values()],
      indexes,
    };
  }
  const triggers = db
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name`)
    .pluck()
    .all() as string[];
  const views = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'view'`).pluck().all() as string[];
  return { tables, triggers: triggers.filter((n) => !SQLITE_ONLY.triggers[n]), views };
}

const ON_DELETE: Record<string, string> = {
  a: 'NO ACTION',
  r: 'RESTRICT',
  c: 'CASCADE',
  n: 'SET NULL',
  d: 'SET DEFAULT',
};

function readPostgres(db: SyncConnection): Schema {
  const names = db
    .query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables
       WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
    )
    .map((r) => r.table_name);
  const tables: Record<string, Table> = {};
  for (const t of names) {
    if (PG_ONLY.tables[t]) continue;
    const cols = db.query<{
      column_name: string;
      data_type: string;
      is_nullable: string;
      column_default: string | null;
      is_identity: string;
      is_generated: string;
    }>(
      `SELECT column_name, data_type, is_nullable, column_default, is_identity, is_generated
       FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position`,
      [t],
    );
    const columns: Column[] = cols.map((c) => ({
      name: c.column_name,
      type: c.data_type,
      notNull: c.is_nullable === 'NO',
      default: c.column_default === null ? null : c.column_default.replace(/::(text|bigint)$/, ''),
      autoId: c.is_identity === 'YES' || NOT_AUTO_ON_PG.has(`${t}.${c.column_name}`),
      generated: c.is_generated === 'ALWAYS',
    }));
    // Key and index columns in their order: unnest WITH ORDINALITY over the catalog's column arrays.
    const primaryKey = db
      .query<{ name: string }>(
        `SELECT a.attname AS name
         FROM pg_index i, unnest(i.indkey) WITH ORDINALITY k(attnum, n), pg_attribute a
         WHERE i.indrelid = $1::regclass AND i.indisprimary AND a.attrelid = i.indrelid AND a.attnum = k.attnum
         ORDER BY k.n`,
        [t],
      )
      .map((r) => r.name);
    const foreignKeys = db
      .query<{ columns: string[]; ref_table: string; ref_columns: string[]; confdeltype: string }>(
        `SELECT (SELECT array_agg(a.attname::text ORDER BY k.n) FROM unnest(c.conkey) WITH ORDINALITY k(attnum, n)
                   JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum) AS columns,
                c.confrelid::regclass::text AS ref_table,
                (SELECT array_agg(a.attname::text ORDER BY k.n) FROM unnest(c.confkey) WITH ORDINALITY k(attnum, n)
                   JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum) AS ref_columns,
                c.confdeltype
         FROM pg_constraint c WHERE c.conrelid = $1::regclass AND c.contype = 'f' ORDER BY c.oid`,
        [t],
      )
      .map((r) => ({
        columns: r.columns,
        table: r.ref_table,
        refColumns: r.ref_columns,
        onDelete: ON_DELETE[r.confdeltype] ?? r.confdeltype,
      }));
    const indexes = db
      .query<{ name: string; unique: boolean; partial: boolean; constraint: boolean; columns: string[] }>(
        `SELECT ic.relname AS name, i.indisunique AS unique, i.indpred IS NOT NULL AS partial,
                EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.contype = 'u') AS constraint,
                (SELECT array_agg(pg_get_indexdef(i.indexrelid, n, true) ORDER BY n)
                 FROM generate_series(1, i.indnkeyatts) n) AS columns
         FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
         WHERE i.indrelid = $1::regclass AND NOT i.indisprimary ORDER BY ic.relname`,
        [t],
      )
      .filter((r) => !PG_ONLY.indexes[r.name])
      .map((r) => ({
        name: r.constraint ? null : r.name,
        columns: r.columns.map((c) => (/^\w+$/.test(c) ? c : neutralExpression(c))),
        unique: r.unique,
        partial: r.partial,
      }));
    const [checks] = db.query<{ n: number }>(
      `SELECT count(*) AS n FROM pg_constraint WHERE conrelid = $1::regclass AND contype = 'c'`,
      [t],
    );
    tables[t] = { columns, primaryKey, checks: checks?.n ?? 0, foreignKeys, indexes };
  }
  const triggers = db
    .query<{ name: string }>(`SELECT tgname AS name FROM pg_trigger WHERE NOT tgisinternal ORDER BY tgname`)
    .map((r) => r.name)
    .filter((n) => !PG_ONLY.triggers[n]);
  const views = db
    .query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.views WHERE table_schema = 'public'`,
    )
    .map((r) => r.name);
  return { tables, triggers, views };
}

/** Order-free where the engines list things in their own order (indexes, foreign keys). */
function canonical(s: Schema): Schema {
  const byJson = <T>(xs: T[]) => [...xs].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return {
    tables: Object.fromEntries(
      Object.entries(s.tables)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, t]) => [name, { ...t, foreignKeys: byJson(t.foreignKeys), indexes: byJson(t.indexes) }]),
    ),
    triggers: [...s.triggers].sort(),
    views: [...s.views].sort(),
  };
}

describePg('the SQLite and PostgreSQL migrations', () => {
  let cluster: PgCluster;
  let pg: SyncConnection;
  let sqlite: Db;
  let cleanup: () => void;
  beforeAll(async () => {
    cluster = await startPgCluster();
    pg = openSyncConnection(cluster.url);
    migratePg(pg);
    const t = tempDir();
    sqlite = openDatabase(join(t.dir, 'schema.db'), randomBytes(32), { create: true });
    migrate(sqlite);
    cleanup = t.cleanup;
  });
  afterAll(() => {
    sqlite?.close();
    cleanup?.();
    pg?.close();
    cluster?.stop();
  });

  it('produce the same tables, columns, keys and indexes', () => {
    const lite = canonical(readSqlite(sqlite));
    const post = canonical(readPostgres(pg));
    // Table names first, so a missing table reads as one line rather than a page of diff.
    expect(Object.keys(post.tables)).toEqual(Object.keys(lite.tables));
    for (const name of Object.keys(lite.tables)) {
      expect.soft({ [name]: post.tables[name] }).toEqual({ [name]: lite.tables[name] });
    }
    expect(post.triggers).toEqual(lite.triggers);
    expect(post.views).toEqual(lite.views);
  });

  it('the by-design lists name only things that exist, so none of them hides a real difference', () => {
    const liteTables = sqlite
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`)
      .pluck()
      .all() as string[];
    const liteTriggers = sqlite
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger'`)
      .pluck()
      .all();
    const pgTables = pg.query<{ n: string }>(
      `SELECT tablename AS n FROM pg_tables WHERE schemaname = 'public'`,
    );
    const pgIndexes = pg.query<{ n: string }>(
      `SELECT indexname AS n FROM pg_indexes WHERE schemaname = 'public'`,
    );
    const pgTriggers = pg.query<{ n: string }>(`SELECT tgname AS n FROM pg_trigger WHERE NOT tgisinternal`);
    const present = (names: string[], listed: Record<string, string>) =>
      Object.keys(listed).filter((n) => names.includes(n));
    expect(present(liteTables, SQLITE_ONLY.tables).length).toBeGreaterThanOrEqual(6);
    expect(present(liteTriggers as string[], SQLITE_ONLY.triggers)).toEqual(
      Object.keys(SQLITE_ONLY.triggers),
    );
    const liteIndexes = sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'index'`).pluck().all();
    expect(present(liteIndexes as string[], SQLITE_ONLY.indexes)).toEqual(Object.keys(SQLITE_ONLY.indexes));
    const pgNames = (rows: { n: string }[]) => rows.map((r) => r.n);
    expect(present(pgNames(pgTables), PG_ONLY.tables)).toEqual(Object.keys(PG_ONLY.tables));
    expect(present(pgNames(pgIndexes), PG_ONLY.indexes)).toEqual(Object.keys(PG_ONLY.indexes));
    expect(present(pgNames(pgTriggers), PG_ONLY.triggers)).toEqual(Object.keys(PG_ONLY.triggers));
  });

  it('count their versions alike', () => {
    expect(pg.query<{ v: number }>('SELECT max(version) AS v FROM schema_version')).toEqual([
      { v: sqlite.pragma('user_version', { simple: true }) },
    ]);
  });

  it('seed the same reference data', () => {
    for (const [table, key] of [
      ['ratio_profiles', 'id'],
      ['calendar_days', 'date'],
      ['inspection_items', 'code'],
      ['audit_head', 'id'],
      ['login_log_state', 'id'],
    ] as const) {
      const lite = sqlite.prepare(`SELECT * FROM ${table} ORDER BY ${key}`).all();
      expect({ [table]: pg.query(`SELECT * FROM ${table} ORDER BY ${key}`) }).toEqual({ [table]: lite });
    }
  });
});
