/**
 * The repository of 异议与修复: repair applications, objections, their steps and attachments. Rows leave
 * as typed objects with JSON parsed. The few statements on `records` that a decision needs (a repair sets
 * repairedOn, an objection corrects or withdraws a record, a revocation restores it) are here too, beside
 * the case that makes them, so the record and its case change in one unit of work.
 */
import type { RecordType } from '../../../shared/domain/records.ts';
import type {
  ObjectionChannel,
  ObjectionOutcome,
  ObjectionState,
} from '../../../shared/objections/workflow.ts';
import type { RepairAction } from '../../../shared/repair/eligibility.ts';
import type { RepairState, VerifyMethod } from '../../../shared/repair/workflow.ts';
import {
  all,
  column,
  type DataDoor,
  dialect,
  get,
  run,
  runInsert,
  sql,
  type SqlQuery,
  value,
} from '../../db/sql.ts';

export type CaseKind = 'repair' | 'objection';
export type Json = Record<string, unknown>;

export interface EntityRef {
  entityId: number;
  entityName: string;
  entityCode: string;
  kind: 'enterprise' | 'cooperative' | 'individual' | 'other';
}

export interface StoredRecord {
  id: number;
  entityId: number;
  type: RecordType;
  date: string;
  naturalKey: string;
  source: string | null;
  batchId: number | null;
  data: Json;
  createdAt: string;
}

export interface RepairRow {
  id: number;
  entityId: number;
  entityName: string;
  entityCode: string;
  recordId: number | null;
  recordType: RecordType;
  recordSnapshot: Json;
  action: RepairAction;
  state: RepairState;
  applicant: string;
  contact: string | null;
  reason: string;
  channel: string;
  appliedOn: string;
  acceptedOn: string | null;
  decidedOn: string | null;
  closedOn: string | null;
  verifyMethod: VerifyMethod | null;
  checklist: { condition: string; met: boolean }[];
  decisionNo: string | null;
  recordBefore: StoredRecord | null;
}

export interface ObjectionRow {
  id: number;
  entityId: number;
  entityName: string;
  entityCode: string;
  recordId: number | null;
  recordType: RecordType | null;
  recordSnapshot: Json | null;
  gradingRunId: number | null;
  subject: string;
  objector: string;
  contact: string | null;
  channel: ObjectionChannel;
  reasons: string;
  receivedOn: string;
  state: ObjectionState;
  acceptedOn: string | null;
  decidedOn: string | null;
  outcome: ObjectionOutcome | null;
  findings: string | null;
  decisionNo: string | null;
  recordBefore: StoredRecord | null;
}

export interface StepRow {
  step: string;
  onDate: string;
  at: string;
  byUser: string;
  byName: string;
  reason: string | null;
}

export interface AttachmentRow {
  id: number;
  caseKind: CaseKind;
  caseId: number;
  kind: 'application' | 'commitment' | 'evidence' | 'other';
  fileName: string;
  size: number;
  addedAt: string;
  addedBy: string;
}

const parse = <T>(s: string | null): T | null => (s === null ? null : (JSON.parse(s) as T));

// --- entities and records ------------------------------------------------------------------------------

export function entityRef(db: DataDoor, entityId: number): EntityRef | null {
  const r = get<{ id: number; name: string; code: string; kind: EntityRef['kind'] }>(
    db,
    sql`SELECT id, name, coalesce(uscc, reg_no, '') AS code, kind FROM entities WHERE id = ${entityId}`,
  );
  return r ? { entityId: r.id, entityName: r.name, entityCode: r.code, kind: r.kind } : null;
}

interface RecordDbRow {
  id: number;
  entity_id: number;
  type: RecordType;
  date: string;
  natural_key: string;
  source: string | null;
  batch_id: number | null;
  data: string;
  created_at: string;
}

const toRecord = (r: RecordDbRow): StoredRecord => ({
  id: r.id,
  entityId: r.entity_id,
  type: r.type,
  date: r.date,
  naturalKey: r.natural_key,
  source: r.source,
  batchId: r.batch_id,
  data: JSON.parse(r.data) as Json,
  createdAt: r.created_at,
});

export function recordById(db: DataDoor, recordId: number): StoredRecord | null {
  const r = get<RecordDbRow>(db, sql`SELECT * FROM records WHERE id = ${recordId}`);
  return r ? toRecord(r) : null;
}

