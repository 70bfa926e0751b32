/**
 * Writes one import batch: entities upserted by identifier, records de-duplicated by natural key, and
 * for every row it updates one entry in the batch's undo log (exchange_changes) with the row's whole
 * before-image. Rows it inserts carry the batch's id in their batch_id column (an update never changes
 * it), which is how undo finds them — one log row per inserted row would cost 10 % of a large import.
 * Only the first touch of a row in a batch counts: that is the state undo must bring back.
 *
 * Empty cells never clear stored values: a list that lacks a column (or leaves a cell blank) says nothing
 * about that field, so it keeps what the database knew.
 *
 * The entities and records tables belong to the entities area; the bulk upserts of an import stay here
 * for now, since only the import needs them in this shape (one prepared statement per kind of write for
 * the whole batch, the undo log beside every change).
 *
 * On PostgreSQL the same store holds its writes and writes a slice's rows set-based at the slice's end
 * (pg-import-writes.ts): the slice's entities and their records are looked up in a few statements first,
 * so that rows are answered from memory; anything else it must ask the database writes what it holds
 * first, so a read never misses an earlier row of the file.
 */
import type { Entity } from '../../../../shared/domain/entity.ts';
import { type CreditRecord, recordNaturalKey } from '../../../../shared/domain/records.ts';
import { all, bulk, type DataDoor, dialect, get, isPg, script, type SqlValue, sql } from '../../../db/sql.ts';
import type { StoredRow } from './logged-tables.ts';
import { CodeTaken, createPgImportWrites } from './pg-import-writes.ts';

export type Outcome = 'inserted' | 'updated' | 'unchanged';

/** The fields a row says something about; undefined = not stated. */
export type EntityPatch = { [K in keyof Entity]?: Entity[K] };

const ENTITY_FIELDS: readonly [keyof Entity, string][] = [
  ['uscc', 'uscc'],
  ['regNo', 'reg_no'],
  ['name', 'name'],
  ['kind', 'kind'],
  ['legalRep', 'legal_rep'],
  ['regionCode', 'region_code'],
  ['township', 'township'],
  ['jurisdiction', 'jurisdiction'],
  ['industryCode', 'industry_code'],
  ['industryName', 'industry_name'],
  ['address', 'address'],
  ['establishedOn', 'established_on'],
  ['status', 'status'],
  ['capitalAmount', 'capital_amount'],
  ['capitalUnit', 'capital_unit'],
  ['capitalCurrency', 'capital_currency'],
  ['phone', 'phone'],
  ['tags', 'tags'],
];

/** An entities row as stored: the columns this store compares, plus the rest for the undo log. */
interface EntityRow extends StoredRow {
  id: number;
  name: string;
  uscc: string | null;
  reg_no: string | null;
  region_code: string | null;
  tags: string;
  batch_id: number | null;
}

interface RecordRow extends StoredRow {
  id: number;
  entity_id: number;
  date: string;
  data: string;
}

type ListType = 'abnormal_list' | 'serious_violation_list' | 'joint_punishment';

function dbValue(field: keyof Entity, v: unknown): SqlValue {
  if (field === 'tags') return JSON.stringify(v ?? []);
  return (v ?? null) as SqlValue;
}

/** JSON with sorted keys, so two records with the same fields compare equal whatever their key order. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

export interface FoundEntity {
  id: number;
  name: string;
  uscc: string | null;
  regNo: string | null;
  regionCode: string | null;
}

const COLS = ENTITY_FIELDS.map(([, c]) => c);
const INSERT_ENTITY = `INSERT INTO entities (${COLS.join(', ')}, batch_id, created_at, updated_at)
  VALUES (${COLS.map((c) => `@${c}`).join(', ')}, @batch_id, @at, @at)`;
const UPDATE_ENTITY = `UPDATE entities SET ${COLS.map((c) => `${c} = @${c}`).join(', ')}, updated_at = @at WHERE id = @id`;

type EntityValues = Record<string, SqlValue>;

/** A list entry's 移出日期 inside its data (JSON text). */
const removedOnOf = (db: DataDoor) =>
  dialect(db, {
    sqlite: sql`json_extract(data, '$.removedOn')`,
    postgres: sql`(data::jsonb ->> 'removedOn')`,
  });

