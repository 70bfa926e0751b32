/**
 * The stored plan text reuses the commitment's id lists: it must parse to exactly the document
 * JSON.stringify gives, whether the lists are the prepared ones, other arrays, or left out.
 */
import { describe, expect, it } from 'vitest';
import { buildPlanDocument, drawPlanDetailed, planDocumentText, type SamplingCandidate } from './index.ts';

const candidates: SamplingCandidate[] = Array.from({ length: 60 }, (_, i) => ({
  // A few ids JSON must escape, so the reused text is not only plain ASCII.
  id: i % 9 === 0 ? `名"\\${i}` : `91410${String(i).padStart(4, '0')}`,
  kind: i % 2 === 0 ? 'enterprise' : 'individual',
  class: i % 3 === 0 ? null : 'A',
  status: 'active',
}));
const input = {
  task: {
    number: '测试〔2026〕2号',
    name: '“计划”\n文本',
    startDate: '2026-12-01',
    endDate: '2026-12-31',
    items: [{ code: 'A07', qualification: null }],
    teamSize: 2,
    classOrder: ['A'],
    ratios: { enterprise: { A: 3000, unclassified: 5000 }, individual: { A: 1000, unclassified: 2000 } },
    conflicts: [],
    exclusions: [],
  },
  candidates,
  inspectors: ['E1', 'E2', 'E3'].map((id) => ({
    id,
    name: id,
    active: true,
    certificateExpiry: null,
    qualifications: [],
    expert: false,
  })),
};

describe('planDocumentText', () => {
  const outcome = drawPlanDetailed(input, '11'.repeat(32));

  it('parses to the same document as JSON.stringify, with the candidates or without', () => {
    const doc = buildPlanDocument(input, outcome, { drawnAt: '2026-12-01T00:00:00Z', drawnBy: 'admin' });
    expect(doc.candidates?.length).toBeGreaterThan(2);
    expect(JSON.parse(planDocumentText(doc, outcome.prepared))).toEqual(JSON.parse(JSON.stringify(doc)));
    const without = buildPlanDocument(input, outcome, { omitCandidates: true });
    expect(JSON.parse(planDocumentText(without, outcome.prepared))).toEqual(
      JSON.parse(JSON.stringify(without)),
    );
  });

  it('serialises lists that are not the prepared ones from their own content', () => {
    const doc = buildPlanDocument(input, outcome);
    const changed = { ...doc, candidates: doc.candidates!.map((c) => ({ ...c, ids: [...c.ids, 'EXTRA'] })) };
    const parsed = JSON.parse(planDocumentText(changed, outcome.prepared));
    expect(parsed.candidates).toEqual(changed.candidates);
  });
});
