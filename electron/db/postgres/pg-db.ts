/**
 * The door's PostgreSQL handle (docs/data-door.md): what `all/get/value/column/iterate/run/script/
 * unitOfWork/bulk` in electron/db/sql.ts do when a repository is given a PostgreSQL database. Each door
 * statement is rendered with $1 … (render.ts) and run on the blocking connection, so repositories and
 * services stay synchronous on both engines.
 *
 * Code that reaches better-sqlite3 directly (db.prepare, db.pragma, db.transaction …) takes the desk's
 * `Db` type, which this handle is not, so the compiler stops it; should one reach it anyway (a cast), the
 * same names here throw SqliteOnlyError instead of failing somewhere inside.
 */
import {
  type BulkStatement,
  type PgDb,
  type RunResult,
  type SqlQuery,
  SqliteOnlyError,
  type SqlValue,
} from '../sql.ts';
import { ensureBuiltins } from '../builtins.ts';
import { migratePg } from './migrate.ts';
import { namedToPostgres, toPostgres } from './render.ts';
import { type OpenOptions, openSyncConnection, type SyncConnection } from './sync-connection.ts';

/** A plain `run` cannot know a new row's id on PostgreSQL: reading it says what to use instead. */
function withoutNewId(changes: number): RunResult {
  return {
    changes,
    get newId(): number {
      throw new Error('PostgreSQL 上新行的编号须用 runInsert 取得（INSERT … RETURNING id）');
    },
  };
}

function firstValue<T>(row: Record<string, unknown> | undefined): T | undefined {
  if (row === undefined) return undefined;
  for (const k in row) return row[k] as T;
  return undefined;
}

/** Texts rendered for PostgreSQL, kept per handle as SQLite keeps prepared statements. */
const RENDER_CACHE_LIMIT = 500;

export class PgDatabase implements PgDb {
  readonly engine = 'postgres';
  private readonly rendered = new Map<string, string>();

  readonly connection: SyncConnection;

  constructor(connection: SyncConnection) {
    this.connection = connection;
  }

  /**
   * `q` with $n placeholders. Rendering walks the text, so it is done once per text (toPostgres checks
   * the values' count then; one text always comes with as many values as it has placeholders).
   */
  private render(q: SqlQuery): { text: string; values: readonly SqlValue[] } {
    let text = this.rendered.get(q.text);
    if (text === undefined) {
      text = toPostgres(q).text;
      if (this.rendered.size >= RENDER_CACHE_LIMIT) this.rendered.clear();
      this.rendered.set(q.text, text);
    }
    return { text, values: q.values };
  }

  private query<T>(q: SqlQuery): T[] {
    const { text, values } = this.render(q);
    return this.connection.query<T>(text, values);
  }

  all<T>(q: SqlQuery): T[] {
    return this.query<T>(q);
  }

  get<T>(q: SqlQuery): T | undefined {
    return this.query<T>(q)[0];
  }

  value<T>(q: SqlQuery): T | undefined {
    return firstValue<T>(this.query<Record<string, unknown>>(q)[0]);
  }

  column<T>(q: SqlQuery): T[] {
    return this.query<Record<string, unknown>>(q).map((r) => firstValue<T>(r) as T);
  }

  iterate<T>(q: SqlQuery): IterableIterator<T> {
    const { text, values } = this.render(q);
    return this.connection.iterate<T>(text, values);
  }

  run(q: SqlQuery): RunResult {
    const { text, values } = this.render(q);
    return withoutNewId(this.connection.run(text, values));
  }

  runInsert(q: SqlQuery): RunResult {
    const { text, values } = this.render(q);
    return this.inserted(this.connection.query(`${text} RETURNING id`, values));
  }

  /** What an INSERT … RETURNING id answered; an id beyond 2^53 cannot be a number and is refused. */
  private inserted(rows: Record<string, unknown>[]): RunResult {
    const id = rows[0]?.id;
    if (typeof id === 'bigint') throw new RangeError(`新行编号 ${id} 超出 JavaScript 数值的精确范围`);
    return { changes: rows.length, newId: typeof id === 'number' ? id : 0 };
  }

  script(text: string): void {
    this.connection.exec(text);
  }

  unitOfWork<T>(fn: () => T): T {
    return this.connection.transaction(fn);
  }

  get inUnitOfWork(): boolean {
    return this.connection.inTransaction;
  }

  /** One round trip per row: bulk paths on PostgreSQL want set-based SQL (docs/bureau-server.md). */
  bulk<P extends Record<string, SqlValue>>(text: string): BulkStatement<P> {
    const { text: rendered, names } = namedToPostgres(text);
    const bind = (params: P): SqlValue[] =>
      names.map((name) => {
        const v = params[name];
        if (v === undefined) throw new RangeError(`Missing named parameter "${name}"`);
        return v;
      });
    const returning = `${rendered} RETURNING id`;
    return {
      run: (params) => withoutNewId(this.connection.run(rendered, bind(params))),
      runInsert: (params) => this.inserted(this.connection.query(returning, bind(params))),
    };
  }

  close(): void {
    this.connection.close();
  }

  // ---- better-sqlite3's own API: SQLite-only (docs/data-door.md) ----

  prepare(): never {
    throw new SqliteOnlyError('db.prepare');
  }
  pragma(): never {
    throw new SqliteOnlyError('db.pragma');
  }
  transaction(): never {
    throw new SqliteOnlyError('db.transaction（请用 unitOfWork）');
  }
  exec(): never {
    throw new SqliteOnlyError('db.exec（请用 script）');
  }
  function(): never {
    throw new SqliteOnlyError('db.function');
  }
  get inTransaction(): never {
    throw new SqliteOnlyError('db.inTransaction');
  }
}

/**
 * How long a statement on this connection waits for a row or table lock before it fails with 55P03
 * (lock_not_available). A server's request thread answers every officer, so it must never sit in a lock
 * a long job holds: it gives up at once and tries again later without blocking (bureau-backend.ts).
 */
export function setLockTimeout(db: PgDatabase, ms: number): void {
  db.script(`SET lock_timeout = ${Math.max(1, Math.floor(ms))}`);
}

/** A PostgreSQL database behind the door, connected (postgres://…). */
export function openPgDb(url: string, opts: OpenOptions = {}): PgDatabase {
  return new PgDatabase(openSyncConnection(url, opts));
}

/**
 * Connects and brings the schema up to date (migrations 001 …), then the built-ins that evolve outside
 * migrations — the monitoring rule set, ratio profiles, inspection items and the calendar — as
 * openAndMigrate does on the desk (ensureBuiltins), so a later release's reference data reaches a server
 * too. A desk moved in later replaces them with its own (bureau-move clears seeded rows first).
 */
export function openAndMigratePg(url: string, opts: OpenOptions = {}): PgDatabase {
  const db = openPgDb(url, opts);
  try {
    migratePg(db.connection);
    ensureBuiltins(db);
  } catch (e) {
    db.close();
    throw e;
  }
  return db;
}
