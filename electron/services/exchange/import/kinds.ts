/**
 * What one normalised row means for each import kind: which entity it is, what record it adds or
 * completes, and the problems only the database can reveal (an unknown entity, a 移出 without a 列入).
 * Cell-level validation (types, required cells, identifiers) has already happened in
 * shared/exchange normalizeRow; an applier runs only for rows without errors.
 */
import type { Entity, EntityKind } from '../../../../shared/domain/entity.ts';
import { type CreditRecord, creditRecordSchema } from '../../../../shared/domain/records.ts';
import type { AmountValue, ImportKind, NormalizedRow } from '../../../../shared/exchange/index.ts';
import type { IdentifierValue } from '../../../../shared/exchange/normalize/identifier.ts';
import { normalizeResults } from '../../../../shared/inspection-results/index.ts';
import type { DataDoor } from '../../../db/sql.ts';
import type { Actor } from '../../authz.ts';
import { regionForRow } from './entity-region.ts';
import { CASE_APPLIERS } from './kinds-repair.ts';
import { SAMPLING_APPLIERS } from './kinds-sampling.ts';
import type { EntityPatch, FoundEntity, ImportStore, Outcome } from '../repository/import-store.ts';
import type { PlanResultStore } from '../repository/plan-results.ts';
import type { ReferenceRows } from '../repository/reference-rows.ts';
import { fillPlanResult } from './plan-results.ts';

/**
 * What an applier works with. Appliers write no SQL: they read and write through the repository objects
 * below; `db` is only passed on to the sampling area's services that write its reference tables.
 */
export interface ApplyContext {
  db: DataDoor;
  actor: Actor;
  at: string;
  /** The batch being written (preview writes one too, then rolls back). */
  batchId: number;
  store: ImportStore;
  /** The double-random plans an inspection result may fill (plan-results.ts). */
  planResults: PlanResultStore;
  /** The sampling area's reference rows (inspectors, 回避, items, calendar days). */
  reference: ReferenceRows;
  row: NormalizedRow;
  /** True when the file has a column for the field and this row's cell was not empty. */
  stated(field: string): boolean;
  issue(field: string | null, severity: 'error' | 'warning', message: string): void;
  /** An annual report of `year` for this entity was imported: the batch covers that year for its kind. */
  coveredAnnualReport?(entityId: number, year: number): void;
}

/** The outcome, or null when the row turned out to be unusable (an error was reported). */
export type Applier = (ctx: ApplyContext) => Outcome | null;

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);
const bool = (v: unknown): boolean | null => (typeof v === 'boolean' ? v : null);
const list = (v: unknown): string[] | null => (Array.isArray(v) && v.length > 0 ? (v as string[]) : null);

function codes(values: NormalizedRow['values']): { uscc: string | null; regNo: string | null } {
  let uscc: string | null = null;
  let regNo: string | null = null;
  for (const v of [values.id, values.regNo] as (IdentifierValue | null | undefined)[]) {
    if (!v) continue;
    if (v.kind === 'uscc') uscc ??= v.code;
    else if (v.kind === 'regno15' || v.kind === 'regno13') regNo ??= v.code;
  }
  return { uscc, regNo };
}

/** A legacy 注册号 says nothing about the kind; the name usually does. */
function kindFromName(name: string): EntityKind | null {
  if (/合作社|联合社/.test(name)) return 'cooperative';
  if (/公司|有限|股份|集团|企业|合伙|厂$|事务所/.test(name)) return 'enterprise';
  return null;
}

