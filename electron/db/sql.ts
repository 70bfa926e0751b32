/**
 * The one way repositories write SQL (issue 16): a tagged template keeps every parameter beside the place
 * it goes, so the two can never drift apart, and a fragment can be composed into a larger statement with
 * its own parameters. Prepared statements are cached per connection by their text, so a query written
 * inline in a loop is prepared once.
 *
 * Only repositories (and electron/db itself) import this module; services call repositories. Nothing here
 * leaks SQLite types: a PostgreSQL twin renders the same `SqlQuery` with $1, $2 … placeholders.
 *
 * Two engines (issue 17, docs/data-door.md): every function takes a `DataDoor` — the desk's better-sqlite3
 * connection (`Db`) or a PostgreSQL handle (`PgDb`, made in electron/db/postgres/pg-db.ts). The SQLite path
 * is today's code behind one property test; a PostgreSQL handle does the work itself. This module never
 * imports the PostgreSQL code, so the desk's start-up never loads it.
 */
import type Database from 'better-sqlite3-multiple-ciphers';
import type { Db } from './open.ts';

/** What may be bound to a placeholder. Booleans are not: SQLite has none, so a repository says 0/1. */
export type SqlValue = string | number | bigint | null | Uint8Array;

const QUERY = Symbol('sql');

export interface SqlQuery {
  readonly [QUERY]: true;
  /** The statement with `?` placeholders. */
  readonly text: string;
  readonly values: readonly SqlValue[];
}

function isQuery(v: unknown): v is SqlQuery {
  return typeof v === 'object' && v !== null && QUERY in v;
}

function make(text: string, values: readonly SqlValue[]): SqlQuery {
  return { [QUERY]: true, text, values };
}

/**
 * sql`SELECT name FROM entities WHERE id = ${id}`. A value that is itself a SqlQuery (a fragment from
 * `sql`, `sql.list`, `sql.raw`, `sql.join`) is spliced in with its parameters.
 */
export function sql(strings: TemplateStringsArray, ...values: readonly (SqlValue | SqlQuery)[]): SqlQuery {
  let text = strings[0] ?? '';
  const params: SqlValue[] = [];
  values.forEach((v, i) => {
    if (isQuery(v)) {
      text += v.text;
      params.push(...v.values);
    } else {
      text += '?';
      params.push(v);
    }
    text += strings[i + 1] ?? '';
  });
  return make(text, params);
}

/**
 * Text that is not a parameter: a column or table name, a sort direction. Only ever pass constants or
 * values checked against a fixed list — never user input.
 */
sql.raw = (text: string): SqlQuery => make(text, []);

/** `(?, ?, ?)` for an IN list; an empty list is `(NULL)`, which matches nothing. */
sql.list = (values: readonly SqlValue[]): SqlQuery =>
  values.length === 0 ? make('(NULL)', []) : make(`(${values.map(() => '?').join(', ')})`, values);

/** Fragments joined by a separator (`AND`, `, ` …), parameters kept in order. */
sql.join = (parts: readonly SqlQuery[], separator: string): SqlQuery =>
  make(
    parts.map((p) => p.text).join(separator),
    parts.flatMap((p) => p.values),
  );

export interface RunResult {
  /** Rows inserted, updated or deleted. */
  changes: number;
  /**
   * The id the statement gave a new row (INTEGER PRIMARY KEY), as a number. On PostgreSQL only
   * `runInsert` knows it (RETURNING id); reading it after a plain `run` there throws.
   */
  newId: number;
}

/**
 * A PostgreSQL database behind the door. The door hands it each statement as written (`?` and `@name`
 * placeholders); the handle renders them as $1 … and runs them on its blocking connection. Declared here,
 * implemented in electron/db/postgres/pg-db.ts, so SQLite-only code never loads node-postgres.
 */
export interface PgDb {
  readonly engine: 'postgres';
  all<T>(q: SqlQuery): T[];
  get<T>(q: SqlQuery): T | undefined;
  value<T>(q: SqlQuery): T | undefined;
  column<T>(q: SqlQuery): T[];
  iterate<T>(q: SqlQuery): IterableIterator<T>;
  run(q: SqlQuery): RunResult;
  /** The statement with ` RETURNING id` appended, so `newId` is known. */
  runInsert(q: SqlQuery): RunResult;
  script(text: string): void;
  unitOfWork<T>(fn: () => T): T;
  /** Whether a unitOfWork is open on this handle. */
  readonly inUnitOfWork: boolean;
  bulk<P extends Record<string, SqlValue>>(text: string): BulkStatement<P>;
  close(): void;
}

