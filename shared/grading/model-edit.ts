/**
 * The administrator's model form (issue 11 item 6): a model's band thresholds and each indicator's
 * points and cap, changed without editing JSON and saved as a new version. The edited model is
 * validated by parseModel like an imported file; its problems, which come with JSON paths, are mapped
 * back to the form's fields and named in the words the form uses (等级 B（信用风险一般）的下限).
 */
import { parseModel } from './schema.ts';
import type { GradingModel, Indicator } from './types.ts';

/** The editable values. `thresholds[i]` is the lower bound of band i, i.e. the upper bound of band i+1. */
export interface ModelEdit {
  effectiveFrom: string;
  thresholds: Array<number | null>;
  indicators: Array<{ id: string; points: number | null; cap: number | null }>;
}

/** One problem of an edit: the form field (see fieldKey), its name in the form and the message. */
export interface EditIssue {
  field: string;
  label: string;
  message: string;
}

export type EditResult = { ok: true; model: GradingModel } | { ok: false; issues: EditIssue[] };

/** Form field keys. */
export const fieldKey = {
  effectiveFrom: 'effectiveFrom',
  threshold: (band: number) => `threshold.${band}`,
  points: (indicatorId: string) => `indicator.${indicatorId}.points`,
  cap: (indicatorId: string) => `indicator.${indicatorId}.cap`,
  /** A problem of the model as a whole. */
  model: 'model',
} as const;

/** The form's initial values: those of the model being edited. */
export function editableValues(m: GradingModel): ModelEdit {
  return {
    effectiveFrom: m.effectiveFrom,
    thresholds: m.bands.slice(0, -1).map((b) => b.min),
    indicators: m.indicators.map((i) => ({ id: i.id, points: i.points, cap: i.cap ?? null })),
  };
}

export function pointsLabel(i: Indicator): string {
  return `指标“${i.label}”的${i.mode === 'perRecord' ? '每次分值' : '分值'}`;
}

export function capLabel(i: Indicator): string {
  return `指标“${i.label}”的封顶`;
}

export function thresholdLabel(m: GradingModel, band: number): string {
  const b = m.bands[band];
  return b ? `等级 ${b.grade}（${b.label}）的下限` : '分数段';
}

/** The form field a JSON path of the model belongs to. */
function fieldOfPath(m: GradingModel, path: string): string {
  if (path === 'effectiveFrom') return fieldKey.effectiveFrom;
  const last = m.bands.length - 1;
  const band = /^bands\[(\d+)\](?:\.(min|max))?$/.exec(path);
  if (band) {
    const i = Number(band[1]);
    // band i's lower bound is threshold i; its upper bound is threshold i-1 (the band above it).
    if (band[2] === 'min') return i < last ? fieldKey.threshold(i) : fieldKey.model;
    if (band[2] === 'max') return i > 0 ? fieldKey.threshold(i - 1) : fieldKey.model;
    return i < last ? fieldKey.threshold(i) : i > 0 ? fieldKey.threshold(i - 1) : fieldKey.model;
  }
  const ind = /^indicators\[(\d+)\]\.(points|cap)$/.exec(path);
  const indicator = ind ? m.indicators[Number(ind[1])] : undefined;
  if (ind && indicator) return ind[2] === 'cap' ? fieldKey.cap(indicator.id) : fieldKey.points(indicator.id);
  return fieldKey.model;
}

/** The words the form uses for a field. */
export function fieldLabel(m: GradingModel, field: string): string {
  if (field === fieldKey.effectiveFrom) return '施行日期';
  const t = /^threshold\.(\d+)$/.exec(field);
  if (t) return thresholdLabel(m, Number(t[1]));
  const ind = /^indicator\.(.+)\.(points|cap)$/.exec(field);
  const indicator = ind ? m.indicators.find((i) => i.id === ind[1]) : undefined;
  if (ind && indicator) return ind[2] === 'cap' ? capLabel(indicator) : pointsLabel(indicator);
  return '模型';
}

/** Model-level messages name dimensions by their id; the form's user knows their Chinese names. */
function readable(m: GradingModel, message: string): string {
  let out = message;
  for (const d of m.dimensions ?? []) out = out.replaceAll(`维度 ${d.id} `, `维度“${d.label}”`);
  return out;
}

