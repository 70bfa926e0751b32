/**
 * Header detection (SPEC §7). Government templates put a title row and an instruction row (“注意…”,
 * “填写说明”) above the header and an example or hint row (“案例（请删除）”, “若长期有效输入9999-09-09”)
 * below it. The header is the row among the first rows whose cells best match the kind's column
 * vocabulary; hint rows right below it are skipped.
 */
import { columnLetter } from './columns.ts';
import { normalizeHeaderLabel, stripBracketNote } from './header-label.ts';
import { cleanText, isBlank } from './normalize/text.ts';
import { headerSignature } from './signature.ts';
import type { Cell, ColumnMapping, HeaderDetection, ImportKind, SheetRows, SkippedRow } from './types.ts';
import { vocabularyOf } from './vocabulary.ts';

/** How many rows from the top may precede the header. */
export const HEADER_SCAN_ROWS = 30;
/** How many hint/example rows below the header may be skipped. */
const HINT_SCAN_ROWS = 5;
/** Labels longer than this are sentences (instructions), never column names. */
const MAX_LABEL = 40;
/** Below this a partial match is ignored. */
const MIN_SCORE = 0.6;

export interface FieldMatch {
  field: string;
  score: number;
}

const normSynonymCache = new Map<ImportKind, { field: string; syns: string[] }[]>();

function normalisedVocabulary(kind: ImportKind): { field: string; syns: string[] }[] {
  let v = normSynonymCache.get(kind);
  if (!v) {
    v = vocabularyOf(kind).fields.map((f) => ({
      field: f.field,
      syns: [...new Set([f.label, ...f.synonyms].map(normalizeHeaderLabel))],
    }));
    normSynonymCache.set(kind, v);
  }
  return v;
}

/**
 * The fields a header text may mean, best first. 1 = exact synonym; 0.95 = exact once a bracketed note
 * is removed (“注册资本(万元)”); lower = the label contains a synonym (“行政处罚决定书文号”).
 */
export function matchHeader(kind: ImportKind, header: string): FieldMatch[] {
  if (header.length > MAX_LABEL * 4) return []; // a paragraph: skip before normalising it
  const n = normalizeHeaderLabel(header);
  if (n === '' || n.length > MAX_LABEL) return [];
  const bare = stripBracketNote(n);
  const out: FieldMatch[] = [];
  for (const { field, syns } of normalisedVocabulary(kind)) {
    let best = 0;
    for (const s of syns) {
      let score = 0;
      if (n === s) score = 1;
      else if (bare === s || bare === stripBracketNote(s)) score = 0.95;
      else if (s.length >= 2 && n.length <= 20 && bare.includes(s))
        score = 0.5 + 0.4 * (s.length / bare.length);
      if (score > best) best = score;
    }
    if (best >= MIN_SCORE) out.push({ field, score: best });
  }
  return out.sort((a, b) => b.score - a.score);
}

/**
 * One field per column and one column per field: the best-scoring pairs first; among equal scores the
 * column with fewer candidate fields first (so “统一社会信用代码” takes `id` before “注册号”, which can
 * then fall back to `regNo`), then the leftmost column, then the field listed first in the vocabulary.
 */
export function mapColumns(kind: ImportKind, headerCells: readonly Cell[]): ColumnMapping[] {
  const fieldOrder = new Map(vocabularyOf(kind).fields.map((f, i) => [f.field, i]));
  const cols: ColumnMapping[] = headerCells.map((c, index) => ({
    index,
    letter: columnLetter(index),
    header: cleanText(c),
    field: null,
    score: 0,
  }));
  const pairs: { col: number; field: string; score: number; n: number }[] = [];
  for (const col of cols) {
    const matches = matchHeader(kind, col.header);
    for (const m of matches)
      pairs.push({ col: col.index, field: m.field, score: m.score, n: matches.length });
  }
  pairs.sort(
    (a, b) =>
      b.score - a.score ||
      a.n - b.n ||
      a.col - b.col ||
      (fieldOrder.get(a.field) ?? 0) - (fieldOrder.get(b.field) ?? 0),
  );
  const taken = new Set<string>();
  for (const p of pairs) {
    const col = cols[p.col]!;
    if (col.field !== null || taken.has(p.field)) continue;
    col.field = p.field;
    col.score = p.score;
    taken.add(p.field);
  }
  return cols;
}

function requiredFields(kind: ImportKind): string[] {
  return vocabularyOf(kind)
    .fields.filter((f) => f.required)
    .map((f) => f.field);
}

function labelOf(kind: ImportKind, field: string): string {
  return vocabularyOf(kind).fields.find((f) => f.field === field)?.label ?? field;
}

