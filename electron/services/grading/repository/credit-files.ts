/**
 * Credit files in the engine's form (shared/grading CreditFile), read straight from the entities and
 * records tables: one entity at a time for a re-grade, or every entity in id order for a run — a chunk
 * of entities and their records' id range at a time, so a run over a million entities never holds the
 * whole table in memory.
 * Each file carries the report years whose annual reports were loaded for its kind (coverage.ts).
 * Penalty kinds stored with the word used before the full list (没收) read as their kind today.
 */
import type { EntityKind, EntityStatus } from '../../../../shared/domain/entity.ts';
import { normalizePenaltyKinds } from '../../../../shared/domain/penalty-kinds.ts';
import type { CreditFile, GradingCoverage, GradingRecord } from '../../../../shared/grading/types.ts';
import type Database from 'better-sqlite3-multiple-ciphers';
import type { Db } from '../../../db/open.ts';
import { all, type DataDoor, dialect, iterate, isPg, type PgDb, sql, value } from '../../../db/sql.ts';
import { namedQuery } from './named-query.ts';
import { annualReportCoverage } from './coverage.ts';

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

/** 没收 was this program's word for 没收违法所得 before the full list of kinds (penalty-kinds.ts). */
const LEGACY_KIND = '没收';

function readLegacyKinds(rec: GradingRecord): GradingRecord {
  if (
    rec.type !== 'penalty' ||
    !Array.isArray(rec.penaltyKinds) ||
    !rec.penaltyKinds.includes(LEGACY_KIND as never)
  )
    return rec;
  const kinds = normalizePenaltyKinds(rec.penaltyKinds).kinds;
  return { ...rec, penaltyKinds: kinds };
}

function toRecord(r: Row): GradingRecord {
  const data = JSON.parse(r.data as string) as Record<string, unknown>;
  return readLegacyKinds({ ...data, type: r.type, date: r.date, id: r.rid } as GradingRecord);
}

function newFile(
  r: Row,
  coverage: Record<EntityKind, GradingCoverage>,
): DbCreditFile & { records: GradingRecord[] } {
  return {
    entityId: r.id,
    id: String(r.id),
    entity: { kind: r.kind, status: r.status, establishedOn: r.established_on },
    records: [],
    coverage: coverage[r.kind] ?? null,
  };
}

const fileRows = namedQuery<{ entity: number }, Row>(
  `SELECT e.id, e.kind, e.status, e.established_on, r.id AS rid, r.type, r.date, r.data
   FROM entities e LEFT JOIN records r ON r.entity_id = e.id WHERE e.id = @entity`,
);
/** PostgreSQL promises no order from the join, so it is said: SQLite's comes from records_entity_date. */
const fileRowsPg = namedQuery<{ entity: number }, Row>(
  `SELECT e.id, e.kind, e.status, e.established_on, r.id AS rid, r.type, r.date, r.data
   FROM entities e LEFT JOIN records r ON r.entity_id = e.id WHERE e.id = @entity
   ORDER BY r.date COLLATE "C", r.id`,
);

/**
 * One entity's credit file, or null when the entity does not exist. `coverage`: the loaded report
 * years per kind (`annualReportCoverage`); a caller reading many files in one go passes it once rather
 * than have it read again for every file.
 */
export function readCreditFile(
  db: DataDoor,
  entityId: number,
  coverage: Record<EntityKind, GradingCoverage> = annualReportCoverage(db),
): DbCreditFile | null {
  const rows = dialect(db, { sqlite: fileRows, postgres: fileRowsPg }).all(db, { entity: entityId });
  const first = rows[0];
  if (!first) return null;
  const file = newFile(first, coverage);
  for (const r of rows) if (r.rid !== null) file.records.push(toRecord(r));
  return file;
}

/**
 * The credit files of these entities by id (the missing ones left out): on SQLite one readCreditFile
 * each, on PostgreSQL the entities in one statement and their records in another, merged as a run's.
 */