const applyEntity: Applier = (ctx) => {
  const v = ctx.row.values;
  const { uscc, regNo } = codes(v);
  if (!uscc && !regNo) {
    ctx.issue('id', 'error', '缺少统一社会信用代码或注册号');
    return null;
  }
  const patch: EntityPatch = {
    uscc: uscc ?? undefined,
    regNo: regNo ?? undefined,
    name: str(v.name) ?? undefined,
  };
  const text: [keyof Entity, string][] = [
    ['legalRep', 'legalRep'],
    ['regionCode', 'regionCode'],
    ['township', 'township'],
    ['jurisdiction', 'jurisdiction'],
    ['industryCode', 'industryCode'],
    ['industryName', 'industryName'],
    ['address', 'address'],
    ['establishedOn', 'establishedOn'],
    ['phone', 'phone'],
  ];
  for (const [k, f] of text) {
    const s = str(v[f]);
    if (s !== null) (patch as Record<string, unknown>)[k] = s;
  }
  const region = regionForRow(ctx, uscc, regNo);
  if (region !== undefined) patch.regionCode = region;
  if (ctx.stated('kind') && str(v.kind)) patch.kind = v.kind as EntityKind;
  if (ctx.stated('status') && str(v.status)) patch.status = v.status as Entity['status'];
  const capital = v.capital as AmountValue | null | undefined;
  if (capital) {
    patch.capitalAmount = capital.amount;
    patch.capitalUnit = capital.unit;
    patch.capitalCurrency = capital.currency;
  }
  const tags = [...(list(v.tags) ?? []), ...(str(v.specialLibrary) ? [v.specialLibrary as string] : [])];
  if (tags.length > 0) patch.tags = [...new Set(tags)];

  let kind: EntityKind = (str(v.kind) as EntityKind | null) ?? 'enterprise';
  if (!ctx.stated('kind') && !uscc) {
    const guessed = kindFromName(patch.name ?? '');
    kind = guessed ?? 'enterprise';
    const exists = ctx.store.findEntity(uscc, regNo);
    if (!guessed && !exists) {
      ctx.issue('kind', 'warning', '未填写「主体类型」，注册号和名称都无法判断，已按企业登记，请核对');
    }
  }
  return ctx.store.upsertEntity(patch, { kind, status: 'active' }).outcome;
};

/** The entity a record row belongs to; reports an error when the database does not know it. */
export function findOwner(ctx: ApplyContext): FoundEntity | null {
  const { uscc, regNo } = codes(ctx.row.values);
  if (!uscc && !regNo) {
    ctx.issue('id', 'error', '缺少统一社会信用代码或注册号');
    return null;
  }
  const found = ctx.store.findEntity(uscc, regNo);
  if (!found) {
    ctx.issue('id', 'error', `库中没有代码为 ${uscc ?? regNo} 的市场主体，请先导入该主体（检查对象名录库）`);
    return null;
  }
  const name = str(ctx.row.values.name);
  if (name && name !== found.name) {
    ctx.issue('name', 'warning', `「企业名称」与库中不一致（库中为「${found.name}」），已按代码匹配`);
  }
  return found;
}

function saveRecord(ctx: ApplyContext, entityId: number, raw: Record<string, unknown>): Outcome | null {
  const clean = Object.fromEntries(Object.entries(raw).filter(([, x]) => x !== null && x !== undefined));
  const parsed = creditRecordSchema.safeParse(clean);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    ctx.issue(
      issue ? String(issue.path[0] ?? '') || null : null,
      'error',
      `记录内容不完整：${issue?.message ?? '格式有误'}`,
    );
    return null;
  }
  return ctx.store.upsertRecord(entityId, parsed.data as CreditRecord).outcome;
}

/** A list entry (经营异常名录, 严重违法失信名单, 联合惩戒): 列入 creates/completes it, 移出 alone closes the open one. */
function listApplier(
  type: 'abnormal_list' | 'serious_violation_list' | 'joint_punishment',
  fields: readonly string[],
): Applier {
  return (ctx) => {
    const owner = findOwner(ctx);
    if (!owner) return null;
    const v = ctx.row.values;
    const date = str(v.date);
    const removedOn = str(v.removedOn);
    const data: Record<string, unknown> = { type };
    for (const f of fields) data[f] = v[f] ?? null;
    if (date) {
      if (removedOn && removedOn < date) {
        ctx.issue('removedOn', 'error', `「移出日期」${removedOn} 早于「列入日期」${date}`);
        return null;
      }
      const existing = ctx.store.recordIdByKey(owner.id, `${type}:${date}`);
      if (existing !== null) {
        const patch = Object.fromEntries(fields.map((f) => [f, v[f] ?? null]));
        return ctx.store.patchRecord(existing, patch).outcome;
      }
      if (type === 'abnormal_list' && !str(v.reason)) {
        ctx.issue('reason', 'error', '新列入的记录须填写「列入原因」');
        return null;
      }
      return saveRecord(ctx, owner.id, { ...data, date });
    }
    if (!removedOn) {
      ctx.issue('date', 'error', '「列入日期」和「移出日期」至少要填写一项');
      return null;
    }
    const open = ctx.store.openListEntry(owner.id, type, removedOn);
    if (open === null) {
      // Already closed by this date (re-import of the same 移出 list): nothing to do.
      const closed = ctx.store.removedListEntry(owner.id, type, removedOn);
      if (closed !== null)
        return ctx.store.patchRecord(closed, { removalReason: v.removalReason ?? null }).outcome;
      ctx.issue('removedOn', 'error', '该主体没有尚未移出的列入记录，无法登记移出；请填写「列入日期」');
      return null;
    }
    const patch: Record<string, unknown> = { removedOn };
    if (fields.includes('removalReason')) patch.removalReason = v.removalReason ?? null;
    return ctx.store.patchRecord(open, patch).outcome;
  };
}

