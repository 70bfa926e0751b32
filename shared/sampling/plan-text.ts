/**
 * A plan document as JSON text, for storing. The candidate lists are most of it (about 21 MB for a
 * million candidates) and their JSON was already made for the commitment, so it is reused instead of
 * being serialised a second time; the rest goes through JSON.stringify. `candidates` comes last; the
 * text parses to the same document as JSON.stringify(doc) would.
 */
import { stratumIdsJson } from './commitment.ts';
import type { PlanDocument } from './plan-file.ts';
import type { PreparedDraw } from './prepare.ts';

export function planDocumentText(doc: PlanDocument, prepared: PreparedDraw): string {
  const { candidates, ...rest } = doc;
  const head = JSON.stringify(rest);
  if (candidates === null) return `${head.slice(0, -1)},"candidates":null}`;
  const lists = candidates.map((c, i) => {
    const stratum = prepared.strata[i];
    // Only a list that is the prepared stratum's own array has its text made already.
    const ids = stratum?.ids === c.ids ? stratumIdsJson(stratum) : JSON.stringify(c.ids);
    return `{"kind":${JSON.stringify(c.kind)},"class":${JSON.stringify(c.class)},"ids":${ids}}`;
  });
  return `${head.slice(0, -1)},"candidates":[${lists.join(',')}]}`;
}