export function setRecordData(db: DataDoor, recordId: number, date: string, data: Json): void {
  run(db, sql`UPDATE records SET date = ${date}, data = ${JSON.stringify(data)} WHERE id = ${recordId}`);
}

export function deleteRecord(db: DataDoor, recordId: number): void {
  run(db, sql`DELETE FROM records WHERE id = ${recordId}`);
}

/** Puts a withdrawn record back exactly as it was, under its own id (a revoked decision). */
export function restoreRecord(db: DataDoor, r: StoredRecord): void {
  run(
    db,
    sql`INSERT INTO records (id, entity_id, type, date, natural_key, source, batch_id, data, created_at)
        VALUES (${r.id}, ${r.entityId}, ${r.type}, ${r.date}, ${r.naturalKey}, ${r.source}, ${r.batchId},
                ${JSON.stringify(r.data)}, ${r.createdAt})
        ON CONFLICT (id) DO UPDATE SET date = excluded.date, data = excluded.data`,
  );
}

/** Record ids of the entity with an objection still open (their records show 异议中). */
export function disputedRecordIds(db: DataDoor, entityId: number): Set<number> {
  return new Set(
    column<number>(
      db,
      sql`SELECT record_id FROM objections
          WHERE entity_id = ${entityId} AND record_id IS NOT NULL AND state IN ('received', 'accepted')`,
    ),
  );
}

// --- repair applications -------------------------------------------------------------------------------

interface RepairDbRow {
  id: number;
  entity_id: number;
  entity_name: string;
  entity_code: string;
  record_id: number | null;
  record_type: RecordType;
  record_snapshot: string;
  action: RepairAction;
  state: RepairState;
  applicant: string;
  contact: string | null;
  reason: string;
  channel: string;
  applied_on: string;
  accepted_on: string | null;
  decided_on: string | null;
  closed_on: string | null;
  verify_method: VerifyMethod | null;
  checklist: string;
  decision_no: string | null;
  record_before: string | null;
}

const REPAIR_SELECT = sql`SELECT c.*, e.name AS entity_name, coalesce(e.uscc, e.reg_no, '') AS entity_code
  FROM repair_applications c JOIN entities e ON e.id = c.entity_id`;

const toRepair = (r: RepairDbRow): RepairRow => ({
  id: r.id,
  entityId: r.entity_id,
  entityName: r.entity_name,
  entityCode: r.entity_code,
  recordId: r.record_id,
  recordType: r.record_type,
  recordSnapshot: JSON.parse(r.record_snapshot) as Json,
  action: r.action,
  state: r.state,
  applicant: r.applicant,
  contact: r.contact,
  reason: r.reason,
  channel: r.channel,
  appliedOn: r.applied_on,
  acceptedOn: r.accepted_on,
  decidedOn: r.decided_on,
  closedOn: r.closed_on,
  verifyMethod: r.verify_method,
  checklist: JSON.parse(r.checklist) as RepairRow['checklist'],
  decisionNo: r.decision_no,
  recordBefore: parse<StoredRecord>(r.record_before),
});

export interface NewRepair {
  entityId: number;
  recordId: number;
  recordType: RecordType;
  recordSnapshot: Json;
  action: RepairAction;
  applicant: string;
  contact: string | null;
  reason: string;
  channel: string;
  appliedOn: string;
  checklist: RepairRow['checklist'];
  externalRef: string | null;
  batchId: number | null;
  at: string;
  by: string;
}

export function insertRepair(db: DataDoor, a: NewRepair): number {
  return runInsert(
    db,
    sql`INSERT INTO repair_applications (entity_id, record_id, record_type, record_snapshot, action, state,
          applicant, contact, reason, channel, applied_on, checklist, external_ref, batch_id,
          created_at, created_by, updated_at)
        VALUES (${a.entityId}, ${a.recordId}, ${a.recordType}, ${JSON.stringify(a.recordSnapshot)}, ${a.action},
          'applied', ${a.applicant}, ${a.contact}, ${a.reason}, ${a.channel}, ${a.appliedOn},
          ${JSON.stringify(a.checklist)}, ${a.externalRef}, ${a.batchId}, ${a.at}, ${a.by}, ${a.at})`,
  ).newId;
}

export function repairById(db: DataDoor, id: number): RepairRow | null {
  const r = get<RepairDbRow>(db, sql`${REPAIR_SELECT} WHERE c.id = ${id}`);
  return r ? toRepair(r) : null;
}

