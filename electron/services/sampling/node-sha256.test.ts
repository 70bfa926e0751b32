/** The native hash with text input must commit to exactly the bytes the pure one hashes. */
import { describe, expect, it } from 'vitest';
import { commitmentDigestHex, prepareDraw, type SamplingCandidate } from '../../../shared/sampling/index.ts';
import { nodeSha256 } from './node-sha256.ts';

describe('nodeSha256', () => {
  it('gives the pure SHA-256 digest of the commitment, for plain and escaped ids and Chinese text', () => {
    const candidates: SamplingCandidate[] = [
      '91410000000000001X',
      'ｂ-２',
      'A"\\\u0001名',
      '92410000000000002Y',
    ].map((id) => ({ id, kind: 'enterprise', class: null, status: 'active' }));
    const prepared = prepareDraw({
      task: {
        number: '示范〔2026〕1号',
        name: '抽查\t“全县”',
        startDate: '2026-12-01',
        endDate: '2026-12-31',
        items: [{ code: 'A07', qualification: null }],
        teamSize: 2,
        classOrder: ['A'],
        ratios: { enterprise: { unclassified: 5000 } },
        conflicts: [],
        exclusions: [],
      },
      candidates,
      inspectors: [],
    });
    expect(commitmentDigestHex(prepared, nodeSha256)).toBe(commitmentDigestHex(prepared));
  });
});