/** Required fields (and any-of groups) that no column maps to, as Chinese labels. */
export function missingRequiredFields(kind: ImportKind, columns: readonly ColumnMapping[]): string[] {
  const mapped = new Set(columns.map((c) => c.field).filter((f): f is string => f !== null));
  const missing = requiredFields(kind)
    .filter((f) => !mapped.has(f))
    .map((f) => labelOf(kind, f));
  for (const group of vocabularyOf(kind).requiredAnyOf ?? []) {
    if (!group.some((f) => mapped.has(f))) missing.push(group.map((f) => labelOf(kind, f)).join('或'));
  }
  return missing;
}

function rowScore(kind: ImportKind, columns: readonly ColumnMapping[]): number {
  const required = new Set(requiredFields(kind));
  let s = 0;
  for (const c of columns) if (c.field) s += c.score + (required.has(c.field) ? 1 : 0);
  return s;
}

/** Phrases that only instructions contain, wherever they appear in a cell. */
const HINT =
  /(例如|例[:：]|如[:：]|填写说明|填报说明|请删除|请填写|请输入|请选择|若.{0,16}(输入|填写)|单选|复选|多选|必填|选填|格式[:：]|下拉选择|年月日|示例数据|示例行)/;
/**
 * “示例”, “案例（请删除）”, “样例：” as a marker: the word alone or followed by punctuation, so that a real
 * name that merely starts with it (“示例电子有限公司”) is not mistaken for an example row.
 */
