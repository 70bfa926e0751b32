/**
 * The 手工排除 box checked against the database: format problems from the shared parser, then each
 * remaining code looked up with the entity search (an exact code match), so a mistyped code is listed
 * with its reason instead of silently excluding nobody.
 */
import type { KnownEntity } from '../../../../../shared/sampling/reference/entity-code-check.ts';
import {
  type ExclusionParse,
  parseExclusionLines,
  rejectUnknownExclusions,
} from '../../../../../shared/sampling/reference/exclusion-lines.ts';
import { api } from '../../../api.ts';

export interface CheckedExclusions extends ExclusionParse {
  /** The entities found, by normalised code (for showing their names). */
  known: Map<string, KnownEntity>;
}

export async function checkExclusions(box: string): Promise<CheckedExclusions> {
  const parsed = parseExclusionLines(box);
  const known = new Map<string, KnownEntity>();
  await Promise.all(
    parsed.taken.map(async (t) => {
      const r = await api.call('entities.search', { query: t.entity, limit: 5 });
      const hit = r.rows.find((e) => e.uscc === t.entity || e.regNo === t.entity);
      if (hit) known.set(t.entity, { code: t.entity, name: hit.name });
    }),
  );
  return { ...rejectUnknownExclusions(parsed, known), known };
}
