/**
 * Blank import templates: the kind's columns (required ones marked *), identifier/phone/date columns
 * formatted as text, drop-down lists fed from a 参数表 sheet of allowed values, and a 填写说明 sheet.
 * The header labels are the vocabulary's own labels, so a filled template maps without any question.
 */
import { IMPORT_KIND_LABELS, type ImportKind } from '../../../../shared/exchange/types.ts';
import { vocabularyOf } from '../../../../shared/exchange/vocabulary.ts';
import {
  ENTITY_KIND_LABELS,
  ENTITY_STATUS_LABELS,
  type EntityKind,
  type EntityStatus,
} from '../../../../shared/domain/entity.ts';
import { RESULT_CODES } from '../../../../shared/inspection-results/index.ts';
import { columnLetter, type XlsxSheet } from './xlsx-writer.ts';

const TEXT_TYPES = new Set(['identifier', 'idNumber', 'phone', 'code', 'date']);

/** What the user picks from, as shown (labels, not internal codes). */
function allowedValues(
  kind: ImportKind,
  field: string,
  values: readonly string[] | undefined,
  labels?: Readonly<Record<string, string>>,
): string[] | null {
  if (kind === 'entities' && field === 'kind')
    return Object.values(ENTITY_KIND_LABELS as Record<EntityKind, string>);
  if (kind === 'entities' && field === 'status')
    return Object.values(ENTITY_STATUS_LABELS as Record<EntityStatus, string>);
  if (kind === 'inspections' && field === 'results') return RESULT_CODES.map((c) => c.label);
  if (kind === 'holidays' && field === 'kind') return ['放假', '调休上班'];
  return values ? values.map((v) => labels?.[v] ?? v) : null;
}

const YES_NO = ['是', '否'];

/**
 * A column's 说明: its own hint, then the general rule for its type unless the hint already says it
 * (a list column's hint may already say how to separate several values).
 */
export function fieldNote(f: { hint?: string; type: string }): string {
  const hint = f.hint ?? '';
  const notes = [hint];
  if (f.type === 'date' && !hint.includes('日期写成')) notes.push('日期写成 2021-06-29');
  if (f.type === 'list' && !hint.includes('多项')) notes.push('多项用顿号、逗号分隔');
  return notes.filter(Boolean).join('；');
}

export function templateSheets(kind: ImportKind): { sheets: XlsxSheet[]; total: number; fileName: string } {
  const vocab = vocabularyOf(kind);
  const fields = vocab.fields;
  const lists: { label: string; values: string[]; single: boolean; column: number }[] = [];
  fields.forEach((f, i) => {
    const values = f.type === 'boolean' ? YES_NO : allowedValues(kind, f.field, f.values, f.labels);
    if (values) lists.push({ label: f.label, values, single: f.type !== 'list', column: i });
  });
  const longest = Math.max(0, ...lists.map((l) => l.values.length));
  const paramRows = Array.from({ length: longest }, (_, r) => lists.map((l) => l.values[r] ?? null));
  const validations = lists
    .map((l, li) =>
      l.single
        ? {
            column: l.column,
            range: `'参数表'!$${columnLetter(li)}$2:$${columnLetter(li)}$${l.values.length + 1}`,
          }
        : null,
    )
    .filter((v): v is { column: number; range: string } => v !== null);
  return {
    total: 0,
    fileName: `导入模板_${IMPORT_KIND_LABELS[kind]}.xlsx`,
    sheets: [
      {
        name: IMPORT_KIND_LABELS[kind].replace(/[\\/?*[\]:：（）()、]/g, '').slice(0, 31) || '数据',
        columns: fields.map((f) => ({
          header: `${f.required ? '*' : ''}${f.label}`,
          text: TEXT_TYPES.has(f.type),
        })),
        validations,
        rows: [],
      },
      {
        name: '参数表',
        columns: lists.map((l) => ({ header: l.label, width: 24 })),
        rows: paramRows,
      },
      {
        name: '填写说明',
        columns: [
          { header: '列名', width: 26 },
          { header: '是否必填', width: 10 },
          { header: '说明', width: 80 },
        ],
        rows: [
          ...fields.map((f) => [f.label, f.required ? '必填' : '', fieldNote(f)]),
          [
            '',
            '',
            '带 * 的列必须填写；请勿修改表头；代码和电话列已设为文本格式，请直接输入或粘贴为数值以外的文本。',
          ],
        ],
      },
    ],
  };
}
