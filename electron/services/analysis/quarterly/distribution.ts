/** The report's class-distribution tables, each group with its previous-quarter counts and movement. */
import type {
  AnalysisGrouping,
  QuarterlyGroup,
  QuarterlyReport,
} from '../../../../shared/api/contracts/analysis.ts';
import { foldGroups, groupKey, groupLabel } from '../groups.ts';
import { type GradeCell, gradeCells, moveCells } from '../repository/graded.ts';
import type { DataDoor } from '../../../db/sql.ts';

const GROUPINGS = [
  'township',
  'jurisdiction',
  'kind',
  'section',
] as const satisfies readonly AnalysisGrouping[];

export function quarterlyDistribution(
  db: DataDoor,
  runId: number | null,
  previousRunId: number | null,
  classes: readonly string[],
): QuarterlyReport['distribution'] {
  const current: GradeCell[] = runId === null ? [] : gradeCells(db, runId);
  const previous: GradeCell[] = previousRunId === null ? [] : gradeCells(db, previousRunId);
  const moves =
    runId === null || previousRunId === null || runId === previousRunId
      ? []
      : moveCells(db, previousRunId, runId);
  const rank = (g: string) => (classes.includes(g) ? classes.indexOf(g) : classes.length);
  const out = {} as QuarterlyReport['distribution'];
  for (const by of GROUPINGS) {
    const now = foldGroups(current, by, classes);
    const before = foldGroups(previous, by, classes);
    const zero = () => Object.fromEntries(classes.map((c) => [c, 0])) as Record<string, number>;
    const rows = new Map<string, QuarterlyGroup>();
    const totals: QuarterlyGroup = {
      ...now.totals,
      previousCounts: before.totals.counts,
      previousTotal: before.totals.total,
      movedUp: 0,
      movedDown: 0,
    };
    for (const g of now.rows)
      rows.set(g.group, { ...g, previousCounts: zero(), previousTotal: 0, movedUp: 0, movedDown: 0 });
    // A group that had entities last quarter and has none now still shows, with zeros now.
    for (const g of before.rows) {
      const row =
        rows.get(g.group) ??
        ({
          group: g.group,
          groupLabel: groupLabel(g.group, by),
          counts: zero(),
          total: 0,
          previousCounts: zero(),
          previousTotal: 0,
          movedUp: 0,
          movedDown: 0,
        } satisfies QuarterlyGroup);
      row.previousCounts = g.counts;
      row.previousTotal = g.total;
      rows.set(g.group, row);
    }
    for (const m of moves) {
      const row = rows.get(groupKey(m, by));
      const up = rank(m.toGrade) < rank(m.fromGrade);
      if (row) row[up ? 'movedUp' : 'movedDown'] += m.n;
      totals[up ? 'movedUp' : 'movedDown'] += m.n;
    }
    out[by] = {
      rows: [...rows.values()].sort(
        (a, b) =>
          Number(a.group === '') - Number(b.group === '') ||
          b.total - a.total ||
          b.previousTotal - a.previousTotal,
      ),
      totals,
    };
  }
  return out;
}
