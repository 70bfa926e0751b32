/**
 * A plan drawn before the draw's sort and pool read were rewritten (issue 18 item 4) must still verify:
 * fixtures/drawn-before.json is a plan written by the earlier code (main at f60e932) from 700 candidates
 * in input order — USCCs, 15-digit 注册号, codes with spaces, dashes, lower case and full-width digits that
 * the draw normalises, short codes, candidates not in business, exclusions and conflicts — with the raw
 * candidate list it was drawn from.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  commitmentText,
  drawPlanDetailed,
  parsePlanDocument,
  type SamplingCandidate,
  verifyPlan,
} from './index.ts';

const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/drawn-before.json', import.meta.url), 'utf8'),
) as {
  candidates: SamplingCandidate[];
  plan: unknown;
};
const plan = parsePlanDocument(fixture.plan);

describe('a plan drawn before issue 18', () => {
  it('verifies from its embedded candidates and from the raw list it was drawn from', () => {
    expect(verifyPlan(plan).differences).toEqual([]);
    expect(verifyPlan(plan, fixture.candidates).differences).toEqual([]);
    expect(verifyPlan(plan, fixture.candidates, { hash: () => createHash('sha256') }).match).toBe(true);
  });

  it('is drawn again identically, whatever the order of the candidates', () => {
    const reversed = [...fixture.candidates].reverse();
    const again = drawPlanDetailed(
      { task: plan.task, inspectors: plan.inspectors, candidates: reversed },
      plan.seed,
    );
    expect(again.digest).toBe(plan.digest);
    expect(again.selected).toEqual(plan.selected);
    expect(again.teams).toEqual(plan.teams);
    // The committed text hashes to the recorded digest (the bytes, not just the procedure, are unchanged).
    expect(createHash('sha256').update(commitmentText(again.prepared)).digest('hex')).toBe(plan.digest);
    expect(again.prepared.strata.map((s) => s.ids)).toEqual(plan.candidates?.map((s) => s.ids));
  });

  it('no longer verifies when one candidate is changed', () => {
    const changed = fixture.candidates.map((c, i) => (i === 10 ? { ...c, id: `${c.id}X` } : c));
    expect(verifyPlan(plan, changed).match).toBe(false);
  });
});
