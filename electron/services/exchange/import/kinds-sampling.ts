/**
 * The four import kinds whose tables belong to the double-random area (migration 005): inspectors,
 * conflicts (回避), the item list and the holiday calendar. Rows are written through that area's own
 * store (electron/services/sampling/reference-store.ts), one row per call, so its validation and audit
 * apply; around each call this module reads the stored row first, so the batch's undo log gets the
 * before-image exactly as for entities and records. Like everywhere in the exchange, an empty cell keeps
 * the stored value: the stored row is the base and the row's stated cells are laid over it.
 */
import {
  calendarDaySchema,
  conflictSchema,
  inspectionItemSchema,
  inspectorSchema,
} from '../../../../shared/api/contracts/sampling.ts';
import type { IdentifierValue } from '../../../../shared/exchange/normalize/identifier.ts';
import {
  upsertConflicts,
  upsertHolidays,
  upsertInspectors,
  upsertItems,
} from '../../sampling/reference-store.ts';
import type { Applier, ApplyContext } from './kinds.ts';
import type { Outcome } from './store.ts';

type Row = Record<string, unknown>;
type Counts = { inserted: number; updated: number; unchanged: number };

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

function outcomeOf(c: Counts): Outcome {
  return c.inserted > 0 ? 'inserted' : c.updated > 0 ? 'updated' : 'unchanged';
}

/** Validates with the sampling area's schema first, so a bad row is an error of that row, not a throw. */
function valid(
  ctx: ApplyContext,
  schema: {
    safeParse(v: unknown): {
      success: boolean;
      error?: { issues: { path: PropertyKey[]; message: string }[] };
    };
  },
  input: unknown,
): boolean {
  const r = schema.safeParse(input);
  if (r.success) return true;
  const issue = r.error?.issues[0];
  ctx.issue(
    null,
    'error',
    `内容不完整：${issue ? `${issue.path.join('.')} ${issue.message}`.trim() : '格式有误'}`,
  );
  return false;
}

const applyInspector: Applier = (ctx) => {
  const v = ctx.row.values;
  const employeeNo = str(v.badgeNo);
  if (!employeeNo) {
    ctx.issue('badgeNo', 'error', '请填写「执法证号」（或单位工号），它是执法人员的唯一标识');
    return null;
  }
  const before = ctx.db.prepare('SELECT * FROM inspectors WHERE employee_no = ?').get(employeeNo) as
    | Row
    | undefined;
  const base = before
    ? {
        employeeNo,
        name: before.name,
        gender: before.gender,
        idNumber: before.id_number,
        phone: before.phone,
        unit: before.unit,
        region: before.region,
        postCategory: before.post_category,
        qualifications: JSON.parse(before.qualifications as string),
        itemScope: JSON.parse(before.item_scope as string),
        expert: before.expert === 1,
        certNo: before.cert_no,
        certExpiry: before.cert_expiry,
        status: before.status,
      }
    : { employeeNo, certNo: employeeNo, certExpiry: null, qualifications: [], itemScope: [] };
  const input: Row = { ...base };
  const set = (k: string, x: unknown) => {
    if (x !== null && x !== undefined && !(Array.isArray(x) && x.length === 0)) input[k] = x;
  };
  set('name', v.name);
  set('idNumber', v.idNumber);
  set('phone', v.phone);
  set('unit', v.unit);
  set('postCategory', v.title);
  set('qualifications', v.fields);
  if (typeof v.active === 'boolean') input.status = v.active ? 'active' : 'inactive';
  if (!valid(ctx, inspectorSchema, input)) return null;
  const outcome = outcomeOf(upsertInspectors(ctx.db, ctx.actor, [input], ctx.at));
  if (outcome !== 'unchanged') {
    const id = (
      ctx.db.prepare('SELECT id FROM inspectors WHERE employee_no = ?').get(employeeNo) as { id: number }
    ).id;
    ctx.store.logById('inspectors', id, before ?? null);
  }
  return outcome;
};

