/**
 * The reference data of double-random inspections: the item list, the inspector pool, conflicts
 * (回避), ratio profiles and the working-day calendar. Both the screens (one row at a time) and the
 * Excel importers (whole files) write through these functions, so every path validates, counts and
 * audits the same way.
 *
 * Row shapes (zod schemas in shared/api/contracts/sampling.ts; `null` = empty cell):
 * - items      `InspectionItem`: { code, name, subItems, legalBasis, subject, objectScope, ratioText,
 *               frequencyText, method, qualification (null = 无需专业岗位资格), note }; key: code.
 * - inspectors `InspectorInput`: { employeeNo, name, gender, idNumber, phone, unit, region, postCategory,
 *               qualifications: string[], itemScope: string[] (item codes), expert: boolean, certNo,
 *               certExpiry: 'YYYY-MM-DD' | null (null with a certNo = 长期有效; use null for 9999-09-09),
 *               status: 'active' | 'inactive' }; key: employeeNo.
 * - conflicts  `Conflict`: { employeeNo, entityCode (USCC or 注册号, normalised), reason }; key: the pair.
 * - holidays   `CalendarDayInput`: { date, kind: 'holiday' | 'workday' (调休上班), name }; key: date.
 * - profiles   `RatioProfileInput`: { id, name, description, classOrder, ratios, yearlyCaps }; key: id.
 *
 * Each upsert runs in one transaction (a savepoint inside the caller's), writes one audit entry with
 * the counts, and returns { inserted, updated, unchanged }. Invalid rows throw ApiError('invalid_input')
 * naming the row (1-based) — validate before calling when a per-row report is wanted.
 */
import type { z } from 'zod';
import {
  type CalendarDayInput,
  type CalendarDayRow,
  type Conflict,
  type ConflictRow,
  calendarDaySchema,
  conflictSchema,
  type InspectionItem,
  type InspectionItemRow,
  type InspectorInput,
  type InspectorRow,
  inspectionItemSchema,
  inspectorSchema,
  type RatioProfileData,
  type RatioProfileInput,
  type RatioProfileRow,
  ratioProfileSchema,
} from '../../../shared/api/contracts/sampling.ts';
import { ApiError } from '../../../shared/api/errors.ts';
import { ENTITY_KINDS } from '../../../shared/domain/entity.ts';
import {
  checkInspectorForm,
  inspectorCheckMessages,
} from '../../../shared/sampling/reference/inspector-check.ts';
import type { DataDoor } from '../../db/sql.ts';
import { appendAudit } from '../audit/log.ts';
import { type Actor, authorize } from '../authz.ts';
import { itemUsedByTask } from './repository/tasks.ts';
import {
  conflictsWithNames,
  deleteConflictRow,
  inspectorContact,
  readInspectors,
  type StoredInspector,
  upsertConflictRows,
  upsertInspectorRows,
} from './repository/inspectors.ts';
import type { ReferenceCounts } from './repository/keyed-upsert.ts';
import {
  deleteCalendarRow,
  deleteItemRow,
  findProfile,
  readCalendar,
  readItems,
  readProfiles,
  upsertCalendarRows,
  upsertItemRows,
  upsertProfileRows,
} from './repository/reference.ts';
import { unitOfWork } from './repository/unit-of-work.ts';
import { refuseStaleInspector } from './stale-inspector.ts';
import { refuseStaleCalendarDay, refuseStaleItem, refuseStaleProfile } from './stale-reference.ts';

export type { ReferenceCounts } from './repository/keyed-upsert.ts';
export type { StoredInspector } from './repository/inspectors.ts';
export { readCalendar, readInspectors };

function parseRows<S extends z.ZodType>(schema: S, rows: readonly unknown[], what: string): z.output<S>[] {
  return rows.map((r, i) => {
    const p = schema.safeParse(r);
    if (!p.success) {
      const issue = p.error.issues[0];
      throw new ApiError(
        'invalid_input',
        `${what}第 ${i + 1} 行：${issue?.path.join('.') ?? ''} ${issue?.message ?? '格式不正确'}`.trim(),
      );
    }
    return p.data;
  });
}

