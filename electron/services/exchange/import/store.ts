/**
 * Writes one import batch: entities upserted by identifier, records de-duplicated by natural key, and
 * for every row it updates one entry in the batch's undo log (exchange_changes) with the row's whole
 * before-image. Rows it inserts carry the batch's id in their batch_id column (an update never changes
 * it), which is how undo finds them — one log row per inserted row would cost 10 % of a large import.
 * Only the first touch of a row in a batch counts: that is the state undo must bring back.
 *
 * Empty cells never clear stored values: a list that lacks a column (or leaves a cell blank) says nothing
 * about that field, so it keeps what the database knew.
 */
import type { Entity } from '../../../../shared/domain/entity.ts';
import { type CreditRecord, recordNaturalKey } from '../../../../shared/domain/records.ts';
import type { Db } from '../../../db/open.ts';

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

type Row = Record<string, unknown>;

function dbValue(field: keyof Entity, v: unknown): unknown {
  if (field === 'tags') return JSON.stringify(v ?? []);
  return v ?? null;
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
}

export function createImportStore(
  db: Db,
  batch: { id: number; at: string; source: string },
  hooks: { beforeUpdateOfNew?: (id: number) => void } = {},
) {
  const byUscc = db.prepare('SELECT * FROM entities WHERE uscc = ?');
  const byRegNo = db.prepare('SELECT * FROM entities WHERE reg_no = ?');
  const entityById = db.prepare('SELECT * FROM entities WHERE id = ?');
  const cols = ENTITY_FIELDS.map(([, c]) => c);
  const insertEntity = db.prepare(
    `INSERT INTO entities (${cols.join(', ')}, batch_id, created_at, updated_at)
     VALUES (${cols.map(() => '?').join(', ')}, ?, ?, ?)`,
  );
  const updateEntity = db.prepare(
    `UPDATE entities SET ${cols.map((c) => `${c} = ?`).join(', ')}, updated_at = ? WHERE id = ?`,
  );
  const findRecord = db.prepare('SELECT * FROM records WHERE entity_id = ? AND natural_key = ?');
  const recordById = db.prepare('SELECT * FROM records WHERE id = ?');
  const insertRecord = db.prepare(
    `INSERT INTO records (entity_id, type, date, natural_key, source, batch_id, data, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const updateRecord = db.prepare('UPDATE records SET date = ?, data = ? WHERE id = ?');
  const log = db.prepare(
    'INSERT INTO exchange_changes (batch_id, tbl, row_id, op, before) VALUES (?, ?, ?, ?, ?)',
  );
  const logKeyedStmt = db.prepare(
    'INSERT INTO exchange_changes (batch_id, tbl, row_key, op, before) VALUES (?, ?, ?, ?, ?)',
  );
  const touched = new Set<string>();
  const changedEntities = new Set<number>();

  function logChange(tbl: string, id: number, before: Row | null): void {
    const key = `${tbl}:${id}`;
    if (touched.has(key)) return;
    touched.add(key);
    log.run(batch.id, tbl, id, before ? 'update' : 'insert', before ? JSON.stringify(before) : null);
  }

  function lookup(uscc: string | null | undefined, regNo: string | null | undefined): Row | undefined {
    return ((uscc ? byUscc.get(uscc) : undefined) ?? (regNo ? byRegNo.get(regNo) : undefined)) as
      | Row
      | undefined;
  }

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
    logKeyed(tbl: string, key: readonly unknown[], before: Row | null): void {
      const k = JSON.stringify(key);
      if (touched.has(`${tbl}:${k}`)) return;
      touched.add(`${tbl}:${k}`);
      logKeyedStmt.run(
        batch.id,
        tbl,
        k,
        before ? 'update' : 'insert',
        before ? JSON.stringify(before) : null,
      );
    },

    /** Logs a change to a table with an INTEGER PRIMARY KEY `id` other than entities/records. */
    logById(tbl: string, id: number, before: Row | null): void {
      logChange(tbl, id, before);
    },

    findEntity(uscc: string | null, regNo: string | null): FoundEntity | null {
      const r = lookup(uscc, regNo);
      return r
        ? {
            id: r.id as number,
            name: r.name as string,
            uscc: r.uscc as string | null,
            regNo: r.reg_no as string | null,
          }
        : null;
    },

    /** `defaults` fill what a new entity needs but the row did not state (kind, status). */
    upsertEntity(
      patch: EntityPatch,
      defaults: Pick<Entity, 'kind' | 'status'>,
    ): { id: number; outcome: Outcome } {
      const existing = lookup(patch.uscc, patch.regNo);
      if (!existing) {
        const values = ENTITY_FIELDS.map(([f]) => {
          const v = patch[f] ?? (f === 'kind' || f === 'status' ? defaults[f] : f === 'tags' ? [] : null);
          return dbValue(f, v);
        });
        const id = Number(insertEntity.run(...values, batch.id, batch.at, batch.at).lastInsertRowid);
        touched.add(`entities:${id}`); // undo finds it by batch_id: no log row needed
        changedEntities.add(id);
        return { id, outcome: 'inserted' };
      }
      const id = existing.id as number;
      const values = ENTITY_FIELDS.map(([f, c]) => {
        const v = patch[f];
        if (v === undefined || v === null) return existing[c];
        // Tags accumulate (专项库 lists each add their own); an import never removes one.
        if (f === 'tags')
          return JSON.stringify([
            ...new Set([...(JSON.parse(existing.tags as string) as string[]), ...(v as string[])]),
          ]);
        return dbValue(f, v);
      });
      if (ENTITY_FIELDS.every(([, c], i) => (existing[c] ?? null) === (values[i] ?? null))) {
        return { id, outcome: 'unchanged' };
      }
      logChange('entities', id, existing);
      if (existing.batch_id === batch.id) hooks.beforeUpdateOfNew?.(id);
      updateEntity.run(...values, batch.at, id);
      changedEntities.add(id);
      return { id, outcome: 'updated' };
    },

    /** Inserts the record, or merges the row's stated fields into the one with the same natural key. */
    upsertRecord(entityId: number, rec: CreditRecord): { id: number; outcome: Outcome } {
      const { type, date, ...data } = rec;
      const key = recordNaturalKey(rec);
      const existing = findRecord.get(entityId, key) as Row | undefined;
      if (!existing) {
        const id = Number(
          insertRecord.run(entityId, type, date, key, batch.source, batch.id, JSON.stringify(data), batch.at)
            .lastInsertRowid,
        );
        touched.add(`records:${id}`); // undo finds it by batch_id: no log row needed
        changedEntities.add(entityId);
        return { id, outcome: 'inserted' };
      }
      return this.patchRecord(existing.id as number, data);
    },

    /** Sets fields of a stored record (e.g. 移出日期 on an abnormal-list entry); nulls/undefined are skipped. */
    patchRecord(recordId: number, patch: Record<string, unknown>): { id: number; outcome: Outcome } {
      const existing = recordById.get(recordId) as Row;
      const old = JSON.parse(existing.data as string) as Record<string, unknown>;
      const merged: Record<string, unknown> = { ...old };
      for (const [k, v] of Object.entries(patch)) if (v !== undefined && v !== null) merged[k] = v;
      if (canonicalJson(merged) === canonicalJson(old)) return { id: recordId, outcome: 'unchanged' };
      logChange('records', recordId, existing);
      updateRecord.run(existing.date, JSON.stringify(merged), recordId);
      changedEntities.add(existing.entity_id as number);
      return { id: recordId, outcome: 'updated' };
    },

    entityRow(id: number): Row | undefined {
      return entityById.get(id) as Row | undefined;
    },
  };
}

export type ImportStore = ReturnType<typeof createImportStore>;