/** The fields a step may change; absent fields stay as they are. */
export interface RepairChange {
  state: RepairState;
  acceptedOn?: string;
  decidedOn?: string;
  closedOn?: string;
  verifyMethod?: VerifyMethod;
  checklist?: RepairRow['checklist'];
  decisionNo?: string | null;
  recordBefore?: StoredRecord | null;
}

export function updateRepair(db: DataDoor, id: number, c: RepairChange, at: string): void {
  const sets: SqlQuery[] = [sql`state = ${c.state}`, sql`updated_at = ${at}`];
  if (c.acceptedOn !== undefined) sets.push(sql`accepted_on = ${c.acceptedOn}`);
  if (c.decidedOn !== undefined) sets.push(sql`decided_on = ${c.decidedOn}`);
  if (c.closedOn !== undefined) sets.push(sql`closed_on = ${c.closedOn}`);
  if (c.verifyMethod !== undefined) sets.push(sql`verify_method = ${c.verifyMethod}`);
  if (c.checklist !== undefined) sets.push(sql`checklist = ${JSON.stringify(c.checklist)}`);
  if (c.decisionNo !== undefined) sets.push(sql`decision_no = ${c.decisionNo}`);
  if (c.recordBefore !== undefined)
    sets.push(sql`record_before = ${c.recordBefore === null ? null : JSON.stringify(c.recordBefore)}`);
  run(db, sql`UPDATE repair_applications SET ${sql.join(sets, ', ')} WHERE id = ${id}`);
}

/** An application for this record that has not ended (one at a time per record). */
export function openRepairFor(db: DataDoor, recordId: number): number | null {
  return (
    value<number>(
      db,
      sql`SELECT id FROM repair_applications WHERE record_id = ${recordId}
          AND state IN ('applied', 'accepted', 'verified', 'granted')`,
    ) ?? null
  );
}

export interface CaseListQuery {
  states: readonly string[];
  query: string | null;
  offset: number;
  limit: number;
}

/** PostgreSQL has no instr(): strpos is its twin (1-based position, 0 when absent, null on null). */
const contains = (db: DataDoor, column: string, q: string) =>
  dialect(db, {
    sqlite: sql`instr(${sql.raw(column)}, ${q}) > 0`,
    postgres: sql`strpos(${sql.raw(column)}, CAST(${q} AS text)) > 0`,
  });

const search = (db: DataDoor, q: string | null, ...columns: string[]) =>
  q
    ? sql`AND (${sql.join(
        columns.map((c) => contains(db, c, q)),
        ' OR ',
      )})`
    : sql``;

/** How one kind of case is listed: its table, the columns searched, the date it is ordered by. */
interface CaseTable<R> {
  table: 'repair_applications' | 'objections';
  select: SqlQuery;
  person: string;
  orderBy: string;
  map: (row: never) => R;
}

function listCases<R>(db: DataDoor, t: CaseTable<R>, q: CaseListQuery): { total: number; rows: R[] } {
  const where = sql`WHERE c.state IN ${sql.list(q.states)} ${search(db, q.query, 'e.name', 'e.uscc', 'e.reg_no', t.person)}`;
  const total =
    value<number>(
      db,
      sql`SELECT count(*) FROM ${sql.raw(t.table)} c JOIN entities e ON e.id = c.entity_id ${where}`,
    ) ?? 0;
  const rows = all<never>(
    db,
    sql`${t.select} ${where} ORDER BY ${sql.raw(t.orderBy)}, c.id LIMIT ${q.limit} OFFSET ${q.offset}`,
  );
  return { total, rows: rows.map(t.map) };
}

function countsByState(db: DataDoor, table: CaseTable<unknown>['table']): Map<string, number> {
  return new Map(
    all<{ state: string; n: number }>(
      db,
      sql`SELECT state, count(*) AS n FROM ${sql.raw(table)} GROUP BY state`,
    ).map((r) => [r.state, r.n]),
  );
}

const REPAIRS: CaseTable<RepairRow> = {
  table: 'repair_applications',
  select: REPAIR_SELECT,
  person: 'c.applicant',
  orderBy: 'c.applied_on',
  map: toRepair as (row: never) => RepairRow,
};

export const listRepairs = (db: DataDoor, q: CaseListQuery) => listCases(db, REPAIRS, q);
export const repairCountsByState = (db: DataDoor) => countsByState(db, 'repair_applications');

// --- objections ----------------------------------------------------------------------------------------

