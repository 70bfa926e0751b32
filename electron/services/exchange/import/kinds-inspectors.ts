/**
 * The import kinds of the inspector pool (执法检查人员, domain-facts §3.2) and its 回避 relations.
 * Written through electron/services/sampling (one row per call, so its validation and audit apply);
 * the stored row is read first for the batch's undo log, and an empty cell keeps the stored value.
 */
import { conflictSchema, inspectorSchema } from '../../../../shared/api/contracts/sampling.ts';
import type { IdentifierValue } from '../../../../shared/exchange/normalize/identifier.ts';
import { checkConflict } from '../../sampling/conflict-check.ts';
import { upsertConflicts, upsertInspectors } from '../../sampling/reference-store.ts';
import type { InspectorRow } from '../repository/reference-rows.ts';
import { outcomeOf, type Row, str, valid } from './kinds-sampling-common.ts';
import type { Applier, ApplyContext } from './kinds.ts';

function storedInspector(before: InspectorRow): Row {
  return {
    employeeNo: before.employee_no,
    name: before.name,
    gender: before.gender,
    idNumber: before.id_number,
    phone: before.phone,
    unit: before.unit,
    region: before.region,
    postCategory: before.post_category,
    qualifications: JSON.parse(before.qualifications),
    itemScope: JSON.parse(before.item_scope),
    expert: before.expert === 1,
    certNo: before.cert_no,
    certExpiry: before.cert_expiry,
    status: before.status,
  };
}

/**
 * The person a row is about: its 单位工号, else the stored inspector holding its 执法证号, else (for
 * files without a 单位工号 column) the 执法证号 itself, said so in a warning.
 */
function employeeNoOf(ctx: ApplyContext): string | null {
  const v = ctx.row.values;
  const employeeNo = str(v.employeeNo);
  if (employeeNo) return employeeNo;
  const badge = str(v.badgeNo);
  if (!badge) {
    ctx.issue('employeeNo', 'error', '请填写「单位工号」（或「执法证号」），用来识别执法人员');
    return null;
  }
  const holder = ctx.reference.employeeNoByCert(badge);
  if (holder) return holder;
  ctx.issue('employeeNo', 'warning', `未填写单位工号，暂以执法证号 ${badge} 作为单位工号`);
  return badge;
}

const applyInspector: Applier = (ctx) => {
  const v = ctx.row.values;
  const employeeNo = employeeNoOf(ctx);
  if (!employeeNo) return null;
  const before = ctx.reference.inspector(employeeNo);
  const input: Row = before
    ? storedInspector(before)
    : { employeeNo, certNo: null, certExpiry: null, qualifications: [], itemScope: [] };
  const set = (k: string, x: unknown) => {
    if (x !== null && x !== undefined && !(Array.isArray(x) && x.length === 0)) input[k] = x;
  };
  set('name', v.name);
  set('gender', v.gender);
  set('idNumber', v.idNumber);
  set('phone', v.phone);
  set('unit', v.unit);
  set('postCategory', v.postCategory);
  set('certNo', v.badgeNo);
  set('status', v.status);
  if (Array.isArray(v.fields)) input.qualifications = v.fields.filter((q) => q !== '无');
  // 9999-09-09 / 长期 is stated as 长期有效 (null); an empty cell keeps what is stored.
  if (ctx.row.longTerm.includes('certExpiry')) input.certExpiry = null;
  else set('certExpiry', v.certExpiry);
  if (!input.certNo) ctx.issue('badgeNo', 'warning', '未填写执法证号：没有执法证的人员不参与抽取');
  else if (!before && !ctx.stated('certExpiry') && !ctx.row.longTerm.includes('certExpiry'))
    ctx.issue('certExpiry', 'warning', '未填写执法证有效期，按长期有效处理；请核对执法证');
  if (!valid(ctx, inspectorSchema, input)) return null;
  const outcome = outcomeOf(upsertInspectors(ctx.db, ctx.actor, [input], ctx.at));
  if (outcome !== 'unchanged') {
    const stored = ctx.reference.inspector(employeeNo);
    if (stored) ctx.store.logById('inspectors', stored.id, before ?? null);
  }
  return outcome;
};

/** The inspector of a 回避 row: 单位工号, else 执法证号, else 身份证号, else a unique name. */
function conflictInspector(ctx: ApplyContext): string | null {
  const v = ctx.row.values;
  const direct = str(v.inspectorEmployeeNo);
  if (direct) return direct;
  const badge = str(v.inspectorBadgeNo);
  if (badge) {
    // Files made before 单位工号 was imported used the 执法证号 as the key.
    const hits = ctx.reference.employeeNosByCertOrNo(badge);
    if (hits.length === 1) return hits[0]!;
    if (hits.length === 0) {
      ctx.issue('inspectorBadgeNo', 'error', `执法人员库中没有执法证号为 ${badge} 的人员`);
      return null;
    }
  }
  const idNumber = str(v.inspectorIdNumber);
  if (idNumber) {
    const hits = ctx.reference.employeeNosByIdNumber(idNumber);
    if (hits.length === 1) return hits[0]!;
  }
  const name = str(v.inspectorName);
  const byName = name ? ctx.reference.employeeNosByName(name) : [];
  if (byName.length === 1) return byName[0]!;
  ctx.issue(
    'inspectorName',
    'error',
    byName.length === 0
      ? `执法人员库中没有「${String(v.inspectorName)}」，请先导入执法检查人员`
      : `执法人员库中有 ${byName.length} 位「${String(v.inspectorName)}」，请填写「单位工号」区分`,
  );
  return null;
}

const applyConflict: Applier = (ctx) => {
  const v = ctx.row.values;
  const employeeNo = conflictInspector(ctx);
  if (!employeeNo) return null;
  const entity = v.id as IdentifierValue | null;
  if (!entity) {
    ctx.issue('id', 'error', '请填写主体的统一社会信用代码或注册号');
    return null;
  }
  // The same checks as the form: a relation to a code no entity has would protect nobody.
  const c = checkConflict(ctx.db, employeeNo, entity.code);
  if (!c.ok) {
    ctx.issue(c.field === 'entityCode' ? 'id' : 'inspectorName', 'error', c.message);
    return null;
  }
  const key = [c.employeeNo, c.entityCode];
  const before = ctx.reference.conflict(c.employeeNo, c.entityCode);
  const input = {
    employeeNo: c.employeeNo,
    entityCode: c.entityCode,
    reason: str(v.reason) ?? before?.reason ?? null,
  };
  if (!valid(ctx, conflictSchema, input)) return null;
  const outcome = outcomeOf(upsertConflicts(ctx.db, ctx.actor, [input], ctx.at));
  if (outcome !== 'unchanged') ctx.store.logKeyed('inspector_conflicts', key, before ?? null);
  return outcome;
};

export const INSPECTOR_APPLIERS = { inspectors: applyInspector, conflicts: applyConflict } as const;