/** What repositories take: either engine. Areas not yet brought to PostgreSQL still take `Db`. */
export type DataDoor = Db | PgDb;

/**
 * Whether `db` is a PostgreSQL handle. A property read, not instanceof a class from the PostgreSQL code:
 * that would load it on the desk.
 */
export function isPg(db: DataDoor): db is PgDb {
  return (db as { engine?: unknown }).engine === 'postgres';
}

/**
 * Where the SQL must differ per engine, the repository writes both in one place:
 * `dialect(db, { sqlite: sql`…json_extract(detail, '$.x')…`, postgres: sql`…detail::jsonb ->> 'x'…` })`.
 * Works for any value (a statement, a fragment, a function), not only queries.
 */
export function dialect<T>(db: DataDoor, choices: { sqlite: T; postgres: T }): T {
  return isPg(db) ? choices.postgres : choices.sqlite;
}

/**
 * The desk's connection, for code that reaches better-sqlite3 directly (pragmas, `.raw()`, BEGIN
 * IMMEDIATE, SQL functions registered in JavaScript). A PostgreSQL handle stops here with a clear message
 * instead of failing somewhere inside; docs/data-door.md lists these places ("SQLite-only for now").
 */
export function sqliteOnly(db: DataDoor, what: string): Db {
  if (isPg(db)) throw new SqliteOnlyError(what);
  return db;
}

export class SqliteOnlyError extends Error {
  constructor(what: string) {
    super(`“${what}”只能在本机数据库（SQLite）上运行，单位服务器（PostgreSQL）上尚不支持。`);
    this.name = 'SqliteOnlyError';
  }
}

type Statement = Database.Statement<SqlValue[]>;
const caches = new WeakMap<Db, Map<string, Statement>>();
const CACHE_LIMIT = 500;

/**
 * The prepared statement for this text on this connection, prepared once. Statements that read the
 * first column only (`value`, `column`) are cached apart, set to pluck once: toggling one statement's
 * mode on every call cost more than the query on the re-grade path.
 */
function statement(db: Db, text: string, pluck = false): Statement {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  const key = pluck ? `\u0000${text}` : text;
  let s = cache.get(key);
  if (!s) {
    // Dynamic statements (search filters) are few in shape, but never let them grow without bound.
    if (cache.size >= CACHE_LIMIT) cache.clear();
    s = db.prepare<SqlValue[]>(text);
    if (pluck) s.pluck();
    cache.set(key, s);
  }
  return s;
}

/** Every row, typed by the repository that asks. */
export function all<T>(db: DataDoor, q: SqlQuery): T[] {
  if (isPg(db)) return db.all<T>(q);
  return statement(db, q.text).all(...q.values) as T[];
}

/** The first row, or undefined. */
export function get<T>(db: DataDoor, q: SqlQuery): T | undefined {
  if (isPg(db)) return db.get<T>(q);
  return statement(db, q.text).get(...q.values) as T | undefined;
}

/** The first column of the first row (a count, an id), or undefined when there is no row. */
export function value<T>(db: DataDoor, q: SqlQuery): T | undefined {
  if (isPg(db)) return db.value<T>(q);
  return statement(db, q.text, true).get(...q.values) as T | undefined;
}

/** The first column of every row. */
export function column<T>(db: DataDoor, q: SqlQuery): T[] {
  if (isPg(db)) return db.column<T>(q);
  return statement(db, q.text, true).all(...q.values) as T[];
}

/**
 * Rows one at a time, for reads too large to hold (a million credit files). While it is being iterated
 * the same statement text cannot run again on this connection (better-sqlite3 says the statement is busy).
 */
export function iterate<T>(db: DataDoor, q: SqlQuery): IterableIterator<T> {
  if (isPg(db)) return db.iterate<T>(q);
  return statement(db, q.text).iterate(...q.values) as IterableIterator<T>;
}

/** INSERT / UPDATE / DELETE. A new row's id: `runInsert`. */
export function run(db: DataDoor, q: SqlQuery): RunResult {
  if (isPg(db)) return db.run(q);
  const r = statement(db, q.text).run(...q.values);
  return { changes: r.changes, newId: Number(r.lastInsertRowid) };
}

/**
 * An INSERT whose new row's id the caller needs: SQLite's last rowid, PostgreSQL's `RETURNING id` (added
 * here: the statement itself must not end in RETURNING). Inserts of one row into a table with an `id`.
 */
