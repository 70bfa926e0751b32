/**
 * Folding the run's cross-tabulated cells into one grouping (township, 管辖单位, GB/T 4754 section,
 * kind): the group value the entity list filters on, its Chinese label, and class counts.
 */
import type { AnalysisGrouping, DistributionGroup } from '../../../shared/api/contracts/analysis.ts';
import { ENTITY_KIND_LABELS, type EntityKind } from '../../../shared/domain/entity.ts';
import { sectionLabel, sectionOf } from '../../../shared/domain/industry-sections.ts';

export interface EntityAttributes {
  township: string;
  jurisdiction: string;
  industryCode: string;
  kind: EntityKind;
}

export function groupKey(cell: EntityAttributes, by: AnalysisGrouping): string {
  switch (by) {
    case 'township':
      return cell.township;
    case 'jurisdiction':
      return cell.jurisdiction;
    case 'section':
      return sectionOf(cell.industryCode);
    case 'kind':
      return cell.kind;
  }
}

export function groupLabel(group: string, by: AnalysisGrouping): string {
  switch (by) {
    case 'township':
      return group === '' ? '未登记乡镇' : group;
    case 'jurisdiction':
      return group === '' ? '未登记管辖单位' : group;
    case 'section':
      return sectionLabel(group);
    case 'kind':
      return ENTITY_KIND_LABELS[group as EntityKind] ?? group;
  }
}

/** Class counts per group; groups sorted largest first, the unrecorded group ('') last. */
export function foldGroups(
  cells: readonly (EntityAttributes & { grade: string; n: number })[],
  by: AnalysisGrouping,
  classes: readonly string[],
): { rows: DistributionGroup[]; totals: DistributionGroup } {
  return foldKeyed(
    cells.map((c) => ({ key: groupKey(c, by), grade: c.grade, n: c.n })),
    by,
    classes,
  );
}

/**
 * The same from cells already keyed by one attribute (`gradeCountsBy`); for sections the key is the
 * industry code, placed in its section here.
 */
export function foldKeyed(
  cells: readonly { key: string; grade: string; n: number }[],
  by: AnalysisGrouping,
  classes: readonly string[],
): { rows: DistributionGroup[]; totals: DistributionGroup } {
  const zero = () => Object.fromEntries(classes.map((c) => [c, 0])) as Record<string, number>;
  const groups = new Map<string, DistributionGroup>();
  const totals: DistributionGroup = { group: '', groupLabel: '合计', counts: zero(), total: 0 };
  for (const c of cells) {
    const key = by === 'section' ? sectionOf(c.key) : c.key;
    let g = groups.get(key);
    if (!g) {
      g = { group: key, groupLabel: groupLabel(key, by), counts: zero(), total: 0 };
      groups.set(key, g);
    }
    g.counts[c.grade] = (g.counts[c.grade] ?? 0) + c.n;
    g.total += c.n;
    totals.counts[c.grade] = (totals.counts[c.grade] ?? 0) + c.n;
    totals.total += c.n;
  }
  const rows = [...groups.values()].sort(
    (a, b) =>
      Number(a.group === '') - Number(b.group === '') ||
      b.total - a.total ||
      a.group.localeCompare(b.group, 'zh-CN'),
  );
  return { rows, totals };
}
