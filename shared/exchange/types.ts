/**
 * Types shared by the spreadsheet reader (electron/services/exchange/read) and the import pipeline.
 * Pure data: nothing here knows about files, SheetJS or the database.
 */

/**
 * One cell as the reader hands it over. Numbers stay numbers (dates arrive as Excel serials — the
 * workbook's date system travels with the sheet), text stays text; Excel errors (#N/A …) and empty
 * cells are null. Date-typed cells (OOXML t="d", ODS dates) arrive as 'YYYY-MM-DD' or
 * 'YYYY-MM-DD HH:MM:SS' strings.
 */
export type Cell = string | number | boolean | null;

/** A sheet's rows, row 0 = the first row of the sheet (Excel row 1). Trailing empty cells are dropped. */
export type SheetRows = readonly (readonly Cell[])[];

/** The import kinds of SPEC §7, in the order the import wizard lists them. */
export const IMPORT_KINDS = [
  'entities',
  'inspectors',
  'conflicts',
  'items',
  'penalties',
  'abnormal_list',
  'serious_violation_list',
  'joint_punishment',
  'inspections',
  'complaints',
  'annual_reports',
  'public_credit_scores',
  'repairs',
  'objections',
  'holidays',
] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const IMPORT_KIND_LABELS: Record<ImportKind, string> = {
  entities: '市场主体（检查对象名录库）',
  inspectors: '执法检查人员',
  conflicts: '回避关系',
  items: '抽查事项清单',
  penalties: '行政处罚',
  abnormal_list: '经营异常名录（列入、移出）',
  serious_violation_list: '严重违法失信名单',
  joint_punishment: '失信联合惩戒对象名单',
  inspections: '抽查检查结果',
  complaints: '投诉举报',
  annual_reports: '年度报告',
  public_credit_scores: '公共信用综合评价结果',
  repairs: '信用修复申请',
  objections: '异议',
  holidays: '节假日与调休',
};

/**
 * How a column's cells are normalised (see normalize-row.ts):
 * - text: full-width folded, trimmed, inner whitespace runs collapsed; numbers/booleans become text
 * - code: like text but all whitespace removed and upper-cased (decision numbers, item codes …)
 * - identifier: USCC / 注册号 through shared/identifiers (scientific notation = error)
 * - idNumber: 居民身份证号 (18 chars, GB 11643 check digit → warning)
 * - phone: digits and '-' kept; numbers are converted without losing digits
 * - date: 'YYYY-MM-DD'; 9999-09-09 / 长期 = no end (value null, `longTerm` flag)
 * - amount: {amount, unit, currency, value}; value = amount × unit multiplier (万 = 10,000)
 * - number / integer: plain numbers, thousands separators allowed
 * - boolean: 是/否 and friends
 * - list: split on 、 ， , ; ； / and line breaks
 * - enum: a value of `values` (synonyms mapped by the field's `aliases`)
 */
export type FieldType =
  | 'text'
  | 'code'
  | 'identifier'
  | 'idNumber'
  | 'phone'
  | 'date'
  | 'amount'
  | 'number'
  | 'integer'
  | 'boolean'
  | 'list'
  | 'enum';

export interface FieldSpec {
  /** Canonical field name (the canonical exchange JSON of shared/domain where one exists). */
  field: string;
  /** The Chinese column label used in templates and messages. */
  label: string;
  /** Other header texts meaning the same column (compared after normaliseHeaderLabel). */
  synonyms: readonly string[];
  type: FieldType;
  /** Row is rejected (error) when the cell is empty. */
  required?: boolean;
  /** For `enum` (and `list` with a closed vocabulary): the allowed canonical values. */
  values?: readonly string[];
  /** For `enum`/`list`: other spellings → canonical value (keys compared after width folding). */
  aliases?: Readonly<Record<string, string>>;
  /**
   * For `list` with a closed vocabulary: an unknown part is kept as this value with a warning instead of
   * failing the row (处罚种类: a kind nobody knows is 其他).
   */
  unknownAs?: string;
  /** For `enum`: the Chinese label of each canonical value (used in messages and templates). */
  labels?: Readonly<Record<string, string>>;
  /** For `enum`: when no value or alias matches, the first pattern found in the text gives the value. */
  patterns?: readonly (readonly [RegExp, string])[];
  /** For `amount`: the unit a bare number is in ('元' for fines, '万元' for registered capital). */
  defaultUnit?: string;
  /** A short Chinese hint for templates (allowed values, format). */
  hint?: string;
}

export interface KindVocabulary {
  kind: ImportKind;
  fields: readonly FieldSpec[];
  /** Groups of fields of which at least one must be mapped and filled (e.g. 列入日期 or 移出日期). */
  requiredAnyOf?: readonly (readonly string[])[];
}

/** One column of a detected header and the field it was matched to (null = ignored). */
export interface ColumnMapping {
  /** 0-based column index in the sheet. */
  index: number;
  /** Column letter as Excel shows it ('A', 'AB'). */
  letter: string;
  /** The header text as written (trimmed). */
  header: string;
  field: string | null;
  /** 0..1: 1 = exact synonym, lower = partial match; 0 when unmapped or set by the user. */
  score: number;
  /** True when a person chose this mapping (or it came from a remembered mapping). */
  byUser?: boolean;
}

export interface SkippedRow {
  /** 0-based row index in the sheet. */
  row: number;
  reason: 'title' | 'instruction' | 'example' | 'blank' | 'repeated-header';
  /** Chinese explanation shown in the preview. */
  message: string;
}

export interface HeaderDetection {
  found: boolean;
  /** 0-based index of the header row (−1 when not found). */
  headerRow: number;
  /** 0-based index of the first data row (after example/hint rows). */
  dataStart: number;
  columns: ColumnMapping[];
  /** Required fields (labels) that no column maps to. */
  missingRequired: string[];
  /** 0..1: share of required fields mapped, weighted by match quality. */
  confidence: number;
  /** Rows above the header and hint rows below it that were skipped, with reasons. */
  skipped: SkippedRow[];
  /** Header signature of this header (for remembered mappings). */
  signature: string;
  /** Chinese message when not found or when something needs the user's attention. */
  message?: string;
}

export type Severity = 'error' | 'warning';

/** One problem found in one cell (or a whole row when column is null). */
export interface RowIssue {
  /** Excel row number (1-based), as the user sees it. */
  row: number;
  /** Column letter ('C'), or null for a row-level problem. */
  column: string | null;
  field: string | null;
  severity: Severity;
  /** Chinese message naming the column label and the value. */
  message: string;
}

/** Result of a single value normaliser: never throws; `error` means the value is unusable. */
export interface Normalized<T> {
  value: T | null;
  error?: string;
  warning?: string;
}

export interface AmountValue {
  /** The number as written (51.8 for “51.8000(万元人民币)”). */
  amount: number;
  /** Unit as written, normalised: '元', '万元', '亿元', '千元' … */
  unit: string;
  /** Currency name: '人民币', '美元', '港元', '欧元', '日元', '英镑' … */
  currency: string;
  /** amount × unit multiplier, in the currency's base unit (518000 for 51.8 万元). */
  value: number;
}

export interface DateValue {
  /** 'YYYY-MM-DD', or null for 长期 (9999-09-09). */
  date: string | null;
  /** True for 9999-09-09 / 长期 / 长期有效 (no end date). */
  longTerm: boolean;
}

/** The date system of the workbook the cells came from (SheetJS `Workbook.WBProps.date1904`). */
export interface CellContext {
  date1904?: boolean;
}