function audited(
  db: DataDoor,
  actor: Actor,
  at: string,
  action: string,
  rows: number,
  run: () => ReferenceCounts,
): ReferenceCounts {
  authorize(actor, 'sampling.manage');
  return unitOfWork(db, () => {
    const counts = run();
    if (counts.inserted + counts.updated > 0)
      appendAudit(db, { at, actor: actor.username, action, target: null, detail: { rows, ...counts } });
    return counts;
  });
}

// ---- items -------------------------------------------------------------------------------------

export function upsertItems(
  db: DataDoor,
  actor: Actor,
  rows: readonly unknown[],
  at: string,
): ReferenceCounts {
  const items = parseRows(inspectionItemSchema, rows, '抽查事项');
  return audited(db, actor, at, 'sampling.items.upsert', items.length, () =>
    upsertItemRows(
      db,
      items.map((r) => ({ ...r, qualification: r.qualification || null })),
      at,
    ),
  );
}

/**
 * One item saved from the form. `expectedVersion`: the version the form was filled from (0: a new
 * item); a save over another officer's newer one is refused and changes nothing. Left out: no check.
 */
export function saveItem(
  db: DataDoor,
  actor: Actor,
  { expectedVersion, ...input }: InspectionItem & { expectedVersion?: number | undefined },
  at: string,
): ReferenceCounts {
  authorize(actor, 'sampling.manage');
  return unitOfWork(db, () => {
    refuseStaleItem(db, input.code.trim(), expectedVersion);
    return upsertItems(db, actor, [input], at);
  });
}

export function listItems(db: DataDoor, actor: Actor): InspectionItemRow[] {
  authorize(actor, 'sampling.read');
  return readItems(db);
}

export function deleteItem(db: DataDoor, actor: Actor, code: string, at: string): void {
  authorize(actor, 'sampling.manage');
  unitOfWork(db, () => {
    if (itemUsedByTask(db, code)) throw new ApiError('conflict', `事项 ${code} 已被抽查任务使用，不能删除。`);
    if (!deleteItemRow(db, code)) throw new ApiError('not_found', `未找到事项 ${code}`);
    appendAudit(db, { at, actor: actor.username, action: 'sampling.items.delete', target: code, detail: {} });
  });
}

// ---- inspectors --------------------------------------------------------------------------------

export function upsertInspectors(
  db: DataDoor,
  actor: Actor,
  rows: readonly InspectorInput[] | readonly unknown[],
  at: string,
): ReferenceCounts {
  const list = parseRows(inspectorSchema, rows, '检查人员');
  return audited(db, actor, at, 'sampling.inspectors.upsert', list.length, () =>
    upsertInspectorRows(
      db,
      list.map((r) => ({
        ...r,
        qualifications: [...new Set(r.qualifications.filter((q) => q && q !== '无'))],
        itemScope: [...new Set(r.itemScope.filter(Boolean))],
        certExpiry: r.certExpiry === '9999-09-09' ? null : r.certExpiry,
      })),
      at,
    ),
  );
}

/**
 * Saves one inspector from the screen, where ID number and phone are shown masked: a value still
 * containing the mask keeps the stored one, so editing a name never wipes personal data.
 */
export function saveInspector(
  db: DataDoor,
  actor: Actor,
  { expectedVersion, ...input }: InspectorInput & { expectedVersion?: number | undefined },
  at: string,
): ReferenceCounts {
  authorize(actor, 'sampling.manage');
  const check = checkInspectorForm(input);
  const problems = inspectorCheckMessages(check);
  if (problems.length)
    throw new ApiError('invalid_input', problems.join('；'), check.errors as Record<string, string>);
  const keep = (v: string | null | undefined, old: string | null | undefined) =>
    v?.includes('*') ? (old ?? null) : (v ?? null);
  return unitOfWork(db, () => {
    refuseStaleInspector(db, input.employeeNo.trim(), expectedVersion);
    const stored = inspectorContact(db, input.employeeNo);
    return upsertInspectors(
      db,
      actor,
      [
        {
          ...input,
          idNumber: keep(check.idNumber, stored?.idNumber),
          phone: keep(check.phone, stored?.phone),
        },
      ],
      at,
    );
  });
}