const applyConflict: Applier = (ctx) => {
  const v = ctx.row.values;
  let employeeNo = str(v.inspectorBadgeNo);
  if (!employeeNo) {
    const byId = str(v.inspectorIdNumber)
      ? (ctx.db
          .prepare('SELECT employee_no FROM inspectors WHERE id_number = ?')
          .all(v.inspectorIdNumber) as { employee_no: string }[])
      : [];
    const byName =
      byId.length === 0
        ? (ctx.db.prepare('SELECT employee_no FROM inspectors WHERE name = ?').all(v.inspectorName) as {
            employee_no: string;
          }[])
        : byId;
    if (byName.length !== 1) {
      ctx.issue(
        'inspectorName',
        'error',
        byName.length === 0
          ? `执法人员库中没有「${String(v.inspectorName)}」，请先导入执法检查人员`
          : `执法人员库中有 ${byName.length} 位「${String(v.inspectorName)}」，请填写「执法证号」区分`,
      );
      return null;
    }
    employeeNo = byName[0]!.employee_no;
  }
  const entity = v.id as IdentifierValue | null;
  if (!entity) return null;
  const key = [employeeNo, entity.code];
  const before = ctx.db
    .prepare('SELECT * FROM inspector_conflicts WHERE employee_no = ? AND entity_code = ?')
    .get(...key) as Row | undefined;
  const input = {
    employeeNo,
    entityCode: entity.code,
    reason: str(v.reason) ?? (before?.reason as string | null) ?? null,
  };
  if (!valid(ctx, conflictSchema, input)) return null;
  const outcome = outcomeOf(upsertConflicts(ctx.db, ctx.actor, [input], ctx.at));
  if (outcome !== 'unchanged') ctx.store.logKeyed('inspector_conflicts', key, before ?? null);
  return outcome;
};

const applyItem: Applier = (ctx) => {
  const v = ctx.row.values;
  const code = str(v.code);
  if (!code) {
    ctx.issue('code', 'error', '请填写「事项编码」（如 A07），它是抽查事项的唯一标识');
    return null;
  }
  const before = ctx.db.prepare('SELECT * FROM inspection_items WHERE code = ?').get(code) as Row | undefined;
  const input: Row = before
    ? {
        code,
        name: before.name,
        subItems: before.sub_items,
        legalBasis: before.legal_basis,
        subject: before.subject,
        objectScope: before.object_scope,
        ratioText: before.ratio_text,
        frequencyText: before.frequency_text,
        method: before.method,
        qualification: before.qualification,
        note: before.note,
      }
    : { code };
  const set = (k: string, x: unknown) => {
    if (x !== null && x !== undefined) input[k] = x;
  };
  set('name', v.name);
  set('legalBasis', v.basis);
  set('subject', v.subject);
  set('method', v.method);
  const note = [
    str(v.category),
    str(v.department) ? `检查主体：${v.department}` : null,
    str(v.area) ? `监管领域：${v.area}` : null,
  ]
    .filter(Boolean)
    .join('；');
  if (note) input.note = note;
  if (!valid(ctx, inspectionItemSchema, input)) return null;
  const outcome = outcomeOf(upsertItems(ctx.db, ctx.actor, [input], ctx.at));
  if (outcome !== 'unchanged') ctx.store.logKeyed('inspection_items', [code], before ?? null);
  return outcome;
};

const applyHoliday: Applier = (ctx) => {
  const v = ctx.row.values;
  const date = str(v.date);
  if (!date) return null;
  const before = ctx.db.prepare('SELECT * FROM calendar_days WHERE date = ?').get(date) as Row | undefined;
  const input = { date, kind: v.kind, name: str(v.name) ?? (before?.name as string | undefined) ?? '' };
  if (!valid(ctx, calendarDaySchema, input)) return null;
  const outcome = outcomeOf(upsertHolidays(ctx.db, ctx.actor, [input], ctx.at));
  if (outcome !== 'unchanged') ctx.store.logKeyed('calendar_days', [date], before ?? null);
  return outcome;
};

export const SAMPLING_APPLIERS = {
  inspectors: applyInspector,
  conflicts: applyConflict,
  items: applyItem,
  holidays: applyHoliday,
} as const;

/** Key columns of the keyed tables above, in the order of their logged keys (for undo). */
export const KEYED_TABLES: Record<string, readonly string[]> = {
  inspector_conflicts: ['employee_no', 'entity_code'],
  inspection_items: ['code'],
  calendar_days: ['date'],
  // A plan's result row filled by an imported inspection result (plan-results.ts).
  inspection_results: ['plan_id', 'entity_id'],
};
