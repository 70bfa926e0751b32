/**
 * The printed plan's pages. A first layout uses the heights estimated from the text (plan-pages.ts);
 * once the sheets are on screen, the rows, header, summary and closing note are measured (their
 * widths are fixed in millimetres, so screen and print agree) and the plan is cut again with the
 * real heights — full pages, none overflowing. The second layout measures the same, so it stops.
 */
import { type RefObject, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { PlanEntry } from '../../../../shared/api/contracts/sampling.ts';
import { PLAN_PRINT, paginate, rowHeightMm, summaryMm } from '../../../../shared/sampling/plan-pages.ts';

const PX_PER_MM = 96 / 25.4;
/** Kept free on a page once heights are measured (rounding, and the table's outer border). */
const MEASURED_SLACK_MM = 3;

interface Measured {
  headerMm: number;
  tableHeadMm: number;
  summaryMm: number;
  closingMm: number;
  rows: Map<number, number>;
}

const printRow = (e: PlanEntry) => ({
  name: e.name,
  address: e.address,
  phone: e.phone,
  team: e.team.map((m) => m.name),
});

function heightMm(el: Element | null | undefined): number {
  return el ? el.getBoundingClientRect().height / PX_PER_MM : 0;
}

function measure(root: HTMLElement): Measured {
  const rows = new Map<number, number>();
  for (const tr of root.querySelectorAll<HTMLTableRowElement>('tr[data-entity]'))
    rows.set(Number(tr.dataset.entity), heightMm(tr));
  const closing = root.querySelector('.closing');
  return {
    headerMm: heightMm(root.querySelector('.cd-print-page header')),
    tableHeadMm: heightMm(root.querySelector('.cd-print-page thead')),
    summaryMm: heightMm(root.querySelector('.summary')),
    // The note's top margin counts too.
    closingMm: closing
      ? heightMm(closing) + Number.parseFloat(getComputedStyle(closing).marginTop) / PX_PER_MM
      : 0,
    rows,
  };
}

function same(a: Measured, b: Measured): boolean {
  const close = (x: number, y: number) => Math.abs(x - y) < 0.05;
  if (!close(a.headerMm, b.headerMm) || !close(a.tableHeadMm, b.tableHeadMm)) return false;
  if (!close(a.summaryMm, b.summaryMm) || !close(a.closingMm, b.closingMm)) return false;
  if (a.rows.size !== b.rows.size) return false;
  for (const [id, h] of a.rows) if (!close(h, b.rows.get(id) ?? -1)) return false;
  return true;
}

export function usePlanPages(
  entries: readonly PlanEntry[],
  summary: readonly string[],
): { pages: PlanEntry[][]; rootRef: RefObject<HTMLDivElement | null> } {
  const rootRef = useRef<HTMLDivElement>(null);
  const [measured, setMeasured] = useState<Measured | null>(null);
  const pages = useMemo(() => {
    const layout = measured
      ? { ...PLAN_PRINT, ...measured, slackMm: MEASURED_SLACK_MM }
      : { ...PLAN_PRINT, summaryMm: summaryMm(summary) };
    const height = (e: PlanEntry) => measured?.rows.get(e.entityId) ?? rowHeightMm(printRow(e));
    return paginate(entries, height, layout);
  }, [entries, summary, measured]);

  useLayoutEffect(() => {
    const root = rootRef.current;
    if (!root || pages.length === 0) return;
    const m = measure(root);
    if (!measured || !same(m, measured)) setMeasured(m);
  }, [pages, measured]);

  return { pages, rootRef };
}
