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
  type Conflict,
  type ConflictRow,
  calendarDaySchema,
  conflictSchema,
  type InspectionItem,
  type InspectorInput,
  type InspectorRow,
  inspectionItemSchema,
  inspectorSchema,
  type RatioProfileData,
  type RatioProfileInput,
  ratioProfileSchema,
} from '../../../shared/api/contracts/sampling.ts';
import { ApiError } from '../../../shared/api/errors.ts';
import { ENTITY_KINDS } from '../../../shared/domain/entity.ts';
import {
  checkInspectorForm,
  inspectorCheckMessages,
} from '../../../shared/sampling/reference/inspector-check.ts';
import type { Db } from '../../db/open.ts';
import { appendAudit } from '../audit/log.ts';
import { type Actor, authorize } from '../authz.ts';

export interface ReferenceCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

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

/**
 * Generic keyed upsert: compares the stored columns with the new ones so a re-import of the same file
 * reports everything unchanged and writes nothing.
 */
function upsertKeyed(
  db: Db,
  table: string,
  keyCols: readonly string[],
  cols: readonly string[],
  rows: readonly (readonly (string | number | null)[])[],
  at: string | null,
): ReferenceCounts {
  const counts: ReferenceCounts = { inserted: 0, updated: 0, unchanged: 0 };
  const where = keyCols.map((k) => `${k} = ?`).join(' AND ');
  const find = db.prepare(`SELECT ${cols.join(', ')} FROM ${table} WHERE ${where}`);
  const allCols = at === null ? cols : [...cols, 'updated_at'];
  const insert = db.prepare(
    `INSERT INTO ${table} (${allCols.join(', ')}) VALUES (${allCols.map(() => '?').join(', ')})`,
  );
  const update = db.prepare(
    `UPDATE ${table} SET ${allCols.map((c) => `${c} = ?`).join(', ')} WHERE ${where}`,
  );
  for (const values of rows) {
    const key = keyCols.map((k) => values[cols.indexOf(k)] ?? null);
    const existing = find.get(...key) as Record<string, unknown> | undefined;
    const full = at === null ? values : [...values, at];
    if (!existing) {
      insert.run(...full);
      counts.inserted++;
    } else if (cols.every((c, i) => (existing[c] ?? null) === (values[i] ?? null))) {
      counts.unchanged++;
    } else {
      update.run(...full, ...key);
      counts.updated++;
    }
  }
  return counts;
}

function audited(
  db: Db,
  actor: Actor,
  at: string,
  action: string,
  rows: number,
  run: () => ReferenceCounts,
): ReferenceCounts {
  authorize(actor, 'sampling.manage');
  return db.transaction(() => {
    const counts = run();
    if (counts.inserted + counts.updated > 0)
      appendAudit(db, { at, actor: actor.username, action, target: null, detail: { rows, ...counts } });
    return counts;
  })();
}

// ---- items -------------------------------------------------------------------------------------

const ITEM_COLS = [
  'code',
  'name',
  'sub_items',
  'legal_basis',
  'subject',
  'object_scope',
  'ratio_text',
  'frequency_text',
  'method',
  'qualification',
  'note',
] as const;

export function upsertItems(db: Db, actor: Actor, rows: readonly unknown[], at: string): ReferenceCounts {
  const items = parseRows(inspectionItemSchema, rows, '抽查事项');
  return audited(db, actor, at, 'sampling.items.upsert', items.length, () =>
    upsertKeyed(
      db,
      'inspection_items',
      ['code'],
      ITEM_COLS,
      items.map((r) => [
        r.code,
        r.name,
        r.subItems,
        r.legalBasis,
        r.subject,
        r.objectScope,
        r.ratioText,
        r.frequencyText,
        r.method,
        r.qualification || null,
        r.note,
      ]),
      at,
    ),
  );
}

