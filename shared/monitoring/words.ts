/** Small pieces of the Chinese evidence sentences. */
import { ENTITY_KIND_LABELS, ENTITY_KINDS, type EntityKind } from '../domain/entity.ts';

/** “企业 8 户、个体工商户 4 户”, kinds in their usual order. */
export function kindCounts(kinds: readonly EntityKind[]): string {
  return ENTITY_KINDS.map((k) => [k, kinds.filter((x) => x === k).length] as const)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${ENTITY_KIND_LABELS[k]} ${n} 户`)
    .join('、');
}

/** A share as a percentage with at most one decimal: 0.4 → “40%”, 4/13 → “30.8%”. */
export function percent(share: number): string {
  return `${Number((share * 100).toFixed(1))}%`;
}

/** The day of a date or timestamp. */
export const dayOf = (at: string): string => at.slice(0, 10);
