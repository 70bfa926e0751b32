/**
 * Reads credit files in the engine's form (shared/grading CreditFile) straight from SQL: one entity at
 * a time for a re-grade, or every entity in id order for a run — an indexed join read a chunk of
 * entities at a time, so a run over a million entities never holds the whole table in memory.
 */
import type { EntityKind, EntityStatus } from '../../../shared/domain/entity.ts';
import type { CreditFile, GradingRecord } from '../../../shared/grading/types.ts';
import type Database from 'better-sqlite3-multiple-ciphers';
import type { Db } from '../../db/open.ts';

interface Row {
  id: number;
  kind: EntityKind;
  status: EntityStatus;
  established_on: string | null;
  rid: number | null;
  type: GradingRecord['type'] | null;
  date: string | null;
  data: string | null;
}

/** A credit file with its entity's database id (the engine's `id` is its string form). */
export interface DbCreditFile extends CreditFile {
  entityId: number;
}

const SELECT = `SELECT e.id, e.kind, e.status, e.established_on, r.id AS rid, r.type, r.date, r.data
  FROM entities e LEFT JOIN records r ON r.entity_id = e.id`;

function toRecord(r: Row): GradingRecord {
  const data = JSON.parse(r.data as string) as Record<string, unknown>;
  return { ...data, type: r.type, date: r.date, id: r.rid } as GradingRecord;
}

function newFile(r: Row): DbCreditFile & { records: GradingRecord[] } {
  return {
    entityId: r.id,
    id: String(r.id),
    entity: { kind: r.kind, status: r.status, establishedOn: r.established_on },
    records: [],
  };
}

/** One entity's credit file, or null when the entity does not exist. */
const readOne = new WeakMap<Db, Database.Statement>();

export function readCreditFile(db: Db, entityId: number): DbCreditFile | null {
  let stmt = readOne.get(db);
  if (!stmt) {
    stmt = db.prepare(`${SELECT} WHERE e.id = ?`);
    readOne.set(db, stmt);
  }
  const rows = stmt.all(entityId) as Row[];
  const first = rows[0];
  if (!first) return null;
  const file = newFile(first);
  for (const r of rows) if (r.rid !== null) file.records.push(toRecord(r));
  return file;
}

/**
 * Every entity's credit file in entity id order. Read in chunks of entities (keyset paging on the id):
 * better-sqlite3 cannot write while a statement is being iterated, and a run writes as it reads.
 */
export function* streamCreditFiles(db: Db, chunk = 2000): Generator<DbCreditFile> {
  const page = db.prepare(
    `SELECT e.id, e.kind, e.status, e.established_on, r.id AS rid, r.type, r.date, r.data
     FROM (SELECT id, kind, status, established_on FROM entities WHERE id > ? ORDER BY id LIMIT ?) e
     LEFT JOIN records r ON r.entity_id = e.id ORDER BY e.id`,
  );
  let after = 0;
  for (;;) {
    const rows = page.all(after, chunk) as Row[];
    if (rows.length === 0) return;
    let file: (DbCreditFile & { records: GradingRecord[] }) | null = null;
    for (const r of rows) {
      if (!file || file.entityId !== r.id) {
        if (file) yield file;
        file = newFile(r);
      }
      if (r.rid !== null) file.records.push(toRecord(r));
    }
    if (file) {
      after = file.entityId;
      yield file;
    }
  }
}

export function countEntities(db: Db): number {
  return (db.prepare('SELECT count(*) AS n FROM entities').get() as { n: number }).n;
}
