/**
 * Where a click on a chart leads: the entity list filtered to exactly the entities the bar counts
 * (the group, and the classes of the run). Pure; the page navigates.
 */
import type { AnalysisGrouping } from '../../../../shared/api/contracts/analysis.ts';
import { ENTITY_KINDS, type EntityKind } from '../../../../shared/domain/entity.ts';
import { type EntityFilters, NO_ENTITY_FILTERS } from '../../router.ts';

const isKind = (v: string): v is EntityKind => (ENTITY_KINDS as readonly string[]).includes(v);

/**
 * The list of one group's entities of `classes` in run `runId`; null for the group of entities with
 * the field not recorded (`''`), which the list has no filter for.
 */
export function groupLink(
  by: AnalysisGrouping,
  group: string,
  runId: number,
  classes: readonly string[],
): EntityFilters | null {
  if (group === '' || classes.length === 0) return null;
  const run = { runId, classes: [...classes] };
  switch (by) {
    case 'township':
      return { ...NO_ENTITY_FILTERS, township: group, run };
    case 'jurisdiction':
      return { ...NO_ENTITY_FILTERS, jurisdiction: group, run };
    case 'section':
      return /^[A-T]$/.test(group) ? { ...NO_ENTITY_FILTERS, section: group, run } : null;
    case 'kind':
      return isKind(group) ? { ...NO_ENTITY_FILTERS, kind: group, run } : null;
  }
}

/** Every entity of `classes` in run `runId` (a class's bar of the coverage charts, a trend point). */
export function classLink(runId: number, classes: readonly string[]): EntityFilters {
  return { ...NO_ENTITY_FILTERS, run: { runId, classes: [...classes] } };
}