/** Keeps the last four characters: enough to tell people apart, not enough to misuse. */
export function maskTail(value: string | null, keep = 4): string | null {
  if (!value) return value;
  if (value.length <= keep) return '*'.repeat(value.length);
  return `${'*'.repeat(value.length - keep)}${value.slice(-keep)}`;
}

/** The certificate is valid on `date`: an expiry on or after it, or 长期有效 (a number, no expiry). */
export function certValidOn(i: Pick<StoredInspector, 'certNo' | 'certExpiry'>, date: string): boolean {
  if (i.certExpiry) return i.certExpiry >= date;
  return Boolean(i.certNo);
}

/** The pool as shown on screen: ID numbers and phones masked (personal data, SPEC §1). */
export function listInspectors(db: DataDoor, actor: Actor, today: string): InspectorRow[] {
  authorize(actor, 'sampling.read');
  return readInspectors(db).map((r) => ({
    employeeNo: r.employeeNo,
    name: r.name,
    gender: r.gender,
    idNumber: maskTail(r.idNumber),
    phone: maskTail(r.phone),
    unit: r.unit,
    region: r.region,
    postCategory: r.postCategory,
    qualifications: r.qualifications,
    itemScope: r.itemScope,
    expert: r.expert,
    certNo: r.certNo,
    certExpiry: r.certExpiry,
    status: r.status,
    certValid: certValidOn(r, today),
    version: r.version,
  }));
}

// ---- conflicts ---------------------------------------------------------------------------------

export function upsertConflicts(
  db: DataDoor,
  actor: Actor,
  rows: readonly Conflict[] | readonly unknown[],
  at: string,
): ReferenceCounts {
  const list = parseRows(conflictSchema, rows, '回避关系');
  return audited(db, actor, at, 'sampling.conflicts.upsert', list.length, () =>
    upsertConflictRows(
      db,
      list.map((r) => ({ ...r, entityCode: r.entityCode.toUpperCase() })),
      at,
    ),
  );
}

/** With the names beside the codes: people read names, the codes are for telling namesakes apart. */
export function listConflicts(db: DataDoor, actor: Actor): ConflictRow[] {
  authorize(actor, 'sampling.read');
  return conflictsWithNames(db);
}

export function deleteConflict(
  db: DataDoor,
  actor: Actor,
  employeeNo: string,
  entityCode: string,
  at: string,
): void {
  authorize(actor, 'sampling.manage');
  unitOfWork(db, () => {
    if (!deleteConflictRow(db, employeeNo, entityCode)) throw new ApiError('not_found', '未找到该回避关系');
    appendAudit(db, {
      at,
      actor: actor.username,
      action: 'sampling.conflicts.delete',
      target: `${employeeNo}:${entityCode}`,
      detail: {},
    });
  });
}

// ---- calendar ----------------------------------------------------------------------------------

export function upsertHolidays(
  db: DataDoor,
  actor: Actor,
  rows: readonly CalendarDayInput[] | readonly unknown[],
  at: string,
): ReferenceCounts {
  const list = parseRows(calendarDaySchema, rows, '节假日');
  return audited(db, actor, at, 'sampling.calendar.upsert', list.length, () => upsertCalendarRows(db, list));
}

/** One calendar day saved from the form; `expectedVersion` as for saveItem (0: a day not on file). */
export function saveCalendarDay(
  db: DataDoor,
  actor: Actor,
  { expectedVersion, ...input }: CalendarDayInput & { expectedVersion?: number | undefined },
  at: string,
): ReferenceCounts {
  authorize(actor, 'sampling.manage');
  return unitOfWork(db, () => {
    refuseStaleCalendarDay(db, input.date, expectedVersion);
    return upsertHolidays(db, actor, [input], at);
  });
}