export function createImportStore(
  db: DataDoor,
  batch: { id: number; at: string; source: string },
  hooks: { beforeUpdateOfNew?: (id: number) => void } = {},
) {
  const insertEntity = bulk<EntityValues>(db, INSERT_ENTITY);
  const updateEntity = bulk<EntityValues>(db, UPDATE_ENTITY);
  const insertRecord = bulk<{
    entity_id: number;
    type: string;
    date: string;
    natural_key: string;
    source: string;
    batch_id: number;
    data: string;
    at: string;
  }>(
    db,
    `INSERT INTO records (entity_id, type, date, natural_key, source, batch_id, data, created_at)
     VALUES (@entity_id, @type, @date, @natural_key, @source, @batch_id, @data, @at)`,
  );
  const updateRecord = bulk<{ id: number; date: string; data: string }>(
    db,
    'UPDATE records SET date = @date, data = @data WHERE id = @id',
  );
  const log = bulk<{ tbl: string; row_id: number; op: string; before: string | null; batch: number }>(
    db,
    'INSERT INTO exchange_changes (batch_id, tbl, row_id, op, before) VALUES (@batch, @tbl, @row_id, @op, @before)',
  );
  const logKeyedStmt = bulk<{
    tbl: string;
    row_key: string;
    op: string;
    before: string | null;
    batch: number;
  }>(
    db,
    'INSERT INTO exchange_changes (batch_id, tbl, row_key, op, before) VALUES (@batch, @tbl, @row_key, @op, @before)',
  );
  const touched = new Set<string>();
  const changedEntities = new Set<number>();
  const pg = isPg(db) ? createPgImportWrites(db, batch) : null;
  /** Sheet rows whose held writes PostgreSQL refused (pg-import-writes.ts), until taken. */
  const refused: number[] = [];
  /** Writes what PostgreSQL holds, so that a read of the database sees every earlier row. */
  const flush = () => {
    if (pg?.pending) refused.push(...pg.flush());
  };
  /** PostgreSQL: the records of the slice's known entities, by entity and by id (prefetchRecords). */
  const recordsOf = new Map<number, RecordRow[]>();
  const recordIndex = new Map<number, RecordRow>();

  function logChange(tbl: string, id: number, before: StoredRow | null): void {
    const key = `${tbl}:${id}`;
    if (touched.has(key)) return;
    touched.add(key);
    if (pg) {
      pg.log({
        tbl,
        row_id: id,
        row_key: null,
        op: before ? 'update' : 'insert',
        before: before ? JSON.stringify(before) : null,
      });
      return;
    }
    log.run({
      batch: batch.id,
      tbl,
      row_id: id,
      op: before ? 'update' : 'insert',
      before: before ? JSON.stringify(before) : null,
    });
  }

  /**
   * Entities of the coming rows, looked up by prefetchEntities in one statement per code column:
   * `u<uscc>` / `r<reg_no>` → the stored row, or null when no entity has that code. A write drops the
   * codes it touches, so those are read again when asked.
   */
  const known = new Map<string, EntityRow | null>();

  function byCode(column: 'uscc' | 'reg_no', code: string): EntityRow | undefined {
    const hit = known.get(`${column === 'uscc' ? 'u' : 'r'}${code}`);
    if (hit !== undefined) return hit ?? undefined;
    flush();
    return withoutTrigramProbes(() =>
      column === 'uscc'
        ? get<EntityRow>(db, sql`SELECT * FROM entities WHERE uscc = ${code}`)
        : get<EntityRow>(db, sql`SELECT * FROM entities WHERE reg_no = ${code}`),
    );
  }

  function lookup(uscc: string | null | undefined, regNo: string | null | undefined): EntityRow | undefined {
    return (uscc ? byCode('uscc', uscc) : undefined) ?? (regNo ? byCode('reg_no', regNo) : undefined);
  }

  function forget(...codes: { uscc?: SqlValue | undefined; reg_no?: SqlValue | undefined }[]): void {
    for (const c of codes) {
      if (typeof c.uscc === 'string') known.delete(`u${c.uscc}`);
      if (typeof c.reg_no === 'string') known.delete(`r${c.reg_no}`);
    }
  }

  const recordById = (id: number): RecordRow | undefined => {
    if (pg) {
      const hit = recordIndex.get(id);
      if (hit) return hit;
      flush();
    }
    return get<RecordRow>(db, sql`SELECT * FROM records WHERE id = ${id}`);
  };

  /**
   * PostgreSQL: `fn`'s lookups of codes by equality without bitmap scans, so the planner cannot probe the
   * pg_trgm GIN indexes of uscc / reg_no (migration 001) for them — GIN only scans by bitmap — but takes
   * the UNIQUE btree. It preferred the trigram index while the table's statistics were those of a smaller
   * table, and every code of a county shares its trigrams: 2,500 注册号 took 5.1 s that way against
   * 46 ms by the btree (EXPLAIN ANALYZE at 20,000 entities), and an import of 20,000 rows 210 s.
   * SET LOCAL lasts to the end of the transaction, so the setting is put back right after (a failure
   * aborts the transaction, and its rollback takes the setting with it).
   */
  function withoutTrigramProbes<T>(fn: () => T): T {
    if (!pg) return fn();
    script(db, 'SET LOCAL enable_bitmapscan = off');
    const result = fn();
    script(db, 'SET LOCAL enable_bitmapscan TO DEFAULT');
    return result;
  }

  /** PostgreSQL: a code this write gives an entity must not be another entity's (see CodeTaken). */
  function checkCodesFree(id: number, before: EntityRow, values: EntityValues): void {
    for (const c of ['uscc', 'reg_no'] as const) {
      const code = values[c];
      if (typeof code !== 'string' || code === before[c]) continue;
      const holder = byCode(c, code);
      if (holder && holder.id !== id) throw new CodeTaken(c, code);
    }
  }

  /** PostgreSQL: what the store now knows about an entity it holds a write of. */
  function remember(row: EntityRow, before: EntityRow | null): void {
    if (before?.uscc) known.set(`u${before.uscc}`, null);
    if (before?.reg_no) known.set(`r${before.reg_no}`, null);
    if (row.uscc) known.set(`u${row.uscc}`, row);
    if (row.reg_no) known.set(`r${row.reg_no}`, row);
  }

  const entityRowOf = (id: number, values: EntityValues, base: Partial<EntityRow>): EntityRow => {
    const row: Record<string, SqlValue> = { ...base, id };
    for (const c of COLS) row[c] = values[c] ?? null;
    return row as EntityRow;
  };

  return {
    /**
     * Entity ids added, changed (status, establishment date … feed the grade) or whose records changed,
     * for onRecordsChanged: a new entity is graded against each model's current run as part of the import.
     */
    changedEntities,

    /**
     * Logs a change to a table keyed by other columns than an integer id (the sampling area's items,
     * conflicts, calendar days); `before` is the whole stored row, null when the row was inserted.
     */
    logKeyed(tbl: string, key: readonly SqlValue[], before: StoredRow | null): void {
      const k = JSON.stringify(key);
      if (touched.has(`${tbl}:${k}`)) return;
      touched.add(`${tbl}:${k}`);
      if (pg) {
        pg.log({
          tbl,
          row_id: null,
          row_key: k,
          op: before ? 'update' : 'insert',
          before: before ? JSON.stringify(before) : null,
        });
        return;
      }
      logKeyedStmt.run({
        batch: batch.id,
        tbl,
        row_key: k,
        op: before ? 'update' : 'insert',
        before: before ? JSON.stringify(before) : null,
      });
    },

    /** Logs a change to a table with an INTEGER PRIMARY KEY `id` other than entities/records. */
    logById(tbl: string, id: number, before: StoredRow | null): void {
      logChange(tbl, id, before);
    },

    /**
     * Looks up the entities of the coming rows at once (two statements instead of up to four per
     * row): the slice's codes, found or known to be absent, answer findEntity and upsertEntity until a
     * write changes them. Replaces what the previous slice fetched.
     */
    prefetchEntities(codes: { uscc: readonly string[]; regNo: readonly string[] }): void {
      flush();
      known.clear();
      const fetch = (column: 'uscc' | 'reg_no', list: readonly string[]) => {
        if (list.length === 0) return;
        const json = JSON.stringify(list);
        const codesIn = dialect(db, {
          sqlite: sql`IN (SELECT value FROM json_each(${json}))`,
          postgres: sql`= ANY (ARRAY(SELECT json_array_elements_text(CAST(${json} AS json))))`,
        });
        const rows = withoutTrigramProbes(() =>
          column === 'uscc'
            ? all<EntityRow>(db, sql`SELECT * FROM entities WHERE uscc ${codesIn}`)
            : all<EntityRow>(db, sql`SELECT * FROM entities WHERE reg_no ${codesIn}`),
        );
        const tag = column === 'uscc' ? 'u' : 'r';
        for (const code of list) known.set(`${tag}${code}`, null);
        for (const row of rows) known.set(`${tag}${row[column]}`, row);
      };
      fetch('uscc', codes.uscc);
      fetch('reg_no', codes.regNo);
    },

    /**
     * Whether a slice's rows should be looked up together (prefetchEntities, then prefetchRecords for
     * a kind of records). SQLite: entity lists only, as always; PostgreSQL: every kind, since each
     * lookup left to its row is a round trip.
     */
    prefetches(kind: string): { entities: boolean; records: boolean } {
      if (!pg) return { entities: kind === 'entities', records: false };
      return { entities: true, records: kind !== 'entities' };
    },

    /**
     * PostgreSQL: the records of the entities prefetchEntities found, in one statement, so that
     * recordIdByKey and patchRecord answer the slice's rows from memory.
     */
    prefetchRecords(): void {
      recordsOf.clear();
      recordIndex.clear();
      const ids = new Set<number>();
      for (const row of known.values()) if (row) ids.add(row.id);
      if (ids.size === 0) return;
      const json = JSON.stringify([...ids]);
      const rows = all<RecordRow>(
        db,
        sql`SELECT * FROM records
            WHERE entity_id = ANY (ARRAY(SELECT CAST(json_array_elements_text(CAST(${json} AS json)) AS bigint)))`,
      );
      for (const id of ids) recordsOf.set(id, []);
      for (const r of rows) {
        recordsOf.get(r.entity_id)?.push(r);
        recordIndex.set(r.id, r);
      }
    },

    /** The sheet row (0-based) whose writes follow; PostgreSQL names it when it refuses them. */
    beginRow(r: number): void {
      if (pg) pg.row = r;
    },

    /** Writes what is held (PostgreSQL), before another store writes rows that name them. */
    writeHeld(): void {
      flush();
    },

    /**
     * Writes what is held (PostgreSQL; nothing is held on SQLite) and hands over the sheet rows the
     * database refused since the last call: their writes were not made.
     */
    takeRefusedRows(): number[] {
      flush();
      return refused.splice(0);
    },

    findEntity(uscc: string | null, regNo: string | null): FoundEntity | null {
      const r = lookup(uscc, regNo);
      return r ? { id: r.id, name: r.name, uscc: r.uscc, regNo: r.reg_no, regionCode: r.region_code } : null;
    },

    /** `defaults` fill what a new entity needs but the row did not state (kind, status). */
    upsertEntity(
      patch: EntityPatch,
      defaults: Pick<Entity, 'kind' | 'status'>,
    ): { id: number; outcome: Outcome } {
      const existing = lookup(patch.uscc, patch.regNo);
      const values: EntityValues = { at: batch.at };
      if (!existing) {
        for (const [f, c] of ENTITY_FIELDS) {
          const v = patch[f] ?? (f === 'kind' || f === 'status' ? defaults[f] : f === 'tags' ? [] : null);
          values[c] = dbValue(f, v);
        }
        values.batch_id = batch.id;
        let id: number;
        if (pg) {
          id = pg.newEntityId();
          pg.insertEntity({ id, ...values });
          remember(entityRowOf(id, values, { batch_id: batch.id }), null);
        } else {
          id = insertEntity.run(values).newId;
          forget(values);
        }
        touched.add(`entities:${id}`); // undo finds it by batch_id: no log row needed
        changedEntities.add(id);
        return { id, outcome: 'inserted' };
      }
      const id = existing.id;
      let same = true;
      for (const [f, c] of ENTITY_FIELDS) {
        const v = patch[f];
        let next: SqlValue;
        if (v === undefined || v === null) next = existing[c] ?? null;
        // Tags accumulate (专项库 lists each add their own); an import never removes one.
        else if (f === 'tags')
          next = JSON.stringify([
            ...new Set([...(JSON.parse(existing.tags) as string[]), ...(v as string[])]),
          ]);
        else next = dbValue(f, v);
        values[c] = next;
        if ((existing[c] ?? null) !== (next ?? null)) same = false;
      }
      if (same) return { id, outcome: 'unchanged' };
      if (pg) {
        checkCodesFree(id, existing, values);
        logChange('entities', id, existing);
        pg.updateEntity({ ...values, id });
        remember(entityRowOf(id, values, existing), existing);
        changedEntities.add(id);
        return { id, outcome: 'updated' };
      }
      logChange('entities', id, existing);
      if (existing.batch_id === batch.id) hooks.beforeUpdateOfNew?.(id);
      values.id = id;
      updateEntity.run(values);
      forget(existing, values);
      changedEntities.add(id);
      return { id, outcome: 'updated' };
    },

    /** Inserts the record, or merges the row's stated fields into the one with the same natural key. */
    upsertRecord(entityId: number, rec: CreditRecord): { id: number; outcome: Outcome } {
      const { type, date, ...data } = rec;
      const key = recordNaturalKey(rec);
      const existing = this.recordIdByKey(entityId, key);
      if (existing === null && pg) {
        const row: RecordRow = {
          id: pg.newRecordId(),
          entity_id: entityId,
          type,
          date,
          natural_key: key,
          source: batch.source,
          batch_id: batch.id,
          data: JSON.stringify(data),
          created_at: batch.at,
        };
        pg.insertRecord({ id: row.id, entity_id: entityId, type, date, natural_key: key, data: row.data });
        recordsOf.get(entityId)?.push(row);
        recordIndex.set(row.id, row);
        touched.add(`records:${row.id}`);
        changedEntities.add(entityId);
        return { id: row.id, outcome: 'inserted' };
      }
      if (existing === null) {
        const id = insertRecord.run({
          entity_id: entityId,
          type,
          date,
          natural_key: key,
          source: batch.source,
          batch_id: batch.id,
          data: JSON.stringify(data),
          at: batch.at,
        }).newId;
        touched.add(`records:${id}`); // undo finds it by batch_id: no log row needed
        changedEntities.add(entityId);
        return { id, outcome: 'inserted' };
      }
      return this.patchRecord(existing, data);
    },

    /** Sets fields of a stored record (e.g. 移出日期 on an abnormal-list entry); nulls/undefined are skipped. */
    patchRecord(recordId: number, patch: Record<string, unknown>): { id: number; outcome: Outcome } {
      const existing = recordById(recordId);
      if (!existing) throw new Error(`record ${recordId} vanished during the import`);
      const old = JSON.parse(existing.data) as Record<string, unknown>;
      const merged: Record<string, unknown> = { ...old };
      for (const [k, v] of Object.entries(patch)) if (v !== undefined && v !== null) merged[k] = v;
      if (canonicalJson(merged) === canonicalJson(old)) return { id: recordId, outcome: 'unchanged' };
      logChange('records', recordId, existing);
      if (pg) {
        const next = { ...existing, data: JSON.stringify(merged) };
        pg.updateRecord({ id: recordId, date: existing.date, data: next.data });
        recordIndex.set(recordId, next);
        const list = recordsOf.get(existing.entity_id);
        if (list) list[list.findIndex((r) => r.id === recordId)] = next;
      } else updateRecord.run({ id: recordId, date: existing.date, data: JSON.stringify(merged) });
      changedEntities.add(existing.entity_id);
      return { id: recordId, outcome: 'updated' };
    },

    /** The id of the entity's record with this natural key, or null. */
    recordIdByKey(entityId: number, naturalKey: string): number | null {
      const held = recordsOf.get(entityId);
      if (held) return held.find((r) => r.natural_key === naturalKey)?.id ?? null;
      flush();
      return (
        get<{ id: number }>(
          db,
          sql`SELECT id FROM records WHERE entity_id = ${entityId} AND natural_key = ${naturalKey}`,
        )?.id ?? null
      );
    },

    /** The latest entry of a list listed on or before `removedOn` and not yet removed. */
    openListEntry(entityId: number, type: ListType, removedOn: string): number | null {
      flush();
      return (
        get<{ id: number }>(
          db,
          sql`SELECT id FROM records WHERE entity_id = ${entityId} AND type = ${type} AND date <= ${removedOn}
                AND ${removedOnOf(db)} IS NULL ORDER BY date DESC LIMIT 1`,
        )?.id ?? null
      );
    },

    /** An entry of a list already removed on `removedOn` (a re-import of the same 移出 list). */
    removedListEntry(entityId: number, type: ListType, removedOn: string): number | null {
      flush();
      return (
        get<{ id: number }>(
          db,
          sql`SELECT id FROM records WHERE entity_id = ${entityId} AND type = ${type}
                AND ${removedOnOf(db)} = ${removedOn}`,
        )?.id ?? null
      );
    },
  };
}

export type ImportStore = ReturnType<typeof createImportStore>;