export function listItems(db: Db, actor: Actor): InspectionItem[] {
  authorize(actor, 'sampling.read');
  return (
    db.prepare('SELECT * FROM inspection_items ORDER BY code').all() as Record<string, string | null>[]
  ).map((r) => ({
    code: r.code as string,
    name: r.name as string,
    subItems: r.sub_items ?? null,
    legalBasis: r.legal_basis ?? null,
    subject: r.subject ?? null,
    objectScope: r.object_scope ?? null,
    ratioText: r.ratio_text ?? null,
    frequencyText: r.frequency_text ?? null,
    method: r.method ?? null,
    qualification: r.qualification ?? null,
    note: r.note ?? null,
  }));
}

export function deleteItem(db: Db, actor: Actor, code: string, at: string): void {
  authorize(actor, 'sampling.manage');
  db.transaction(() => {
    const used = db
      .prepare(
        'SELECT 1 FROM inspection_tasks, json_each(inspection_tasks.items) j WHERE j.value = ? LIMIT 1',
      )
      .get(code);
    if (used) throw new ApiError('conflict', `事项 ${code} 已被抽查任务使用，不能删除。`);
    const r = db.prepare('DELETE FROM inspection_items WHERE code = ?').run(code);
    if (r.changes === 0) throw new ApiError('not_found', `未找到事项 ${code}`);
    appendAudit(db, { at, actor: actor.username, action: 'sampling.items.delete', target: code, detail: {} });
  })();
}

// ---- inspectors --------------------------------------------------------------------------------

const INSPECTOR_COLS = [
  'employee_no',
  'name',
  'gender',
  'id_number',
  'phone',
  'unit',
  'region',
  'post_category',
  'qualifications',
  'item_scope',
  'expert',
  'cert_no',
  'cert_expiry',
  'status',
] as const;

export function upsertInspectors(
  db: Db,
  actor: Actor,
  rows: readonly InspectorInput[] | readonly unknown[],
  at: string,
): ReferenceCounts {
  const list = parseRows(inspectorSchema, rows, '检查人员');
  return audited(db, actor, at, 'sampling.inspectors.upsert', list.length, () =>
    upsertKeyed(
      db,
      'inspectors',
      ['employee_no'],
      INSPECTOR_COLS,
      list.map((r) => [
        r.employeeNo,
        r.name,
        r.gender,
        r.idNumber,
        r.phone,
        r.unit,
        r.region,
        r.postCategory,
        JSON.stringify([...new Set(r.qualifications.filter((q) => q && q !== '无'))]),
        JSON.stringify([...new Set(r.itemScope.filter(Boolean))]),
        r.expert ? 1 : 0,
        r.certNo,
        r.certExpiry === '9999-09-09' ? null : r.certExpiry,
        r.status,
      ]),
      at,
    ),
  );
}

/**
 * Saves one inspector from the screen, where ID number and phone are shown masked: a value still
 * containing the mask keeps the stored one, so editing a name never wipes personal data.
 */
export function saveInspector(db: Db, actor: Actor, input: InspectorInput, at: string): ReferenceCounts {
  authorize(actor, 'sampling.manage');
  const check = checkInspectorForm(input);
  const problems = inspectorCheckMessages(check);
  if (problems.length)
    throw new ApiError('invalid_input', problems.join('；'), check.errors as Record<string, string>);
  const stored = db
    .prepare('SELECT id_number, phone FROM inspectors WHERE employee_no = ?')
    .get(input.employeeNo) as { id_number: string | null; phone: string | null } | undefined;
  const keep = (v: string | null | undefined, old: string | null | undefined) =>
    v?.includes('*') ? (old ?? null) : (v ?? null);
  return upsertInspectors(
    db,
    actor,
    [
      {
        ...input,
        idNumber: keep(check.idNumber, stored?.id_number),
        phone: keep(check.phone, stored?.phone),
      },
    ],
    at,
  );
}

/** Keeps the last four characters: enough to tell people apart, not enough to misuse. */
export function maskTail(value: string | null, keep = 4): string | null {
  if (!value) return value;
  if (value.length <= keep) return '*'.repeat(value.length);
  return `${'*'.repeat(value.length - keep)}${value.slice(-keep)}`;
}