/** The next version number of a model: the highest one stored, its last part plus one. */
export function nextVersion(versions: readonly string[]): string {
  const highest = [...versions].sort((a, b) => b.localeCompare(a, 'en', { numeric: true }))[0] ?? '1.0.0';
  const parts = highest.split('.').map(Number);
  parts[parts.length - 1] = (parts[parts.length - 1] ?? 0) + 1;
  return parts.join('.');
}

/** The edited model as a new version, validated; or every problem, named in the form's words. */
export function applyModelEdit(base: GradingModel, edit: ModelEdit, version: string): EditResult {
  const issues: EditIssue[] = [];
  const add = (field: string, message: string) =>
    issues.push({ field, label: fieldLabel(base, field), message });

  if (edit.thresholds.length !== base.bands.length - 1) add(fieldKey.model, '分数段的个数与模型的等级不符');
  const known = new Map(edit.indicators.map((i) => [i.id, i]));
  for (const i of base.indicators) if (!known.has(i.id)) add(fieldKey.model, `缺少指标“${i.label}”的分值`);
  for (const id of known.keys())
    if (!base.indicators.some((i) => i.id === id)) add(fieldKey.model, '表单中有本模型没有的指标');

  edit.thresholds.forEach((t, i) => {
    if (t === null) add(fieldKey.threshold(i), '请填写');
  });
  for (const i of base.indicators) {
    if (known.get(i.id)?.points === null) add(fieldKey.points(i.id), '请填写');
  }
  if (issues.length > 0) return { ok: false, issues };
  // Said in the form's terms before the model's own checks, which would only call the band empty.
  edit.thresholds.forEach((t, i) => {
    const above = i > 0 ? edit.thresholds[i - 1] : undefined;
    if (t === null) return;
    if (t < base.scale.min || t > base.scale.max)
      add(fieldKey.threshold(i), `应在 ${base.scale.min} 到 ${base.scale.max} 分之间`);
    else if (above !== undefined && above !== null && t >= above)
      add(fieldKey.threshold(i), `应低于等级 ${base.bands[i - 1]?.grade} 的下限（${above} 分）`);
    else if (i === edit.thresholds.length - 1 && t <= base.scale.min)
      add(
        fieldKey.threshold(i),
        `应高于分值下限 ${base.scale.min} 分，否则等级 ${base.bands[i + 1]?.grade} 没有分数段`,
      );
  });
  const reported = new Set(issues.map((i) => i.field));

  const bands = base.bands.map((b, i) => ({
    ...b,
    min: i < base.bands.length - 1 ? (edit.thresholds[i] as number) : b.min,
    max: i > 0 ? (edit.thresholds[i - 1] as number) : b.max,
  }));
  const indicators = base.indicators.map((i) => {
    const e = known.get(i.id)!;
    const { cap: _old, ...rest } = i;
    return { ...rest, points: e.points as number, ...(e.cap === null ? {} : { cap: e.cap }) };
  });
  const edited = { ...base, version, effectiveFrom: edit.effectiveFrom, bands, indicators };
  const parsed = parseModel(edited);
  if (parsed.ok && issues.length === 0) return parsed;
  const seen = new Set<string>();
  for (const issue of parsed.ok ? [] : parsed.issues) {
    const field = fieldOfPath(base, issue.path);
    if (reported.has(field)) continue;
    const message = readable(base, issue.message);
    if (seen.has(`${field}\u0000${message}`)) continue;
    seen.add(`${field}\u0000${message}`);
    add(field, message);
  }
  return { ok: false, issues };
}

/** What changed between two versions, in the form's words, for the audit log. */
export function describeEdit(before: GradingModel, after: GradingModel): string[] {
  const out: string[] = [];
  const show = (n: number | undefined) => (n === undefined ? '不封顶' : String(n));
  before.bands.slice(0, -1).forEach((b, i) => {
    const now = after.bands[i]?.min;
    if (now !== b.min) out.push(`${thresholdLabel(before, i)}：${b.min} → ${now}`);
  });
  before.indicators.forEach((i, k) => {
    const a = after.indicators[k];
    if (!a) return;
    if (a.points !== i.points) out.push(`${pointsLabel(i)}：${i.points} → ${a.points}`);
    if (a.cap !== i.cap) out.push(`${capLabel(i)}：${show(i.cap)} → ${show(a.cap)}`);
  });
  if (before.effectiveFrom !== after.effectiveFrom)
    out.push(`施行日期：${before.effectiveFrom} → ${after.effectiveFrom}`);
  return out;
}
