/** Shapes a run for the wizard's preview: the mapping, the counts, every problem, and sample rows. */
import type { ImportPreview } from '../../../../shared/api/contracts/exchange.ts';
import { cellText, type ImportKind, vocabularyOf } from '../../../../shared/exchange/index.ts';
import type { Prepared } from './prepare.ts';
import type { ImportRun } from './run-import.ts';

/** Rows with problems shown at most (the error report has them all); issues likewise. */
const MAX_PROBLEM_ROWS = 2000;
const MAX_ISSUES = 5000;
const OK_SAMPLE = 50;
const MAX_CELLS = 40;
/** A cell longer than any field may hold is shown cut, with its length (the row's error says why). */
const MAX_CELL_CHARS = 300;

function cutLong(text: string): string {
  return text.length <= MAX_CELL_CHARS
    ? text
    : `${text.slice(0, MAX_CELL_CHARS)}…（共 ${text.length.toLocaleString('en-US')} 字）`;
}

export function buildPreview(kind: ImportKind, prep: Prepared, run: ImportRun | null): ImportPreview {
  const det = prep.detection;
  const sheet = prep.read.sheets[prep.sheetIndex]!;
  const cells = (index: number) =>
    (sheet.rows[index] ?? []).slice(0, MAX_CELLS).map((c) => cutLong(cellText(c ?? null)));
  const problems = (run?.rows ?? []).filter((r) => r.status !== 'ok');
  const fine = (run?.rows ?? []).filter((r) => r.status === 'ok').slice(0, OK_SAMPLE);
  const shown = [...problems.slice(0, MAX_PROBLEM_ROWS), ...fine].sort((a, b) => a.index - b.index);
  const issues = problems.flatMap((r) => r.issues);
  return {
    fileName: prep.fileName,
    sheets: prep.read.sheets.map((s) => s.name),
    sheet: sheet.name,
    headerFound: det.found,
    headerRow: det.found ? det.headerRow + 1 : 0,
    headerMessage: det.message ?? (prep.read.warnings.length > 0 ? prep.read.warnings.join('；') : null),
    skipped: det.skipped.map((s) => ({ row: s.row + 1, message: s.message })),
    columns: det.columns.map((c) => ({ index: c.index, letter: c.letter, header: c.header, field: c.field })),
    fields: vocabularyOf(kind).fields.map((f) => ({
      field: f.field,
      label: f.label,
      required: f.required === true,
      hint: f.hint ?? null,
    })),
    missingRequired: det.missingRequired,
    counts: run?.counts ?? { rows: 0, inserted: 0, updated: 0, unchanged: 0, warnings: 0, errors: 0 },
    issues: issues.slice(0, MAX_ISSUES),
    rows: shown.map((r) => ({
      row: r.index + 1,
      status: r.status,
      outcome: r.outcome,
      cells: cells(r.index),
    })),
    truncated: problems.length > MAX_PROBLEM_ROWS || issues.length > MAX_ISSUES,
  };
}
