/**
 * The import kinds whose tables belong to the double-random area (migration 005): the item list and
 * the holiday calendar (inspectors and 回避: kinds-inspectors.ts). Rows are written through that area's own
 * store (electron/services/sampling/reference-store.ts), one row per call, so its validation and audit
 * apply; around each call this module reads the stored row first, so the batch's undo log gets the
 * before-image exactly as for entities and records. Like everywhere in the exchange, an empty cell keeps
 * the stored value: the stored row is the base and the row's stated cells are laid over it.
 */
import { calendarDaySchema, inspectionItemSchema } from '../../../../shared/api/contracts/sampling.ts';
import { upsertHolidays, upsertItems } from '../../sampling/reference-store.ts';
import { INSPECTOR_APPLIERS } from './kinds-inspectors.ts';
import { outcomeOf, type Row, str, valid } from './kinds-sampling-common.ts';
import type { Applier } from './kinds.ts';

const applyItem: Applier = (ctx) => {
  const v = ctx.row.values;
  const code = str(v.code);
  if (!code) {
    ctx.issue('code', 'error', '请填写「事项编码」（如 A07），它是抽查事项的唯一标识');
    return null;
  }
  const before = ctx.reference.item(code);
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
  const before = ctx.reference.calendarDay(date);
  const input = { date, kind: v.kind, name: str(v.name) ?? before?.name ?? '' };
  if (!valid(ctx, calendarDaySchema, input)) return null;
  const outcome = outcomeOf(upsertHolidays(ctx.db, ctx.actor, [input], ctx.at));
  if (outcome !== 'unchanged') ctx.store.logKeyed('calendar_days', [date], before ?? null);
  return outcome;
};

export const SAMPLING_APPLIERS = {
  ...INSPECTOR_APPLIERS,
  items: applyItem,
  holidays: applyHoliday,
} as const;
