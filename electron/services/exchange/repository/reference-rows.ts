/**
 * Reads of the sampling area's reference tables an import needs around each row it writes through that
 * area's services: who a row is about, and the stored row for the batch's undo log (before-image). The
 * tables belong to the sampling area; these import-only reads stay here for now.
 */
import { column, type DataDoor, get, sql } from '../../../db/sql.ts';
import type { InspectorDbRow } from '../../sampling/repository/inspectors.ts';
import type { ItemRow as SamplingItemRow } from '../../sampling/repository/reference.ts';
import type { StoredRow } from './logged-tables.ts';

export type InspectorRow = InspectorDbRow & StoredRow;

export interface ConflictRow extends StoredRow {
  employee_no: string;
  entity_code: string;
  reason: string | null;
}

export type ItemRow = SamplingItemRow & StoredRow;

export interface CalendarDayRow extends StoredRow {
  date: string;
  kind: string;
  name: string;
}

export function createReferenceRows(db: DataDoor) {
  return {
    inspector(employeeNo: string): InspectorRow | undefined {
      return get<InspectorRow>(db, sql`SELECT * FROM inspectors WHERE employee_no = ${employeeNo}`);
    },
    /** 单位工号 of the inspector holding this 执法证号, if any. */
    employeeNoByCert(certNo: string): string | undefined {
      return get<{ employee_no: string }>(
        db,
        sql`SELECT employee_no FROM inspectors WHERE cert_no = ${certNo}`,
      )?.employee_no;
    },
    /** 单位工号s matching a 执法证号 — or, in files made before 单位工号 was imported, the 工号 itself. */
    employeeNosByCertOrNo(badge: string): string[] {
      return column<string>(
        db,
        sql`SELECT employee_no FROM inspectors WHERE cert_no = ${badge} OR employee_no = ${badge}`,
      );
    },
    employeeNosByIdNumber(idNumber: string): string[] {
      return column<string>(db, sql`SELECT employee_no FROM inspectors WHERE id_number = ${idNumber}`);
    },
    employeeNosByName(name: string): string[] {
      return column<string>(db, sql`SELECT employee_no FROM inspectors WHERE name = ${name}`);
    },
    conflict(employeeNo: string, entityCode: string): ConflictRow | undefined {
      return get<ConflictRow>(
        db,
        sql`SELECT * FROM inspector_conflicts WHERE employee_no = ${employeeNo} AND entity_code = ${entityCode}`,
      );
    },
    item(code: string): ItemRow | undefined {
      return get<ItemRow>(db, sql`SELECT * FROM inspection_items WHERE code = ${code}`);
    },
    calendarDay(date: string): CalendarDayRow | undefined {
      return get<CalendarDayRow>(db, sql`SELECT * FROM calendar_days WHERE date = ${date}`);
    },
  };
}

export type ReferenceRows = ReturnType<typeof createReferenceRows>;