const applyPenalty: Applier = (ctx) => {
  const owner = findOwner(ctx);
  if (!owner) return null;
  const v = ctx.row.values;
  const fine = v.fine as AmountValue | null | undefined;
  if (fine && fine.currency !== '人民币') {
    ctx.issue('fine', 'warning', `罚没金额的币种为${fine.currency}，已按原数值记录`);
  }
  return saveRecord(ctx, owner.id, {
    type: 'penalty',
    date: v.date,
    decisionNo: v.decisionNo,
    violationType: v.violationType,
    content: v.content,
    penaltyKinds: v.penaltyKinds,
    fine: fine ? fine.value : null,
    authority: v.authority,
    field: v.field,
    publishedOn: v.publishedOn,
    publicityEnd: v.publicityEnd,
    repairedOn: v.repairedOn,
  });
};

const applyInspection: Applier = (ctx) => {
  const owner = findOwner(ctx);
  if (!owner) return null;
  const v = ctx.row.values;
  let results: string[];
  try {
    results = normalizeResults(list(v.results) ?? []);
  } catch (e) {
    ctx.issue('results', 'error', `「检查结果」${e instanceof Error ? e.message : '无法识别'}`);
    return null;
  }
  // A row naming a task by its 文号 fills that task's plan, as typing the result there would.
  const task = str(v.plan) ? ctx.planResults.task(v.plan as string) : null;
  if (task && str(v.date)) {
    const filled = fillPlanResult(ctx, task, owner, {
      date: v.date as string,
      results,
      followUp: str(v.followUp),
    });
    if (filled !== 'outside') return filled;
  }
  return saveRecord(ctx, owner.id, {
    type: 'inspection',
    date: v.date,
    plan: v.plan,
    items: list(v.items) ?? undefined,
    results,
    followUp: v.followUp,
  });
};

const applyComplaint: Applier = (ctx) => {
  const owner = findOwner(ctx);
  if (!owner) return null;
  const v = ctx.row.values;
  return saveRecord(ctx, owner.id, {
    type: 'complaint',
    date: v.date,
    channel: v.channel,
    substantiated: bool(v.substantiated),
  });
};

const applyAnnualReport: Applier = (ctx) => {
  const owner = findOwner(ctx);
  if (!owner) return null;
  const v = ctx.row.values;
  const year = num(v.year);
  const date = str(v.date);
  if (year === null || date === null) return null;
  // 年报 is due by 30 June of the next year (企业信息公示暂行条例 Art. 8).
  const onTime = bool(v.onTime) ?? date <= `${year + 1}-06-30`;
  if (date.slice(0, 4) < String(year)) {
    ctx.issue('date', 'error', `「报送日期」${date} 早于年报年度 ${year}`);
    return null;
  }
  const outcome = saveRecord(ctx, owner.id, { type: 'annual_report', date, year, onTime });
  if (outcome !== null) ctx.coveredAnnualReport?.(owner.id, year);
  return outcome;
};

export const DEFAULT_SCORE_SCHEME = 'provincial-public-credit';

const applyScore: Applier = (ctx) => {
  const owner = findOwner(ctx);
  if (!owner) return null;
  const v = ctx.row.values;
  return saveRecord(ctx, owner.id, {
    type: 'public_credit_score',
    date: v.date,
    scheme: str(v.scheme) ?? DEFAULT_SCORE_SCHEME,
    score: num(v.score),
    grade: v.grade,
  });
};

/**
 * Every import kind; inspectors, conflicts, items and holidays write the sampling area's tables, repairs
 * and objections the repair area's (kinds-repair.ts).
 */
export const APPLIERS: Partial<Record<ImportKind, Applier>> = {
  entities: applyEntity,
  ...SAMPLING_APPLIERS,
  penalties: applyPenalty,
  abnormal_list: listApplier('abnormal_list', ['reason', 'authority', 'removedOn', 'removalReason']),
  serious_violation_list: listApplier('serious_violation_list', ['reason', 'authority', 'removedOn']),
  joint_punishment: listApplier('joint_punishment', ['field', 'removedOn']),
  inspections: applyInspection,
  complaints: applyComplaint,
  annual_reports: applyAnnualReport,
  public_credit_scores: applyScore,
  ...CASE_APPLIERS,
};