export interface StoredInspector {
  id: number;
  employeeNo: string;
  name: string;
  unit: string | null;
  qualifications: string[];
  itemScope: string[];
  expert: boolean;
  certNo: string | null;
  certExpiry: string | null;
  status: 'active' | 'inactive';
}

export function readInspectors(db: Db): (StoredInspector & Record<string, unknown>)[] {
  return (db.prepare('SELECT * FROM inspectors ORDER BY employee_no').all() as Record<string, unknown>[]).map(
    (r) => ({
      ...r,
      id: r.id as number,
      employeeNo: r.employee_no as string,
      name: r.name as string,
      unit: (r.unit as string | null) ?? null,
      qualifications: JSON.parse(r.qualifications as string) as string[],
      itemScope: JSON.parse(r.item_scope as string) as string[],
      expert: r.expert === 1,
      certNo: (r.cert_no as string | null) ?? null,
      certExpiry: (r.cert_expiry as string | null) ?? null,
      status: r.status as 'active' | 'inactive',
    }),
  );
}

/** The certificate is valid on `date`: an expiry on or after it, or 长期有效 (a number, no expiry). */
export function certValidOn(i: Pick<StoredInspector, 'certNo' | 'certExpiry'>, date: string): boolean {
  if (i.certExpiry) return i.certExpiry >= date;
  return Boolean(i.certNo);
}

/** The pool as shown on screen: ID numbers and phones masked (personal data, SPEC §1). */
export function listInspectors(db: Db, actor: Actor, today: string): InspectorRow[] {
  authorize(actor, 'sampling.read');
  return readInspectors(db).map((r) => ({
    employeeNo: r.employeeNo,
    name: r.name,
    gender: (r.gender as string | null) ?? null,
    idNumber: maskTail((r.id_number as string | null) ?? null),
    phone: maskTail((r.phone as string | null) ?? null),
    unit: r.unit,
    region: (r.region as string | null) ?? null,
    postCategory: (r.post_category as string | null) ?? null,
    qualifications: r.qualifications,
    itemScope: r.itemScope,
    expert: r.expert,
    certNo: r.certNo,
    certExpiry: r.certExpiry,
    status: r.status,
    certValid: certValidOn(r, today),
  }));
}

// ---- conflicts ---------------------------------------------------------------------------------

export function upsertConflicts(
  db: Db,
  actor: Actor,
  rows: readonly Conflict[] | readonly unknown[],
  at: string,
): ReferenceCounts {
  const list = parseRows(conflictSchema, rows, '回避关系');
  return audited(db, actor, at, 'sampling.conflicts.upsert', list.length, () =>
    upsertKeyed(
      db,
      'inspector_conflicts',
      ['employee_no', 'entity_code'],
      ['employee_no', 'entity_code', 'reason'],
      list.map((r) => [r.employeeNo, r.entityCode.toUpperCase(), r.reason]),
      at,
    ),
  );
}

/** With the names beside the codes: people read names, the codes are for telling namesakes apart. */
export function listConflicts(db: Db, actor: Actor): ConflictRow[] {
  authorize(actor, 'sampling.read');
  return db
    .prepare(
      `SELECT c.employee_no AS employeeNo, c.entity_code AS entityCode, c.reason,
              (SELECT name FROM inspectors i WHERE i.employee_no = c.employee_no) AS inspectorName,
              coalesce((SELECT name FROM entities e WHERE e.uscc = c.entity_code),
                       (SELECT name FROM entities e WHERE e.reg_no = c.entity_code)) AS entityName
       FROM inspector_conflicts c ORDER BY c.employee_no, c.entity_code`,
    )
    .all() as ConflictRow[];
}