export function listCalendar(db: DataDoor, actor: Actor, year: number | null): CalendarDayRow[] {
  authorize(actor, 'sampling.read');
  return readCalendar(db, year);
}

export function deleteCalendarDay(db: DataDoor, actor: Actor, date: string, at: string): void {
  authorize(actor, 'sampling.manage');
  unitOfWork(db, () => {
    if (!deleteCalendarRow(db, date)) throw new ApiError('not_found', `日历中没有 ${date}`);
    appendAudit(db, {
      at,
      actor: actor.username,
      action: 'sampling.calendar.delete',
      target: date,
      detail: {},
    });
  });
}

// ---- ratio profiles ----------------------------------------------------------------------------

/**
 * SPEC §6.3: every kind's ratios rise (or stay) from the best class to the worst, and each kind names
 * every class plus `unclassified`. Returns Chinese problems; empty when the profile is usable.
 */
export function profileProblems(p: Pick<RatioProfileData, 'classOrder' | 'ratios'>): string[] {
  const problems: string[] = [];
  const classes = [...p.classOrder, 'unclassified'];
  for (const kind of ENTITY_KINDS) {
    const r = p.ratios[kind];
    if (!r) continue;
    for (const c of classes)
      if (r[c] === undefined) problems.push(`${kindLabel(kind)}缺少 ${classLabel(c)} 的比例`);
    for (let i = 1; i < p.classOrder.length; i++) {
      const a = r[p.classOrder[i - 1] as string];
      const b = r[p.classOrder[i] as string];
      if (a !== undefined && b !== undefined && a > b)
        problems.push(
          `${kindLabel(kind)}的比例应随风险升高而不降：${p.classOrder[i - 1]} 类 ${a / 100}% 高于 ${p.classOrder[i]} 类 ${b / 100}%`,
        );
    }
  }
  if (!ENTITY_KINDS.some((k) => p.ratios[k])) problems.push('至少为一种主体类型设置比例');
  return problems;
}

function kindLabel(kind: string): string {
  return (
    (
      {
        enterprise: '企业',
        cooperative: '农民专业合作社',
        individual: '个体工商户',
        other: '其他主体',
      } as Record<string, string>
    )[kind] ?? kind
  );
}

function classLabel(c: string): string {
  return c === 'unclassified' ? '未分类' : `${c} 类`;
}

export function upsertProfiles(
  db: DataDoor,
  actor: Actor,
  rows: readonly RatioProfileInput[] | readonly unknown[],
  at: string,
): ReferenceCounts {
  const list = parseRows(ratioProfileSchema, rows, '抽查比例方案');
  list.forEach((p, i) => {
    const problems = profileProblems(p);
    if (problems.length)
      throw new ApiError('invalid_input', `抽查比例方案第 ${i + 1} 行：${problems.join('；')}`);
  });
  // The builtin flag is kept from the stored row: an edited built-in profile stays built-in.
  return audited(db, actor, at, 'sampling.profiles.upsert', list.length, () =>
    upsertProfileRows(db, list, at),
  );
}

export function readProfile(db: DataDoor, id: string): RatioProfileData | null {
  return findProfile(db, id) ?? null;
}

/** One ratio profile saved from the form; `expectedVersion` as for saveItem (0: a new profile). */
export function saveProfile(
  db: DataDoor,
  actor: Actor,
  { expectedVersion, ...input }: RatioProfileInput & { expectedVersion?: number | undefined },
  at: string,
): ReferenceCounts {
  authorize(actor, 'sampling.manage');
  return unitOfWork(db, () => {
    refuseStaleProfile(db, input.id.trim(), expectedVersion);
    return upsertProfiles(db, actor, [input], at);
  });
}

export function listProfiles(db: DataDoor, actor: Actor): RatioProfileRow[] {
  authorize(actor, 'sampling.read');
  return readProfiles(db);
}
