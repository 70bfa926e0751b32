/**
 * 抽查工作情况统计 (one row per task) and 综合抽查结果统计 (one row per 地区 or 管辖单位) of the quarter,
 * with the columns and formulas of the production tables (domain-facts §9.4).
 */
import type { InspectionOutcome, ResultRow, WorkRow } from '../../../../shared/api/contracts/analysis.ts';
import { shareOf } from '../../../../shared/analysis/figures.ts';
import { addOutcome, addPublished, emptyOutcome } from '../../../../shared/analysis/inspection-outcome.ts';
import { ENTITY_KIND_LABELS } from '../../../../shared/domain/entity.ts';
import { groupLabel } from '../groups.ts';
import { type EntryCell, entryCells, type QuarterTask, quarterTasks } from '../repository/inspections.ts';
import type { DataDoor } from '../../../db/sql.ts';

interface Period {
  from: string;
  cutOff: string;
}

interface Tally {
  due: number;
  toEnter: number;
  entering: number;
  published: number;
  outcome: InspectionOutcome;
}

const newTally = (): Tally => ({ due: 0, toEnter: 0, entering: 0, published: 0, outcome: emptyOutcome() });

function tallyCell(t: Tally, c: EntryCell): void {
  t.due += c.n;
  if (c.results === null) t.toEnter += c.n;
  else if (!c.published) t.entering += c.n;
  else {
    t.published += c.n;
    addPublished(t.outcome, JSON.parse(c.results) as string[], c.followUp, c.n);
  }
}

function withRate(o: InspectionOutcome, published: number): InspectionOutcome {
  return { ...o, concludedRate: shareOf(o.concluded, published) };
}

function workRow(line: number, task: QuarterTask | null, t: Tally, base: number, drawn: number): WorkRow {
  return {
    ...withRate(t.outcome, t.published),
    line,
    taskNumber: task?.number ?? '',
    content: task?.name ?? '合计',
    type: task === null ? '' : task.directed ? '定向抽查' : '不定向抽查',
    objects: task === null ? '' : task.kinds.map((k) => ENTITY_KIND_LABELS[k]).join('、'),
    base,
    ratioPercent: base > 0 ? Math.round((drawn / base) * 10000) / 100 : null,
    drawn,
    published: t.published,
    unpublished: drawn - t.published,
    completionRate: shareOf(t.published, drawn),
  };
}

function resultRow(line: number, region: string, department: string, t: Tally): ResultRow {
  return {
    ...withRate(t.outcome, t.published),
    line,
    region,
    department,
    due: t.due,
    toEnter: t.toEnter,
    entering: t.entering,
    published: t.published,
    completionRate: shareOf(t.published, t.due),
  };
}

function addTally(a: Tally, b: Tally): void {
  a.due += b.due;
  a.toEnter += b.toEnter;
  a.entering += b.entering;
  a.published += b.published;
  addOutcome(a.outcome, b.outcome);
}

export function quarterlyInspections(
  db: DataDoor,
  p: Period,
  names: { county: string; bureau: string },
): {
  tasks: QuarterTask[];
  inspectionWork: { rows: WorkRow[]; total: WorkRow };
  inspectionResults: { byTownship: ResultRow[]; byJurisdiction: ResultRow[]; total: ResultRow };
} {
  const tasks = quarterTasks(db, p);
  const cells = entryCells(db, p);
  const byTask = new Map<number, Tally>();
  const byTownship = new Map<string, Tally>();
  const byJurisdiction = new Map<string, Tally>();
  const all = newTally();
  const at = <K>(m: Map<K, Tally>, k: K) => {
    let t = m.get(k);
    if (!t) {
      t = newTally();
      m.set(k, t);
    }
    return t;
  };
  for (const c of cells) {
    tallyCell(at(byTask, c.taskId), c);
    tallyCell(at(byTownship, c.township), c);
    tallyCell(at(byJurisdiction, c.jurisdiction), c);
    tallyCell(all, c);
  }
  const workTotal = newTally();
  const rows = tasks.map((task, i) => {
    const t = byTask.get(task.id) ?? newTally();
    addTally(workTotal, t);
    return workRow(i + 1, task, t, task.base, task.drawn);
  });
  const base = tasks.reduce((n, t) => n + t.base, 0);
  const drawn = tasks.reduce((n, t) => n + t.drawn, 0);
  const ordered = (m: Map<string, Tally>) =>
    [...m.entries()].sort(
      ([a, x], [b, y]) => Number(a === '') - Number(b === '') || y.due - x.due || a.localeCompare(b, 'zh-CN'),
    );
  return {
    tasks,
    inspectionWork: { rows, total: workRow(rows.length + 1, null, workTotal, base, drawn) },
    inspectionResults: {
      byTownship: ordered(byTownship).map(([k, t], i) =>
        resultRow(i + 1, groupLabel(k, 'township'), names.bureau, t),
      ),
      byJurisdiction: ordered(byJurisdiction).map(([k, t], i) =>
        resultRow(i + 1, names.county, groupLabel(k, 'jurisdiction'), t),
      ),
      total: resultRow(0, '合计', '', all),
    },
  };
}