export function readCreditFiles(
  db: DataDoor,
  entityIds: readonly number[],
  coverage: Record<EntityKind, GradingCoverage>,
): Map<number, DbCreditFile> {
  const out = new Map<number, DbCreditFile>();
  if (!isPg(db)) {
    for (const id of entityIds) {
      const file = readCreditFile(db, id, coverage);
      if (file) out.set(id, file);
    }
    return out;
  }
  const ids = sql`CAST(${`{${entityIds.join(',')}}`} AS bigint[])`;
  const entities = all<EntityRowPg>(
    db,
    sql`SELECT id, kind, status, established_on AS "establishedOn", coalesce(township, '') AS township,
               coalesce(jurisdiction, '') AS jurisdiction, industry_code AS "industryCode"
        FROM entities WHERE id = ANY(${ids}) ORDER BY id`,
  ).map(
    (e): EntityTuple => [e.id, e.kind, e.status, e.establishedOn, e.township, e.jurisdiction, e.industryCode],
  );
  const records = all<{
    entityId: number;
    id: number;
    type: GradingRecord['type'];
    date: string;
    data: string;
  }>(
    db,
    sql`SELECT entity_id AS "entityId", id, type, date, data FROM records WHERE entity_id = ANY(${ids})
        ORDER BY entity_id, date COLLATE "C", id`,
  ).map((r): RecordTuple => [r.entityId, r.id, r.type, r.date, r.data]);
  for (const { file } of mergeFiles(entities, records, coverage)) out.set(file.entityId, file);
  return out;
}

/**
 * Where an entity is counted in a run's summary (grading_run_summary, migration 010): its attributes as
 * stored, '' for a township or 管辖单位 not recorded (as the summary stores them).
 */
export interface SummaryCell {
  township: string;
  jurisdiction: string;
  industryCode: string | null;
}

/** A credit file of a whole-database run, with the entity's summary cell read in the same pass. */
export interface StreamedFile {
  file: DbCreditFile;
  cell: SummaryCell;
}

/**
 * Every entity's credit file in entity id order. Read a chunk of entities at a time (keyset paging on
 * the id), then that id range of records in one range scan of records_entity_date, merged in order —
 * two plain index scans instead of one index search per entity. Chunked because better-sqlite3
 * cannot write while a statement is being iterated, and a run writes as it reads. Records come in the
 * index's (date, id) order, the same order as readCreditFile's join. The two statements read rows as
 * arrays (`raw`), not through `sql`: a million rows without building a keyed object for each is
 * measurably faster, and they are prepared once per run, not per page. The summary cell comes with the
 * entity's row, so the run counts its summary as it goes instead of joining every result again.
 */
export function* streamCreditFiles(db: DataDoor, chunk = 4000): Generator<StreamedFile> {
  if (isPg(db)) {
    yield* streamCreditFilesPg(db, chunk);
    return;
  }
  const entityPage = db
    .prepare(
      `SELECT ${ENTITY_COLUMNS}
       FROM entities WHERE id > ? ORDER BY id LIMIT ?`,
    )
    .raw();
  const { records } = rangeStatements(db);
  const coverage = annualReportCoverage(db);
  let after = 0;
  for (;;) {
    const entities = entityPage.all(after, chunk) as EntityTuple[];
    const last = entities[entities.length - 1];
    if (!last) return;
    yield* mergeFiles(entities, records.all(after, last[0]) as RecordTuple[], coverage);
    after = last[0];
  }
}

/**
 * streamCreditFiles on PostgreSQL: the entities through one cursor (`iterate`, fetched a page at a time),
 * and for each block of `chunk` of them the records of that id range in one statement, merged as on
 * SQLite. One cursor rather than keyset pages: PostgreSQL has no statement busy while it is read, so the
 * run writes between two fetches on the same connection and transaction.
 */
function* streamCreditFilesPg(db: PgDb, chunk: number): Generator<StreamedFile> {
  const coverage = annualReportCoverage(db);
  let block: EntityTuple[] = [];
  let after = 0;
  for (const e of iterate<EntityRowPg>(
    db,
    sql`SELECT id, kind, status, established_on AS "establishedOn", coalesce(township, '') AS township,
               coalesce(jurisdiction, '') AS jurisdiction, industry_code AS "industryCode"
        FROM entities ORDER BY id`,
  )) {
    block.push([e.id, e.kind, e.status, e.establishedOn, e.township, e.jurisdiction, e.industryCode]);
    if (block.length === chunk) {
      const upTo = e.id;
      yield* mergeFiles(block, recordsInRangePg(db, after, upTo), coverage);
      after = upTo;
      block = [];
    }
  }
  const last = block[block.length - 1];
  if (last) yield* mergeFiles(block, recordsInRangePg(db, after, last[0]), coverage);
}

interface EntityRowPg {
  id: number;
  kind: EntityKind;
  status: EntityStatus;
  establishedOn: string | null;
  township: string;
  jurisdiction: string;
  industryCode: string | null;
}

/** The records of the entities with `after` < id ≤ `upTo`, in the order mergeFiles expects. */
function recordsInRangePg(db: PgDb, after: number, upTo: number): RecordTuple[] {
  // COLLATE "C": the dates are ISO text, ordered by code point as SQLite orders them.
  return all<{ entityId: number; id: number; type: GradingRecord['type']; date: string; data: string }>(
    db,
    sql`SELECT entity_id AS "entityId", id, type, date, data FROM records
        WHERE entity_id > ${after} AND entity_id <= ${upTo}
        ORDER BY entity_id, date COLLATE "C", id`,
  ).map((r) => [r.entityId, r.id, r.type, r.date, r.data]);
}

