/**
 * What a move copies, read from the two schemas themselves (the desk's sqlite_master / PRAGMA table_xinfo,
 * the server's information_schema), never from a hand-kept list that the next migration would leave
 * behind. Both sides are put into one neutral shape here and compared; any difference refuses the move
 * and names the table and columns, because copying into a schema that is not the desk's twin would lose
 * or misplace data.
 */
import { ApiError } from '../../../shared/api/errors.ts';

/** A column's type in both engines' terms: SQLite INTEGER/TEXT/REAL/BLOB, PostgreSQL bigint/text/float8/bytea. */
export type NeutralType = 'integer' | 'text' | 'real' | 'blob';

export interface CatalogColumn {
  name: string;
  /** The neutral type, or the engine's own spelling of a type no rule maps (which refuses the move). */
  type: NeutralType | `other:${string}`;
}

export interface CatalogTable {
  name: string;
  /** Stored columns: generated ones are left out (the server computes its own). */
  columns: CatalogColumn[];
  /** Tables this one's foreign keys point to (itself included when it refers to its own rows). */
  references: string[];
}

/** A table as the move copies it: the desk's columns with the server's types and identity column. */
export interface MoveTable {
  name: string;
  columns: { name: string; type: NeutralType }[];
  references: string[];
  /** The server's identity column (`id`, or `seq`), whose sequence is set past the copied ids. */
  identity: string | null;
}

export const SQLITE_TYPES: Record<string, NeutralType> = {
  INTEGER: 'integer',
  TEXT: 'text',
  REAL: 'real',
  BLOB: 'blob',
};

export const POSTGRES_TYPES: Record<string, NeutralType> = {
  bigint: 'integer',
  text: 'text',
  'double precision': 'real',
  bytea: 'blob',
};

/** The server's json_to_recordset column type for each neutral type. */
export const POSTGRES_TYPE_OF: Record<NeutralType, string> = {
  integer: 'bigint',
  text: 'text',
  real: 'double precision',
  blob: 'bytea',
};

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** Names come from the catalogs, not from users; still, only plain names are ever spliced into SQL. */
export function plainIdentifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`unexpected identifier in the schema: ${name}`);
  return name;
}

function describeColumns(cols: readonly CatalogColumn[]): string {
  return cols.map((c) => `${c.name}(${c.type})`).join('、');
}

/**
 * The tables to copy, in foreign-key order (a table after every table it refers to). Refuses when the two
 * catalogs differ in tables or columns; the order of columns does not matter (each is named).
 */
export function matchCatalogs(
  desk: readonly CatalogTable[],
  server: readonly CatalogTable[],
  serverIdentity: ReadonlyMap<string, string>,
): MoveTable[] {
  const problems: string[] = [];
  const serverByName = new Map(server.map((t) => [t.name, t]));
  const deskNames = new Set(desk.map((t) => t.name));
  for (const t of server) if (!deskNames.has(t.name)) problems.push(`服务器有表 ${t.name}，单机数据库没有`);
  const tables: MoveTable[] = [];
  for (const d of desk) {
    const s = serverByName.get(d.name);
    if (!s) {
      problems.push(`单机数据库有表 ${d.name}，服务器没有`);
      continue;
    }
    const serverCols = new Map(s.columns.map((c) => [c.name, c.type]));
    const deskCols = new Map(d.columns.map((c) => [c.name, c.type]));
    const onlyDesk = d.columns.filter((c) => serverCols.get(c.name) !== c.type);
    const onlyServer = s.columns.filter((c) => deskCols.get(c.name) !== c.type);
    if (onlyDesk.length > 0 || onlyServer.length > 0) {
      problems.push(
        `表 ${d.name} 的列不一致（单机：${describeColumns(onlyDesk) || '无'}；服务器：${describeColumns(onlyServer) || '无'}）`,
      );
      continue;
    }
    tables.push({
      name: d.name,
      columns: d.columns.map((c) => ({ name: c.name, type: c.type as NeutralType })),
      references: s.references,
      identity: serverIdentity.get(d.name) ?? null,
    });
  }
  if (problems.length > 0) {
    throw new ApiError(
      'conflict',
      `单机数据库与服务器的数据库结构不一致，无法迁入：${problems.join('；')}。请先将两边升级到同一版本的 CreditDesk。`,
    );
  }
  return foreignKeyOrder(tables);
}

/** Parents before children; a table's references to itself are satisfied by copying in id order. */
export function foreignKeyOrder(tables: readonly MoveTable[]): MoveTable[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const ordered: MoveTable[] = [];
  const visit = (t: MoveTable, path: string[]) => {
    if (done.has(t.name)) return;
    if (visiting.has(t.name)) {
      throw new Error(`foreign keys form a cycle: ${[...path, t.name].join(' → ')}`);
    }
    visiting.add(t.name);
    for (const r of t.references) {
      const parent = byName.get(r);
      if (parent && r !== t.name) visit(parent, [...path, t.name]);
    }
    visiting.delete(t.name);
    done.add(t.name);
    ordered.push(t);
  };
  for (const t of [...tables].sort((a, b) => (a.name < b.name ? -1 : 1))) visit(t, []);
  return ordered;
}
