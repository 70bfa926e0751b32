/**
 * Pages of the printed plan (issue 10 item 1). Chromium cannot number “第 N 页 共 M 页” itself, so
 * the plan is cut into A4 pages here and each page is laid out on its own, with the task, digest and
 * seed in its header and signature lines in its footer. The rows of a page fill a fixed-height band;
 * a row's height is estimated from its text and the widths its columns are printed at (below), with
 * a margin so that a page never overflows onto a sheet of its own.
 */

/** The geometry the printed plan uses (renderer/src/pages/sampling/PrintablePlan.tsx). */
export const PLAN_PRINT = {
  /** A4 portrait less the @page margins (12 mm each side). */
  pageWidthMm: 186,
  pageHeightMm: 271,
  headerMm: 38,
  tableHeadMm: 7,
  footerMm: 16,
  /** The first page also carries the plan summary (see summaryMm()); the last one the note on verification. */
  summaryMm: 30,
  closingMm: 14,
  /** Body text: 9 pt at line-height 1.35 → 4.29 mm a line; a row adds its padding and border. */
  lineMm: 4.29,
  rowPaddingMm: 2.2,
  /** Kept free on every page for the estimate's errors (wrapping at punctuation, Latin widths). */
  slackMm: 8,
  columnsMm: { position: 9, code: 34, entity: 64, phone: 22, team: 21, signature: 20, date: 16 },
  /** Text that fits a line of each wrapping column, in CJK character widths (9 pt ≈ 3.18 mm). */
  entityChars: 18,
  teamChars: 5,
  /** A full-width line of the first page's summary. */
  summaryChars: 54,
};

export interface PrintRow {
  name: string;
  address: string | null;
  phone: string | null;
  team: readonly string[];
}

/** Width in CJK character widths: ideographs and full-width forms 1, Latin letters and digits 0.6. */
export function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += (ch.codePointAt(0) ?? 0) >= 0x2e80 ? 1 : 0.6;
  return w;
}

export function linesFor(s: string, charsPerLine: number): number {
  return Math.max(1, Math.ceil(textWidth(s) / charsPerLine));
}

/** Lines the row needs: the name over the address in one column; one inspector a line in another. */
export function rowLines(r: PrintRow, layout = PLAN_PRINT): number {
  const entity =
    linesFor(r.name, layout.entityChars) + (r.address ? linesFor(r.address, layout.entityChars) : 0);
  const team = r.team.length
    ? r.team.reduce((n, name) => n + linesFor(name, layout.teamChars), 0)
    : linesFor('未配齐', layout.teamChars);
  return Math.max(entity, team, 2);
}

export function rowHeightMm(r: PrintRow, layout = PLAN_PRINT): number {
  return rowLines(r, layout) * layout.lineMm + layout.rowPaddingMm;
}

/** The height the rows of a page may fill. */
export function bandMm(first: boolean, last: boolean, layout = PLAN_PRINT): number {
  return (
    layout.pageHeightMm -
    layout.headerMm -
    layout.tableHeadMm -
    layout.footerMm -
    layout.slackMm -
    (first ? layout.summaryMm : 0) -
    (last ? layout.closingMm : 0)
  );
}

/**
 * Cuts rows into pages in order, each page as full as its band allows. The last page must also hold
 * the closing note; when it cannot, the rows that do not fit move on to one more page (which may then
 * hold the closing note alone). An empty plan still prints one page.
 */
export function paginate<T>(rows: readonly T[], heightOf: (row: T) => number, layout = PLAN_PRINT): T[][] {
  const pages: T[][] = [];
  let page: T[] = [];
  let used = 0;
  for (const row of rows) {
    const h = heightOf(row);
    if (page.length > 0 && used + h > bandMm(pages.length === 0, false, layout)) {
      pages.push(page);
      page = [];
      used = 0;
    }
    page.push(row);
    used += h;
  }
  // The closing note shares the last page only if it still fits there; otherwise the rows that
  // overflow it (all of them, for a single tall row) go on to one more page.
  const lastBand = bandMm(pages.length === 0, true, layout);
  if (used > lastBand) {
    let fit = 0;
    let h = 0;
    while (fit < page.length - 1 && h + heightOf(page[fit]!) <= lastBand) h += heightOf(page[fit++]!);
    pages.push(page.slice(0, Math.max(fit, 1)));
    page = page.slice(Math.max(fit, 1));
  }
  pages.push(page);
  return pages;
}

/** The height of the first page's summary: its lines (each wrapping at full width) and a gap. */
export function summaryMm(lines: readonly string[], layout = PLAN_PRINT): number {
  return lines.reduce((n, l) => n + linesFor(l, layout.summaryChars), 0) * layout.lineMm + 3;
}