interface ObjectionDbRow {
  id: number;
  entity_id: number;
  entity_name: string;
  entity_code: string;
  record_id: number | null;
  record_type: RecordType | null;
  record_snapshot: string | null;
  grading_run_id: number | null;
  subject: string;
  objector: string;
  contact: string | null;
  channel: ObjectionChannel;
  reasons: string;
  received_on: string;
  state: ObjectionState;
  accepted_on: string | null;
  decided_on: string | null;
  outcome: ObjectionOutcome | null;
  findings: string | null;
  decision_no: string | null;
  record_before: string | null;
}

const OBJECTION_SELECT = sql`SELECT c.*, e.name AS entity_name, coalesce(e.uscc, e.reg_no, '') AS entity_code
  FROM objections c JOIN entities e ON e.id = c.entity_id`;

const toObjection = (r: ObjectionDbRow): ObjectionRow => ({
  id: r.id,
  entityId: r.entity_id,
  entityName: r.entity_name,
  entityCode: r.entity_code,
  recordId: r.record_id,
  recordType: r.record_type,
  recordSnapshot: parse<Json>(r.record_snapshot),
  gradingRunId: r.grading_run_id,
  subject: r.subject,
  objector: r.objector,
  contact: r.contact,
  channel: r.channel,
  reasons: r.reasons,
  receivedOn: r.received_on,
  state: r.state,
  acceptedOn: r.accepted_on,
  decidedOn: r.decided_on,
  outcome: r.outcome,
  findings: r.findings,
  decisionNo: r.decision_no,
  recordBefore: parse<StoredRecord>(r.record_before),
});

export interface NewObjection {
  entityId: number;
  recordId: number | null;
  recordType: RecordType | null;
  recordSnapshot: Json | null;
  gradingRunId: number | null;
  subject: string;
  objector: string;
  contact: string | null;
  channel: ObjectionChannel;
  reasons: string;
  receivedOn: string;
  externalRef: string | null;
  batchId: number | null;
  at: string;
  by: string;
}

export function insertObjection(db: DataDoor, o: NewObjection): number {
  return runInsert(
    db,
    sql`INSERT INTO objections (entity_id, record_id, record_type, record_snapshot, grading_run_id, subject,
          objector, contact, channel, reasons, received_on, state, external_ref, batch_id,
          created_at, created_by, updated_at)
        VALUES (${o.entityId}, ${o.recordId}, ${o.recordType},
          ${o.recordSnapshot === null ? null : JSON.stringify(o.recordSnapshot)}, ${o.gradingRunId}, ${o.subject},
          ${o.objector}, ${o.contact}, ${o.channel}, ${o.reasons}, ${o.receivedOn}, 'received',
          ${o.externalRef}, ${o.batchId}, ${o.at}, ${o.by}, ${o.at})`,
  ).newId;
}

export function objectionById(db: DataDoor, id: number): ObjectionRow | null {
  const r = get<ObjectionDbRow>(db, sql`${OBJECTION_SELECT} WHERE c.id = ${id}`);
  return r ? toObjection(r) : null;
}

export interface ObjectionChange {
  state: ObjectionState;
  acceptedOn?: string;
  decidedOn?: string;
  outcome?: ObjectionOutcome;
  findings?: string | null;
  decisionNo?: string | null;
  recordBefore?: StoredRecord | null;
}

export function updateObjection(db: DataDoor, id: number, c: ObjectionChange, at: string): void {
  const sets: SqlQuery[] = [sql`state = ${c.state}`, sql`updated_at = ${at}`];
  if (c.acceptedOn !== undefined) sets.push(sql`accepted_on = ${c.acceptedOn}`);
  if (c.decidedOn !== undefined) sets.push(sql`decided_on = ${c.decidedOn}`);
  if (c.outcome !== undefined) sets.push(sql`outcome = ${c.outcome}`);
  if (c.findings !== undefined) sets.push(sql`findings = ${c.findings}`);
  if (c.decisionNo !== undefined) sets.push(sql`decision_no = ${c.decisionNo}`);
  if (c.recordBefore !== undefined)
    sets.push(sql`record_before = ${c.recordBefore === null ? null : JSON.stringify(c.recordBefore)}`);
  run(db, sql`UPDATE objections SET ${sql.join(sets, ', ')} WHERE id = ${id}`);
}