const MARKER = /^\s*(示例|样例|案例|举例|范例|例)\s*([:：（(【[]|$)/;
const INSTRUCTION = /(注意|说明|填写|请|提示|备注[:：])/;

function nonBlank(row: readonly Cell[] | undefined): Cell[] {
  return (row ?? []).filter((c) => !isBlank(c));
}

/** True for an example or hint row under the header (“案例（请删除）”, “若长期有效输入9999-09-09”). */
export function isHintRow(row: readonly Cell[]): boolean {
  return nonBlank(row).some((c) => typeof c === 'string' && (HINT.test(c) || MARKER.test(c)));
}

function describeAbove(row: readonly Cell[], index: number): SkippedRow | null {
  const cells = nonBlank(row);
  if (cells.length === 0) return null;
  const text = cells.map((c) => cleanText(c)).join(' ');
  const short = text.length > 30 ? `${text.slice(0, 30)}…` : text;
  if (INSTRUCTION.test(text)) {
    return { row: index, reason: 'instruction', message: `第 ${index + 1} 行是填写说明，已跳过：${short}` };
  }
  return { row: index, reason: 'title', message: `第 ${index + 1} 行是表格标题，已跳过：${short}` };
}

export interface DetectOptions {
  /** Force the header row (0-based), e.g. when the user picked it in the preview. */
  headerRow?: number;
  /** Rows scanned from the top (default HEADER_SCAN_ROWS). */
  scanRows?: number;
}

/** Find the header row, map its columns and find where the data starts. Never throws. */
export function detectHeader(rows: SheetRows, kind: ImportKind, opts: DetectOptions = {}): HeaderDetection {
  const scan = Math.min(rows.length, opts.scanRows ?? HEADER_SCAN_ROWS);
  let best = -1;
  let bestScore = 0;
  let bestCols: ColumnMapping[] = [];
  const candidates =
    opts.headerRow !== undefined ? [opts.headerRow] : Array.from({ length: scan }, (_, i) => i);
  for (const r of candidates) {
    const row = rows[r];
    if (!row || nonBlank(row).length === 0) continue;
    const cols = mapColumns(kind, row);
    const mapped = cols.filter((c) => c.field !== null).length;
    const score = rowScore(kind, cols);
    const enough = mapped >= 2 || (mapped >= 1 && missingRequiredFields(kind, cols).length === 0);
    if ((enough || opts.headerRow !== undefined) && score > bestScore) {
      best = r;
      bestScore = score;
      bestCols = cols;
    }
  }
  if (best < 0) {
    const examples = vocabularyOf(kind)
      .fields.slice(0, 3)
      .map((f) => `「${f.label}」`)
      .join('');
    return {
      found: false,
      headerRow: -1,
      dataStart: 0,
      columns: [],
      missingRequired: missingRequiredFields(kind, []),
      confidence: 0,
      skipped: [],
      signature: '',
      message: noHeaderMessage(rows, scan, examples),
    };
  }
  return finish(rows, kind, best, bestCols);
}

/** Says what is wrong: an empty sheet, a sheet starting with many blank rows, or no row naming the columns. */
function noHeaderMessage(rows: SheetRows, scan: number, examples: string): string {
  const blankUpTo = (n: number) => rows.slice(0, n).every((row) => !row || nonBlank(row).length === 0);
  if (blankUpTo(rows.length)) {
    return '未找到表头：工作表是空的，没有任何内容。请确认选择了正确的工作表，或先在文件中填入数据后再导入。';
  }
  if (blankUpTo(scan)) {
    return `未找到表头：工作表的前 ${scan} 行都是空行。请删除表格上方的空行，或在预览中手动指定表头行。`;
  }
  return `未找到表头：前 ${scan} 行中没有一行包含${examples}等列名。请确认选择了正确的导入类型和工作表，或在预览中手动指定表头行。`;
}

function finish(
  rows: SheetRows,
  kind: ImportKind,
  headerRow: number,
  columns: ColumnMapping[],
): HeaderDetection {
  const skipped: SkippedRow[] = [];
  for (let r = 0; r < headerRow; r++) {
    const s = describeAbove(rows[r] ?? [], r);
    if (s) skipped.push(s);
  }
  let dataStart = headerRow + 1;
  for (let k = 0; k < HINT_SCAN_ROWS && dataStart < rows.length; k++) {
    const row = rows[dataStart] ?? [];
    if (nonBlank(row).length === 0) {
      dataStart++;
      continue;
    }
    if (!isHintRow(row)) break;
    const text = nonBlank(row)
      .map((c) => cleanText(c))
      .join(' ');
    skipped.push({
      row: dataStart,
      reason: 'example',
      message: `第 ${dataStart + 1} 行是示例或填写提示，已跳过：${text.length > 30 ? `${text.slice(0, 30)}…` : text}`,
    });
    dataStart++;
  }
  return withMapping(kind, {
    found: true,
    headerRow,
    dataStart,
    columns,
    missingRequired: [],
    confidence: 0,
    skipped,
    signature: headerSignature(columns.map((c) => c.header)),
  });
}

/** Recompute missingRequired, confidence and the message after columns changed. */
function withMapping(kind: ImportKind, d: HeaderDetection): HeaderDetection {
  const missingRequired = missingRequiredFields(kind, d.columns);
  const required = requiredFields(kind);
  const byField = new Map(d.columns.filter((c) => c.field).map((c) => [c.field!, c]));
  let confidence: number;
  if (required.length === 0) confidence = Math.min(1, byField.size / 2);
  else {
    let sum = 0;
    for (const f of required) {
      const c = byField.get(f);
      if (c) sum += c.byUser ? 1 : c.score;
    }
    confidence = sum / required.length;
  }
  if (missingRequired.length > 0) confidence = Math.min(confidence, 0.5);
  const message =
    missingRequired.length > 0
      ? `第 ${d.headerRow + 1} 行是表头，但缺少必填列：${missingRequired.join('、')}。请在预览中为这些列指定对应的表头。`
      : undefined;
  const out: HeaderDetection = { ...d, missingRequired, confidence: Math.round(confidence * 100) / 100 };
  if (message) out.message = message;
  else delete out.message;
  return out;
}

/**
 * Apply a mapping a person chose (or one remembered for this header signature): `fields[i]` is the
 * field of column i, null to ignore it, undefined to keep the detected one. A field given to two
 * columns keeps only the first.
 */
export function applyMapping(
  kind: ImportKind,
  detection: HeaderDetection,
  fields: readonly (string | null | undefined)[],
): HeaderDetection {
  const known = new Set(vocabularyOf(kind).fields.map((f) => f.field));
  const seen = new Set<string>();
  const columns = detection.columns.map((c) => {
    const choice = fields[c.index];
    if (choice === undefined) return c;
    const field = choice !== null && known.has(choice) && !seen.has(choice) ? choice : null;
    if (field) seen.add(field);
    return { ...c, field, score: 0, byUser: true };
  });
  // A detected column keeps its field only if the user did not give that field to another column.
  for (const c of columns) {
    if (!c.byUser && c.field !== null) {
      if (seen.has(c.field)) c.field = null;
      else seen.add(c.field);
    }
  }
  return withMapping(kind, { ...detection, columns });
}

/** The mapping to remember for this header: one field (or null) per column, in column order. */
export function mappingToRemember(detection: HeaderDetection): (string | null)[] {
  return detection.columns.map((c) => c.field);
}

/** True for a data row that repeats the header (sheets pasted one under another). */
export function isRepeatedHeader(row: readonly Cell[], detection: HeaderDetection): boolean {
  let mapped = 0;
  for (const c of detection.columns) {
    if (!c.field) continue;
    mapped++;
    // Every mapped cell must repeat its label: the first that does not settles it (most rows, first cell).
    if (cleanText(row[c.index] ?? null) !== c.header) return false;
  }
  return mapped > 0;
}

export interface SheetChoice {
  index: number;
  detection: HeaderDetection;
}

/**
 * The sheet whose header matches the kind best (visible before hidden, then the first on ties); null
 * when none has a header.
 */
export function chooseSheet(
  sheets: readonly { rows: SheetRows; hidden?: boolean }[],
  kind: ImportKind,
): SheetChoice | null {
  let best: SheetChoice | null = null;
  let bestKey = -1;
  sheets.forEach((s, index) => {
    const detection = detectHeader(s.rows, kind);
    if (!detection.found) return;
    const key =
      detection.confidence * 100 + detection.columns.filter((c) => c.field).length - (s.hidden ? 1000 : 0);
    if (key > bestKey) {
      best = { index, detection };
      bestKey = key;
    }
  });
  return best;
}