export function runInsert(db: DataDoor, q: SqlQuery): RunResult {
  if (isPg(db)) return db.runInsert(q);
  const r = statement(db, q.text).run(...q.values);
  return { changes: r.changes, newId: Number(r.lastInsertRowid) };
}

/** Statements without parameters, several at once (schema changes in migrations, temp tables). */
export function script(db: DataDoor, text: string): void {
  if (isPg(db)) db.script(text);
  else db.exec(text);
}

/**
 * The unit of work: `fn` runs in one transaction that commits when it returns and rolls back when it
 * throws. It must be synchronous — an async callback would commit before its awaits (domain-facts §9.5).
 * Nested calls join the outer transaction (a savepoint), as better-sqlite3 does — on both engines. On
 * PostgreSQL a failed statement aborts the whole transaction (25P02 for every later one): a step whose
 * failure the caller catches and goes on from must run in a nested unitOfWork (its own savepoint).
 */
export function unitOfWork<T>(db: DataDoor, fn: () => T): T {
  if (isPg(db)) return db.unitOfWork(fn);
  return db.transaction(fn)();
}

/**
 * A unit of work whose rows reference only rows it has just read or written itself, in the same
 * transaction, so the foreign-key lookups SQLite makes on every insert can only ever pass: a grading
 * run inserts a million results whose entity ids it read under its own write lock and whose run row it
 * inserted first. Those lookups read the whole entities table again on the writing connection
 * (measured at 1 M entities with reader threads: 12 % of the run's CPU). Checks are off for `fn` alone
 * and back on when it returns or throws. Inside an outer transaction SQLite ignores the pragma, so a
 * nested call keeps its checks. `fn` must not delete rows whose children rely on ON DELETE CASCADE:
 * cascades do not fire while checks are off. On PostgreSQL this is a plain unitOfWork (its checks stay).
 */
export function unitOfWorkOwnReferences<T>(db: DataDoor, fn: () => T): T {
  if (isPg(db)) return db.unitOfWork(fn);
  if (db.inTransaction || !db.pragma('foreign_keys', { simple: true })) return unitOfWork(db, fn);
  db.pragma('foreign_keys = OFF');
  try {
    return db.transaction(fn)();
  } finally {
    db.pragma('foreign_keys = ON');
  }
}

/**
 * A statement prepared once for a bulk loop (imports, grading runs, the demo): named parameters
 * (`@name`) bound from an object, so a column can never take its neighbour's value.
 */
export interface BulkStatement<P extends Record<string, SqlValue>> {
  run(params: P): RunResult;
  /** An INSERT whose new row's id the caller needs (see `runInsert`); the same call as `run` on SQLite. */
  runInsert(params: P): RunResult;
}

export function bulk<P extends Record<string, SqlValue>>(db: DataDoor, text: string): BulkStatement<P> {
  if (isPg(db)) return db.bulk<P>(text);
  const positional = toPositional(text);
  if (!positional) {
    const s = db.prepare(text);
    const run = (params: P): RunResult => {
      const r = s.run(params);
      return { changes: r.changes, newId: Number(r.lastInsertRowid) };
    };
    return { run, runInsert: run };
  }
  // Still named for the caller; bound as an array underneath: the driver looks a named parameter up
  // on the object through the engine's API one by one, which cost a quarter of a 100,000-row insert
  // of 20 columns (measured: 3.3 s against 2.5 s CPU).
  const s = db.prepare<[SqlValue[]]>(positional.text);
  const { names } = positional;
  const values: SqlValue[] = new Array(names.length);
  const run = (params: P): RunResult => {
    for (let i = 0; i < names.length; i++) {
      const v = params[names[i]!];
      if (v === undefined) throw new RangeError(`Missing named parameter "${names[i]}"`);
      values[i] = v;
    }
    const r = s.run(values);
    return { changes: r.changes, newId: Number(r.lastInsertRowid) };
  };
  return { run, runInsert: run };
}

/**
 * `@name` placeholders as `?` and the names in their order, or null when the text has quotes or
 * comments (an `@` inside them is no placeholder, and telling them apart is not worth a parser here).
 */
function toPositional(text: string): { text: string; names: string[] } | null {
  if (/['"`]|--|\/\*/.test(text)) return null;
  const names: string[] = [];
  const out = text.replace(/@([A-Za-z_]\w*)/g, (_, name: string) => {
    names.push(name);
    return '?';
  });
  return names.length > 0 ? { text: out, names } : null;
}