const OBJECTIONS: CaseTable<ObjectionRow> = {
  table: 'objections',
  select: OBJECTION_SELECT,
  person: 'c.objector',
  orderBy: 'c.received_on',
  map: toObjection as (row: never) => ObjectionRow,
};

export const listObjections = (db: DataDoor, q: CaseListQuery) => listCases(db, OBJECTIONS, q);
export const objectionCountsByState = (db: DataDoor) => countsByState(db, 'objections');

// --- steps and attachments -----------------------------------------------------------------------------

export function insertStep(
  db: DataDoor,
  s: {
    caseKind: CaseKind;
    caseId: number;
    step: string;
    onDate: string;
    at: string;
    by: string;
    reason: string | null;
    detail: Json;
  },
): void {
  run(
    db,
    sql`INSERT INTO case_steps (case_kind, case_id, step, on_date, at, by_user, reason, detail)
        VALUES (${s.caseKind}, ${s.caseId}, ${s.step}, ${s.onDate}, ${s.at}, ${s.by}, ${s.reason},
                ${JSON.stringify(s.detail)})`,
  );
}

export function stepsOf(db: DataDoor, caseKind: CaseKind, caseId: number): StepRow[] {
  return all<StepRow>(
    db,
    sql`SELECT s.step, s.on_date AS "onDate", s.at, s.by_user AS "byUser",
          coalesce(u.display_name, s.by_user) AS "byName", s.reason
        FROM case_steps s LEFT JOIN users u ON u.username = s.by_user
        WHERE s.case_kind = ${caseKind} AND s.case_id = ${caseId} ORDER BY s.id`,
  );
}

/** The reason written with the last step of this kind (a refusal's or a denial's grounds). */
export function lastStepReason(db: DataDoor, caseKind: CaseKind, caseId: number, step: string): string {
  return (
    value<string>(
      db,
      sql`SELECT reason FROM case_steps WHERE case_kind = ${caseKind} AND case_id = ${caseId} AND step = ${step}
          ORDER BY id DESC LIMIT 1`,
    ) ?? ''
  );
}

export function insertAttachment(
  db: DataDoor,
  a: Omit<AttachmentRow, 'id'> & { sha256: string; content: Uint8Array },
): number {
  return runInsert(
    db,
    sql`INSERT INTO case_attachments (case_kind, case_id, kind, file_name, size, sha256, content, added_at, added_by)
        VALUES (${a.caseKind}, ${a.caseId}, ${a.kind}, ${a.fileName}, ${a.size}, ${a.sha256}, ${a.content},
                ${a.addedAt}, ${a.addedBy})`,
  ).newId;
}

const ATTACHMENT_COLUMNS = sql`id, case_kind AS "caseKind", case_id AS "caseId", kind, file_name AS "fileName", size,
  added_at AS "addedAt", added_by AS "addedBy"`;

export function attachmentsOf(db: DataDoor, caseKind: CaseKind, caseId: number): AttachmentRow[] {
  return all<AttachmentRow>(
    db,
    sql`SELECT ${ATTACHMENT_COLUMNS} FROM case_attachments
        WHERE case_kind = ${caseKind} AND case_id = ${caseId} ORDER BY id`,
  );
}

export function attachmentWithContent(
  db: DataDoor,
  id: number,
): (AttachmentRow & { content: Uint8Array }) | null {
  return (
    get<AttachmentRow & { content: Uint8Array }>(
      db,
      sql`SELECT ${ATTACHMENT_COLUMNS}, content FROM case_attachments WHERE id = ${id}`,
    ) ?? null
  );
}

/** A case step, its record change, re-grade and audit entry commit together or not at all. */
export { unitOfWork } from '../../db/sql.ts';

// --- cases received elsewhere (the exchange's import kinds 信用修复申请 and 异议) ------------------------

/** The record a received case names: a penalty by its 决定书文号, else the entity's records of a type on a date. */
export function recordIdsFor(
  db: DataDoor,
  entityId: number,
  by: { decisionNo: string } | { type: RecordType; date: string },
): number[] {
  return 'decisionNo' in by
    ? column<number>(
        db,
        dialect(db, {
          sqlite: sql`SELECT id FROM records WHERE entity_id = ${entityId} AND type = 'penalty'
            AND json_extract(data, '$.decisionNo') = ${by.decisionNo} ORDER BY id`,
          postgres: sql`SELECT id FROM records WHERE entity_id = ${entityId} AND type = 'penalty'
            AND data::jsonb ->> 'decisionNo' = CAST(${by.decisionNo} AS text) ORDER BY id`,
        }),
      )
    : column<number>(
        db,
        sql`SELECT id FROM records WHERE entity_id = ${entityId} AND type = ${by.type} AND date = ${by.date}
            ORDER BY id`,
      );
}

