/** The inspector pool (`inspectors`) and the 回避 relations (`inspector_conflicts`). */
import type { Conflict, ConflictRow, Inspector } from '../../../../shared/api/contracts/sampling.ts';
import { all, type DataDoor, dialect, get, run, sql, value } from '../../../db/sql.ts';
import { codePointOrder } from './code-point-order.ts';
import { type ReferenceCounts, upsertKeyed } from './keyed-upsert.ts';

/** An inspector as stored, personal data unmasked (the services mask it for the screen). */
export type StoredInspector = Inspector & { id: number; version: number };

/** An `inspectors` row as either engine returns it (the exchange's undo log keeps it as its before-image). */
export interface InspectorDbRow {
  id: number;
  employee_no: string;
  name: string;
  gender: string | null;
  id_number: string | null;
  phone: string | null;
  unit: string | null;
  region: string | null;
  post_category: string | null;
  qualifications: string;
  item_scope: string;
  expert: number;
  cert_no: string | null;
  cert_expiry: string | null;
  status: 'active' | 'inactive';
  row_version: number;
}

export function readInspectors(db: DataDoor): StoredInspector[] {
  return all<InspectorDbRow>(db, sql`SELECT * FROM inspectors ORDER BY employee_no${codePointOrder(db)}`).map(
    (r) => ({
      id: r.id,
      employeeNo: r.employee_no,
      name: r.name,
      gender: r.gender ?? null,
      idNumber: r.id_number ?? null,
      phone: r.phone ?? null,
      unit: r.unit ?? null,
      region: r.region ?? null,
      postCategory: r.post_category ?? null,
      qualifications: JSON.parse(r.qualifications),
      itemScope: JSON.parse(r.item_scope),
      expert: r.expert === 1,
      certNo: r.cert_no ?? null,
      certExpiry: r.cert_expiry ?? null,
      status: r.status,
      version: Number(r.row_version),
    }),
  );
}

/** Inspectors as given (already normalised by the service), keyed by employee number. */
export function upsertInspectorRows(db: DataDoor, list: readonly Inspector[], at: string): ReferenceCounts {
  return upsertKeyed(
    db,
    'inspectors',
    ['employee_no'],
    list.map((r) => ({
      employee_no: r.employeeNo,
      name: r.name,
      gender: r.gender,
      id_number: r.idNumber,
      phone: r.phone,
      unit: r.unit,
      region: r.region,
      post_category: r.postCategory,
      qualifications: JSON.stringify(r.qualifications),
      item_scope: JSON.stringify(r.itemScope),
      expert: r.expert ? 1 : 0,
      cert_no: r.certNo,
      cert_expiry: r.certExpiry,
      status: r.status,
    })),
    at,
  );
}

/** The stored ID number and phone of one inspector (the screen shows them masked). */
export function inspectorContact(
  db: DataDoor,
  employeeNo: string,
): { idNumber: string | null; phone: string | null } | undefined {
  const r = get<{ id_number: string | null; phone: string | null }>(
    db,
    sql`SELECT id_number, phone FROM inspectors WHERE employee_no = ${employeeNo}`,
  );
  return r && { idNumber: r.id_number, phone: r.phone };
}

export function inspectorExists(db: DataDoor, employeeNo: string): boolean {
  return get(db, sql`SELECT 1 FROM inspectors WHERE employee_no = ${employeeNo}`) !== undefined;
}

export function inspectorCount(db: DataDoor): number {
  return value<number>(db, sql`SELECT count(*) FROM inspectors`) ?? 0;
}

/** Employee number → name, for the teams of a plan. */
export function inspectorNames(db: DataDoor): Map<string, string> {
  return new Map(
    all<{ no: string; name: string }>(db, sql`SELECT employee_no AS no, name FROM inspectors`).map((r) => [
      r.no,
      r.name,
    ]),
  );
}

// ---- conflicts ---------------------------------------------------------------------------------

interface ConflictForDraw {
  inspector: string;
  entity: string;
  reason: string | null;
}

/** Every relation, as the draw takes them. */
export function readConflicts(db: DataDoor): ConflictForDraw[] {
  return all<ConflictForDraw>(
    db,
    sql`SELECT employee_no AS inspector, entity_code AS entity, reason FROM inspector_conflicts`,
  );
}

/** With the names beside the codes: people read names, the codes are for telling namesakes apart. */
export function conflictsWithNames(db: DataDoor): ConflictRow[] {
  return all<Omit<ConflictRow, 'version'> & { version: number | string }>(
    db,
    sql`SELECT c.employee_no AS "employeeNo", c.entity_code AS "entityCode", c.reason, c.row_version AS version,
               (SELECT name FROM inspectors i WHERE i.employee_no = c.employee_no) AS "inspectorName",
               coalesce((SELECT name FROM entities e WHERE e.uscc = c.entity_code),
                        (SELECT name FROM entities e WHERE e.reg_no = c.entity_code)) AS "entityName"
        FROM inspector_conflicts c
        ORDER BY c.employee_no${codePointOrder(db)}, c.entity_code${codePointOrder(db)}`,
  ).map((c) => ({ ...c, version: Number(c.version) }));
}

export function upsertConflictRows(db: DataDoor, list: readonly Conflict[], at: string): ReferenceCounts {
  return upsertKeyed(
    db,
    'inspector_conflicts',
    ['employee_no', 'entity_code'],
    list.map((r) => ({ employee_no: r.employeeNo, entity_code: r.entityCode, reason: r.reason })),
    at,
  );
}

/** False when there was no such relation. */
export function deleteConflictRow(db: DataDoor, employeeNo: string, entityCode: string): boolean {
  return (
    run(
      db,
      sql`DELETE FROM inspector_conflicts WHERE employee_no = ${employeeNo} AND entity_code = ${entityCode}`,
    ).changes > 0
  );
}

/**
 * The inspector's version and last save time, for a save from the form to compare with; PostgreSQL
 * locks the row until the transaction ends (FOR UPDATE), so a concurrent save waits for this one.
 */
export function inspectorVersion(
  db: DataDoor,
  employeeNo: string,
): { version: number; updatedAt: string } | undefined {
  const r = get<{ row_version: number; updated_at: string }>(
    db,
    dialect(db, {
      sqlite: sql`SELECT row_version, updated_at FROM inspectors WHERE employee_no = ${employeeNo}`,
      postgres: sql`SELECT row_version, updated_at FROM inspectors WHERE employee_no = ${employeeNo} FOR UPDATE`,
    }),
  );
  return r && { version: Number(r.row_version), updatedAt: r.updated_at };
}