/**
 * The credit files of the entities with `after` < id ≤ `upTo`, in id order, read as streamCreditFiles
 * reads each of its chunks: for the parallel run's readers (parallel/), each on its own connection,
 * reading the id ranges it was given. `coverage` comes from the run, so every reader grades against
 * the same report years.
 */
export function creditFilesInRange(
  db: Db,
  after: number,
  upTo: number,
  coverage: Record<EntityKind, GradingCoverage>,
): Iterable<StreamedFile> {
  const { entities, records } = rangeStatements(db);
  const rows = entities.all(after, upTo) as EntityTuple[];
  if (rows.length === 0) return [];
  return mergeFiles(rows, records.all(after, upTo) as RecordTuple[], coverage);
}

/** The entity ids a run goes through: smallest, largest and how many (0, 0, 0 for none). */
export function entityIdSpan(db: Db): { min: number; max: number; count: number } {
  const r = db.prepare('SELECT min(id), max(id), count(*) FROM entities').raw().get() as [
    number | null,
    number | null,
    number,
  ];
  return { min: r[0] ?? 0, max: r[1] ?? 0, count: r[2] };
}

const ENTITY_COLUMNS = `id, kind, status, established_on, coalesce(township, ''), coalesce(jurisdiction, ''),
              industry_code`;

type RangeStatements = { entities: Statement; records: Statement };
type Statement = Database.Statement<[number, number]>;
/** Prepared once per connection: a run reads hundreds of ranges. */
const rangeStatementsOf = new WeakMap<Db, RangeStatements>();

function rangeStatements(db: Db): RangeStatements {
  let s = rangeStatementsOf.get(db);
  if (!s) {
    s = {
      entities: db
        .prepare<[number, number]>(
          `SELECT ${ENTITY_COLUMNS} FROM entities WHERE id > ? AND id <= ? ORDER BY id`,
        )
        .raw(),
      records: db
        .prepare<[number, number]>(
          `SELECT entity_id, id, type, date, data FROM records WHERE entity_id > ? AND entity_id <= ?
           ORDER BY entity_id, date, id`,
        )
        .raw(),
    };
    rangeStatementsOf.set(db, s);
  }
  return s;
}

/** Entities (in id order) joined to the records of the same id range (in entity, date, id order). */
function* mergeFiles(
  entities: EntityTuple[],
  records: RecordTuple[],
  coverage: Record<EntityKind, GradingCoverage>,
): Generator<StreamedFile> {
  let i = 0;
  for (const e of entities) {
    const id = e[0];
    const file: DbCreditFile & { records: GradingRecord[] } = {
      entityId: id,
      id: String(id),
      entity: { kind: e[1], status: e[2], establishedOn: e[3] },
      records: [],
      coverage: coverage[e[1]] ?? null,
    };
    // Records of an entity id missing from entities cannot exist (foreign key); skip defensively.
    while (i < records.length && (records[i] as RecordTuple)[0] < id) i++;
    for (; i < records.length; i++) {
      const r = records[i] as RecordTuple;
      if (r[0] !== id) break;
      file.records.push(tupleRecord(r));
    }
    yield { file, cell: { township: e[4], jurisdiction: e[5], industryCode: e[6] } };
  }
}

type EntityTuple = [
  id: number,
  kind: EntityKind,
  status: EntityStatus,
  establishedOn: string | null,
  township: string,
  jurisdiction: string,
  industryCode: string | null,
];
type RecordTuple = [entityId: number, id: number, type: GradingRecord['type'], date: string, data: string];

/** The same object as toRecord: the data's fields, then type, date and id (which win over the data's). */
function tupleRecord(r: RecordTuple): GradingRecord {
  const rec = JSON.parse(r[4]) as Record<string, unknown> | null;
  if (rec === null || typeof rec !== 'object' || 'type' in rec || 'date' in rec || 'id' in rec) {
    return readLegacyKinds({ ...rec, type: r[2], date: r[3], id: r[1] } as GradingRecord);
  }
  rec.type = r[2];
  rec.date = r[3];
  rec.id = r[1];
  return r[2] === 'penalty' ? readLegacyKinds(rec as GradingRecord) : (rec as GradingRecord);
}

export function countEntities(db: DataDoor): number {
  return value<number>(db, sql`SELECT count(*) FROM entities`) ?? 0;
}
