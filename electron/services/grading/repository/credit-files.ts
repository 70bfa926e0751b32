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
import { sql, value } from '../../../db/sql.ts';
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

/**
 * One entity's credit file, or null when the entity does not exist. `coverage`: the loaded report
 * years per kind (`annualReportCoverage`); a caller reading many files in one go passes it once rather
 * than have it read again for every file.
 */
export function readCreditFile(
  db: Db,
  entityId: number,
  coverage: Record<EntityKind, GradingCoverage> = annualReportCoverage(db),
): DbCreditFile | null {
  const rows = fileRows.all(db, { entity: entityId });
  const first = rows[0];
  if (!first) return null;
  const file = newFile(first, coverage);
  for (const r of rows) if (r.rid !== null) file.records.push(toRecord(r));
  return file;
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
export function* streamCreditFiles(db: Db, chunk = 4000): Generator<StreamedFile> {
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

export function countEntities(db: Db): number {
  return value<number>(db, sql`SELECT count(*) FROM entities`) ?? 0;
}