export function deleteConflict(
  db: Db,
  actor: Actor,
  employeeNo: string,
  entityCode: string,
  at: string,
): void {
  authorize(actor, 'sampling.manage');
  db.transaction(() => {
    const r = db
      .prepare('DELETE FROM inspector_conflicts WHERE employee_no = ? AND entity_code = ?')
      .run(employeeNo, entityCode);
    if (r.changes === 0) throw new ApiError('not_found', '未找到该回避关系');
    appendAudit(db, {
      at,
      actor: actor.username,
      action: 'sampling.conflicts.delete',
      target: `${employeeNo}:${entityCode}`,
      detail: {},
    });
  })();
}

// ---- calendar ----------------------------------------------------------------------------------

export function upsertHolidays(
  db: Db,
  actor: Actor,
  rows: readonly CalendarDayInput[] | readonly unknown[],
  at: string,
): ReferenceCounts {
  const list = parseRows(calendarDaySchema, rows, '节假日');
  return audited(db, actor, at, 'sampling.calendar.upsert', list.length, () =>
    upsertKeyed(
      db,
      'calendar_days',
      ['date'],
      ['date', 'kind', 'name'],
      list.map((r) => [r.date, r.kind, r.name]),
      null,
    ),
  );
}

export function readCalendar(db: Db, year: number | null = null): CalendarDayInput[] {
  const rows =
    year === null
      ? db.prepare('SELECT date, kind, name FROM calendar_days ORDER BY date').all()
      : db
          .prepare('SELECT date, kind, name FROM calendar_days WHERE date LIKE ? ORDER BY date')
          .all(`${year}-%`);
  return rows as CalendarDayInput[];
}

export function listCalendar(db: Db, actor: Actor, year: number | null): CalendarDayInput[] {
  authorize(actor, 'sampling.read');
  return readCalendar(db, year);
}

export function deleteCalendarDay(db: Db, actor: Actor, date: string, at: string): void {
  authorize(actor, 'sampling.manage');
  db.transaction(() => {
    const r = db.prepare('DELETE FROM calendar_days WHERE date = ?').run(date);
    if (r.changes === 0) throw new ApiError('not_found', `日历中没有 ${date}`);
    appendAudit(db, {
      at,
      actor: actor.username,
      action: 'sampling.calendar.delete',
      target: date,
      detail: {},
    });
  })();
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
  db: Db,
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
  return audited(db, actor, at, 'sampling.profiles.upsert', list.length, () => {
    // The builtin flag is kept from the stored row: an edited built-in profile stays built-in.
    const builtin = (id: string) =>
      (
        db.prepare('SELECT builtin FROM ratio_profiles WHERE id = ?').get(id) as
          | { builtin: number }
          | undefined
      )?.builtin ?? 0;
    return upsertKeyed(
      db,
      'ratio_profiles',
      ['id'],
      ['id', 'name', 'description', 'builtin', 'class_order', 'ratios', 'yearly_caps'],
      list.map((p) => [
        p.id,
        p.name,
        p.description,
        builtin(p.id),
        JSON.stringify(p.classOrder),
        JSON.stringify(p.ratios),
        JSON.stringify(p.yearlyCaps),
      ]),
      at,
    );
  });
}

export function readProfile(db: Db, id: string): RatioProfileData | null {
  const r = db.prepare('SELECT * FROM ratio_profiles WHERE id = ?').get(id) as
    | Record<string, unknown>
    | undefined;
  return r ? profileFromRow(r) : null;
}

function profileFromRow(r: Record<string, unknown>): RatioProfileData {
  return {
    id: r.id as string,
    name: r.name as string,
    description: (r.description as string | null) ?? null,
    builtin: r.builtin === 1,
    classOrder: JSON.parse(r.class_order as string),
    ratios: JSON.parse(r.ratios as string),
    yearlyCaps: JSON.parse(r.yearly_caps as string),
  };
}

export function listProfiles(db: Db, actor: Actor): RatioProfileData[] {
  authorize(actor, 'sampling.read');
  return (
    db.prepare('SELECT * FROM ratio_profiles ORDER BY builtin DESC, id').all() as Record<string, unknown>[]
  ).map(profileFromRow);
}
