/**
 * One data row → normalised field values plus the problems found (SPEC §7: “validate every row before
 * writing: each problem is a row, column and a Chinese message; warnings and errors differ”). Never
 * throws: an unusable cell becomes null with an error issue, so the preview can show every problem at once.
 */
import { usccKindPrefix } from '../identifiers/index.ts';
import type { EntityKind } from '../domain/entity.ts';
import { textMaxFor, tooLongMessage } from '../domain/text-limits.ts';
import { parseAmount } from './normalize/amount.ts';
import { parseYesNo } from './normalize/boolean.ts';
import { parseDate } from './normalize/dates.ts';
import { parseEnum, parseList } from './normalize/enum.ts';
import { type IdentifierValue, normalizeIdentifier } from './normalize/identifier.ts';
import { parseInteger, parseNumber } from './normalize/number.ts';
import { normalizeIdNumber, normalizePhone } from './normalize/person.ts';
import { isBlank, normalizeCodeText, normalizeText } from './normalize/text.ts';
import type {
  AmountValue,
  Cell,
  CellContext,
  ColumnMapping,
  FieldSpec,
  ImportKind,
  Normalized,
  RowIssue,
} from './types.ts';
import { vocabularyOf } from './vocabulary.ts';

/** A normalised field value; the type follows FieldSpec.type (see types.ts). */
export type FieldValue = string | number | boolean | string[] | AmountValue | IdentifierValue | null;

export interface NormalizedRow {
  /** Excel row number (1-based). */
  row: number;
  /** Every mapped field, null when empty or unusable. Dates are 'YYYY-MM-DD'. */
  values: Record<string, FieldValue>;
  /** Date fields holding 9999-09-09 / 长期 (their value is null: no end date). */
  longTerm: string[];
  issues: RowIssue[];
  /** True when any issue is an error (the row must not be written). */
  hasErrors: boolean;
  /** True when every mapped cell is empty (the row is ignored, not reported). */
  blank: boolean;
}

const specCache = new Map<ImportKind, Map<string, FieldSpec>>();

function specsOf(kind: ImportKind): Map<string, FieldSpec> {
  let m = specCache.get(kind);
  if (!m) {
    m = new Map(vocabularyOf(kind).fields.map((f) => [f.field, f]));
    specCache.set(kind, m);
  }
  return m;
}

/** Normalise one cell according to its field's type. */
export function normalizeCell(
  spec: FieldSpec,
  cell: Cell,
  ctx: CellContext = {},
): Normalized<FieldValue> & { longTerm?: boolean } {
  switch (spec.type) {
    case 'text':
      return normalizeText(cell);
    case 'code':
      return normalizeCodeText(cell);
    case 'identifier':
      return normalizeIdentifier(cell);
    case 'idNumber':
      return normalizeIdNumber(cell);
    case 'phone':
      return normalizePhone(cell);
    case 'date': {
      const r = parseDate(cell, ctx);
      const out: Normalized<FieldValue> & { longTerm?: boolean } = { value: r.value?.date ?? null };
      if (r.value?.longTerm) out.longTerm = true;
      if (r.error) out.error = r.error;
      if (r.warning) out.warning = r.warning;
      return out;
    }
    case 'amount':
      return parseAmount(cell, spec.defaultUnit ? { defaultUnit: spec.defaultUnit } : {});
    case 'number':
      return parseNumber(cell);
    case 'integer':
      return parseInteger(cell);
    case 'boolean':
      return parseYesNo(cell);
    case 'list':
      return parseList(cell, spec);
    case 'enum':
      return parseEnum(cell, spec);
  }
}

/** Text longer than the field's maximum (shared/domain/text-limits.ts) is an error, never stored. */
function withinTextLimit(
  spec: FieldSpec,
  r: Normalized<FieldValue> & { longTerm?: boolean },
): Normalized<FieldValue> & { longTerm?: boolean } {
  const v = r.value;
  const length = typeof v === 'string' ? v.length : Array.isArray(v) ? v.join('、').length : 0;
  const max = textMaxFor(spec.field);
  return length > max ? { value: null, error: tooLongMessage(length, max) } : r;
}

/** 91 企业, 92 个体工商户, 93 农民专业合作社 (SPEC §3); null for other prefixes and for 注册号. */
export function entityKindFromCode(code: string): EntityKind | null {
  if (code.length !== 18) return null;
  const p = code.slice(0, 2);
  if (p === '91') return 'enterprise';
  if (p === '92') return 'individual';
  if (p === '93') return 'cooperative';
  return usccKindPrefix(code) ? 'other' : null;
}

/**
 * Normalise one row. `rowIndex` is 0-based in the sheet (the issue carries the Excel row number);
 * `columns` is HeaderDetection.columns (possibly corrected by the user).
 */
export function normalizeRow(
  kind: ImportKind,
  cells: readonly Cell[],
  columns: readonly ColumnMapping[],
  rowIndex: number,
  ctx: CellContext = {},
): NormalizedRow {
  const vocab = vocabularyOf(kind);
  const specs = specsOf(kind);
  const row = rowIndex + 1;
  const values: Record<string, FieldValue> = {};
  const longTerm: string[] = [];
  const issues: RowIssue[] = [];
  const letters = new Map<string, string>();
  let blank = true;

  for (const col of columns) {
    if (!col.field) continue;
    const spec = specs.get(col.field);
    if (!spec) continue;
    letters.set(spec.field, col.letter);
    const cell = cells[col.index] ?? null;
    if (!isBlank(cell)) blank = false;
    const r = withinTextLimit(spec, normalizeCell(spec, cell, ctx));
    values[spec.field] = r.value;
    if (r.longTerm) longTerm.push(spec.field);
    if (r.error === undefined && r.warning === undefined) continue;
    const where = `「${col.header || spec.label}」`;
    if (r.error)
      issues.push({
        row,
        column: col.letter,
        field: spec.field,
        severity: 'error',
        message: `${where}${r.error}`,
      });
    if (r.warning)
      issues.push({
        row,
        column: col.letter,
        field: spec.field,
        severity: 'warning',
        message: `${where}${r.warning}`,
      });
  }
  if (blank) return { row, values, longTerm, issues: [], hasErrors: false, blank: true };

  for (const spec of vocab.fields) {
    if (!spec.required || !letters.has(spec.field)) continue;
    const hadError = issues.some((i) => i.field === spec.field && i.severity === 'error');
    if (values[spec.field] === null && !hadError && !longTerm.includes(spec.field)) {
      issues.push({
        row,
        column: letters.get(spec.field)!,
        field: spec.field,
        severity: 'error',
        message: `「${spec.label}」为必填项，不能为空`,
      });
    }
  }
  for (const group of vocab.requiredAnyOf ?? []) {
    const present = group.filter((f) => letters.has(f));
    if (present.length > 0 && present.every((f) => values[f] === null || values[f] === undefined)) {
      const labels = group.map((f) => `「${specs.get(f)?.label ?? f}」`).join('或');
      issues.push({ row, column: null, field: null, severity: 'error', message: `${labels}至少要填写一项` });
    }
  }
  if (kind === 'entities' && (values.kind === null || values.kind === undefined)) {
    const id = values.id as IdentifierValue | null | undefined;
    values.kind = id ? (entityKindFromCode(id.code) ?? 'enterprise') : null;
  }
  return {
    row,
    values,
    longTerm,
    issues,
    hasErrors: issues.some((i) => i.severity === 'error'),
    blank: false,
  };
}
