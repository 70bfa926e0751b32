/**
 * Reads for the entity list and the credit file. The list pages in SQL (LIMIT/OFFSET over an
 * indexed order) so the renderer never holds more than the rows on screen.
 */
import type { EntityRow, ParsedInput, StoredRecord } from '../../shared/api/contract.ts';
import { ApiError } from '../../shared/api/errors.ts';
import type { Entity } from '../../shared/domain/entity.ts';
import { normalizeCode } from '../../shared/identifiers/normalize.ts';
import type { Db } from '../db/open.ts';

type SearchInput = ParsedInput<'entities.search'>;

/** recordCount is counted per row shown (an index range count), not kept in a column that every write must update. */
const ROW_COLUMNS = `e.id, coalesce(e.uscc, e.reg_no) AS code, e.uscc, e.reg_no AS regNo, e.name, e.kind, e.status,
  e.legal_rep AS legalRep, e.township, e.industry_name AS industryName, e.established_on AS establishedOn,
  (SELECT count(*) FROM records r WHERE r.entity_id = e.id) AS recordCount`;

/** Characters unicode61 indexes as tokens (letters and digits of any script). */
const TOKEN_CHAR = /[\p{L}\p{N}]/u;

/** Code-like queries (letters and digits only) also match identifier prefixes. */
const CODE_LIKE = /^[0-9A-Z]{2,18}$/;

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** FTS5 phrase syntax: the fragment in double quotes, inner quotes doubled. */
function ftsPhrase(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

export function buildSearchWhere(input: SearchInput): { where: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const q = input.query.trim();
  if (q) {
    const alternatives: string[] = [];
    const code = normalizeCode(q);
    if (CODE_LIKE.test(code)) {
      // Range scans on the unique indexes: '\x7f' sorts after every character a code can hold.
      alternatives.push('(e.uscc >= ? AND e.uscc < ?)', '(e.reg_no >= ? AND e.reg_no < ?)');
      params.push(code, `${code}\x7f`, code, `${code}\x7f`);
    }
    const indexable = [...q].filter((c) => TOKEN_CHAR.test(c));
    if ([...q].length >= 3) {
      alternatives.push('e.id IN (SELECT rowid FROM entities_fts WHERE entities_fts MATCH ?)');
      params.push(ftsPhrase(q));
    } else if (indexable.length > 0) {
      // One or two characters: a phrase over the single-character index (migration 002).
      alternatives.push('e.id IN (SELECT rowid FROM entities_chars WHERE entities_chars MATCH ?)');
      params.push(ftsPhrase(indexable.join(' ')));
    } else {
      // Only punctuation: not tokens of any index, so scan.
      alternatives.push("e.name LIKE ? ESCAPE '\\'");
      params.push(`%${escapeLike(q)}%`);
    }
    clauses.push(`(${alternatives.join(' OR ')})`);
  }
  if (input.kind) {
    clauses.push('e.kind = ?');
    params.push(input.kind);
  }
  if (input.status) {
    clauses.push('e.status = ?');
    params.push(input.status);
  }
  if (input.township) {
    clauses.push('e.township = ?');
    params.push(input.township);
  }
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

export function searchEntities(
  db: Db,
  input: SearchInput,
): { total: number; rows: EntityRow[]; tookMs: number } {
  const started = performance.now();
  const { where, params } = buildSearchWhere(input);
  const total = (db.prepare(`SELECT count(*) AS n FROM entities e ${where}`).get(...params) as { n: number })
    .n;
  const rows = db
    .prepare(`SELECT ${ROW_COLUMNS} FROM entities e ${where} ORDER BY e.id LIMIT ? OFFSET ?`)
    .all(...params, input.limit, input.offset) as EntityRow[];
  return { total, rows, tookMs: Math.round((performance.now() - started) * 10) / 10 };
}

interface EntityDbRow {
  id: number;
  uscc: string | null;
  reg_no: string | null;
  name: string;
  kind: Entity['kind'];
  legal_rep: string | null;
  region_code: string | null;
  township: string | null;
  jurisdiction: string | null;
  industry_code: string | null;
  industry_name: string | null;
  address: string | null;
  established_on: string | null;
  status: Entity['status'];
  capital_amount: number | null;
  capital_unit: string | null;
  capital_currency: string | null;
  phone: string | null;
  tags: string;
}

export function entityFromRow(r: EntityDbRow): Entity {
  return {
    uscc: r.uscc,
    regNo: r.reg_no,
    name: r.name,
    kind: r.kind,
    legalRep: r.legal_rep,
    regionCode: r.region_code,
    township: r.township,
    jurisdiction: r.jurisdiction,
    industryCode: r.industry_code,
    industryName: r.industry_name,
    address: r.address,
    establishedOn: r.established_on,
    status: r.status,
    capitalAmount: r.capital_amount,
    capitalUnit: r.capital_unit,
    capitalCurrency: r.capital_currency,
    phone: r.phone,
    tags: JSON.parse(r.tags) as string[],
  };
}

export function getCreditFile(db: Db, id: number): { id: number; entity: Entity; records: StoredRecord[] } {
  const row = db.prepare('SELECT * FROM entities WHERE id = ?').get(id) as EntityDbRow | undefined;
  if (!row) throw new ApiError('not_found', '未找到该市场主体，可能已被删除。');
  const records = (
    db
      .prepare(
        `SELECT id, type, date, source, batch_id AS batchId, data FROM records
         WHERE entity_id = ? ORDER BY date DESC, id DESC`,
      )
      .all(id) as (Omit<StoredRecord, 'data'> & { data: string })[]
  ).map((r) => ({ ...r, data: JSON.parse(r.data) as Record<string, unknown> }));
  return { id, entity: entityFromRow(row), records };
}

export function listTownships(db: Db): { name: string; count: number }[] {
  return db
    .prepare(
      `SELECT township AS name, count(*) AS count FROM entities WHERE township IS NOT NULL
       GROUP BY township ORDER BY count DESC, township`,
    )
    .all() as { name: string; count: number }[];
}

/** Streams every entity in id order for the command line, without loading the table into memory. */
export function* iterateEntityRows(db: Db): Generator<EntityRow> {
  yield* db
    .prepare(`SELECT ${ROW_COLUMNS} FROM entities e ORDER BY e.id`)
    .iterate() as IterableIterator<EntityRow>;
}
