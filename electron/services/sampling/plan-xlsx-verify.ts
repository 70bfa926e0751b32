/**
 * `sample verify` of a plan workbook (docs/sampling-draw.md §8). Two checks:
 *  1. the draw: re-run from the task, inspectors and seed of 核验数据 on the candidates (given, or those of
 *     候选名单), compared with the digest and with what the visible sheet shows (verifyPlan);
 *  2. every cell: the visible sheets are rendered again from the recomputed plan and the names recorded in
 *     核验数据 (plan-xlsx-layout.ts) and compared cell by cell, so a changed name, entity, team, count, seed
 *     or digest is a difference naming its cell. The only cells skipped are those marked informative.
 * 核验数据 and 候选名单 are the inputs: a changed candidate changes the digest; an edit of 核验数据 changes
 * the recomputed plan, which then disagrees with the visible cells.
 */
import * as XLSX from 'xlsx';
import {
  type DrawOptions,
  type PlanDocument,
  type PlanVerification,
  type SamplingCandidate,
  verifyPlan,
} from '../../../shared/sampling/index.ts';
import {
  CANDIDATE_HEADER,
  CANDIDATE_SHEET,
  type Cell,
  DATA_HEADER,
  DATA_SHEET,
  INFORMATIVE_PREFIX,
  PEOPLE_SHEET,
  PLAN_SHEET,
  peopleSheetLayout,
  planSheetLayout,
  type SheetLayout,
} from './plan-xlsx-layout.ts';
import { readPlanWorkbook, text } from './plan-xlsx.ts';

/** One cell that is not what the verified inputs give. */
export interface CellDifference {
  sheet: string;
  /** A1-style address, e.g. F23. */
  cell: string;
  /** What the cell is (its row label or column header), in Chinese. */
  what: string;
  found: string;
  expected: string;
}

export interface PlanWorkbookVerification extends PlanVerification {
  plan: PlanDocument;
  cells: CellDifference[];
}

/** Cell differences listed in words at most; the count of the rest is given. */
const MAX_LISTED = 40;

const asText = (v: Cell | undefined) => (v === null || v === undefined ? '' : String(v));

function compareSheet(
  ws: XLSX.WorkSheet | undefined,
  sheet: string,
  layout: SheetLayout,
  out: CellDifference[],
): void {
  if (!ws) {
    out.push({ sheet, cell: '', what: '工作表', found: '（缺少）', expected: sheet });
    return;
  }
  const range = ws['!ref'] ? XLSX.utils.decode_range(ws['!ref']) : { e: { r: -1, c: -1 } };
  const rows = Math.max(range.e.r + 1, layout.rows.length);
  const cols = Math.max(range.e.c + 1, ...layout.rows.map((r) => r.length));
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const found = text(ws, r, c);
      const expected = asText(layout.rows[r]?.[c]);
      if (found === expected) continue;
      if (expected.startsWith(INFORMATIVE_PREFIX) && found.startsWith(INFORMATIVE_PREFIX)) continue;
      out.push({
        sheet,
        cell: XLSX.utils.encode_cell({ r, c }),
        what: layout.describe(r, c),
        found,
        expected,
      });
    }
  }
}

/** Input sheets: their headers are fixed and nothing stands outside their columns. */
function compareInputSheet(
  ws: XLSX.WorkSheet,
  sheet: string,
  header: readonly string[],
  out: CellDifference[],
): void {
  header.forEach((h, c) => {
    const found = text(ws, 0, c);
    if (found !== h)
      out.push({ sheet, cell: XLSX.utils.encode_cell({ r: 0, c }), what: '表头', found, expected: h });
  });
  for (const ref of Object.keys(ws)) {
    if (ref.startsWith('!')) continue;
    const { r, c } = XLSX.utils.decode_cell(ref);
    if (c >= header.length && text(ws, r, c) !== '')
      out.push({ sheet, cell: ref, what: '表外单元格', found: text(ws, r, c), expected: '' });
  }
}

export function describeCell(d: CellDifference): string {
  const shown = (s: string) => (s === '' ? '（空）' : `“${s}”`);
  return `${d.sheet} ${d.cell}（${d.what}）：文件中为${shown(d.found)}，按核验数据重算应为${shown(d.expected)}`;
}

/** Verifies a plan workbook; throws a Chinese Error when it is not one or there are no candidates. */
export function verifyPlanWorkbook(
  bytes: Uint8Array,
  candidates?: readonly SamplingCandidate[],
  options: DrawOptions = {},
): PlanWorkbookVerification {
  const wb = XLSX.read(bytes, { type: 'buffer', dense: false });
  const { plan: shown, recorded } = readPlanWorkbook(wb);
  // The seed and digest 核验数据 recorded are the reference (older files: the visible ones).
  const reference: PlanDocument = {
    ...shown,
    seed: recorded.seed ?? shown.seed,
    digest: recorded.digest ?? shown.digest,
  };
  const v = verifyPlan(reference, candidates, options);
  const expected: PlanDocument = {
    ...reference,
    strata: v.recomputed.strata,
    selected: v.recomputed.selected,
    teams: v.recomputed.teams,
    unstaffed: v.recomputed.unstaffed,
  };
  const cells: CellDifference[] = [];
  compareSheet(wb.Sheets[PLAN_SHEET], PLAN_SHEET, planSheetLayout(expected), cells);
  if (wb.Sheets[PEOPLE_SHEET] || recorded.entityNames) {
    const layout = peopleSheetLayout(expected, { entityNames: recorded.entityNames ?? {}, status: '' });
    compareSheet(wb.Sheets[PEOPLE_SHEET], PEOPLE_SHEET, layout, cells);
  }
  const data = wb.Sheets[DATA_SHEET]!;
  compareInputSheet(data, DATA_SHEET, [DATA_HEADER], cells);
  for (const name of wb.SheetNames.filter((s) => s === CANDIDATE_SHEET || /^候选名单\d+$/.test(s)))
    compareInputSheet(wb.Sheets[name]!, name, CANDIDATE_HEADER, cells);

  const differences = [...v.differences, ...cells.slice(0, MAX_LISTED).map(describeCell)];
  if (cells.length > MAX_LISTED) differences.push(`另有 ${cells.length - MAX_LISTED} 个单元格与重算结果不同`);
  return { ...v, match: differences.length === 0, differences, cells, plan: reference };
}