/** The case already registered under a platform's 编号, if any (a re-import changes nothing). */
export function caseIdByExternalRef(db: DataDoor, caseKind: CaseKind, externalRef: string): number | null {
  return (
    (caseKind === 'repair'
      ? value<number>(db, sql`SELECT id FROM repair_applications WHERE external_ref = ${externalRef}`)
      : value<number>(db, sql`SELECT id FROM objections WHERE external_ref = ${externalRef}`)) ?? null
  );
}

export interface ImportedCase {
  caseKind: CaseKind;
  id: number;
  externalRef: string | null;
  entityName: string;
  /** Still in its first state (申请 / 收到): nothing was done on it yet. */
  untouched: boolean;
}

/** The cases an import batch created. */
export function casesOfBatch(db: DataDoor, batchId: number): ImportedCase[] {
  return all<{
    case_kind: CaseKind;
    id: number;
    external_ref: string | null;
    name: string;
    // A comparison: 0/1 on SQLite, false/true on PostgreSQL.
    untouched: number | boolean;
  }>(
    db,
    sql`SELECT 'repair' AS case_kind, a.id, a.external_ref, e.name, a.state = 'applied' AS untouched
          FROM repair_applications a JOIN entities e ON e.id = a.entity_id WHERE a.batch_id = ${batchId}
        UNION ALL
        SELECT 'objection', o.id, o.external_ref, e.name, o.state = 'received'
          FROM objections o JOIN entities e ON e.id = o.entity_id WHERE o.batch_id = ${batchId}
        ORDER BY 1, 2`,
  ).map((r) => ({
    caseKind: r.case_kind,
    id: r.id,
    externalRef: r.external_ref,
    entityName: r.name,
    untouched: r.untouched === 1 || r.untouched === true,
  }));
}

/** Deletes the cases an import batch created, with their steps and attachments; how many cases. */
export function deleteCasesOfBatch(db: DataDoor, batchId: number): number {
  let deleted = 0;
  for (const [kind, table] of [
    ['repair', 'repair_applications'],
    ['objection', 'objections'],
  ] as const) {
    const ids = sql`SELECT id FROM ${sql.raw(table)} WHERE batch_id = ${batchId}`;
    run(db, sql`DELETE FROM case_steps WHERE case_kind = ${kind} AND case_id IN (${ids})`);
    run(db, sql`DELETE FROM case_attachments WHERE case_kind = ${kind} AND case_id IN (${ids})`);
    deleted += run(db, sql`DELETE FROM ${sql.raw(table)} WHERE batch_id = ${batchId}`).changes;
  }
  return deleted;
}

// --- the list of granted repairs for the provincial platform ------------------------------------------

export interface GrantedRepairRow {
  entityCode: string;
  entityName: string;
  recordType: RecordType;
  recordSnapshot: Json;
  action: RepairAction;
  decisionNo: string | null;
  decidedOn: string;
  executedOn: string | null;
}

/** Repairs granted (and not revoked) with their decision in [from, to], by decision date. */
export function grantedRepairs(db: DataDoor, range: { from: string; to: string }): GrantedRepairRow[] {
  return all<{
    code: string;
    name: string;
    record_type: RecordType;
    record_snapshot: string;
    action: RepairAction;
    decision_no: string | null;
    decided_on: string;
    executed_on: string | null;
  }>(
    db,
    sql`SELECT coalesce(e.uscc, e.reg_no, '') AS code, e.name, a.record_type, a.record_snapshot, a.action,
          a.decision_no, a.decided_on, CASE WHEN a.state = 'executed' THEN a.closed_on END AS executed_on
        FROM repair_applications a JOIN entities e ON e.id = a.entity_id
        WHERE a.state IN ('granted', 'executed') AND a.decided_on BETWEEN ${range.from} AND ${range.to}
        ORDER BY a.decided_on, a.id`,
  ).map((r) => ({
    entityCode: r.code,
    entityName: r.name,
    recordType: r.record_type,
    recordSnapshot: JSON.parse(r.record_snapshot) as Json,
    action: r.action,
    decisionNo: r.decision_no,
    decidedOn: r.decided_on,
    executedOn: r.executed_on,
  }));
}
