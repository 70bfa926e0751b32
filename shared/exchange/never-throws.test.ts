/**
 * Property tests: whatever a cell holds, the normalisers and header detection return a result — they
 * never throw (importers must turn bad data into issues, SPEC §7) — and every message is Chinese.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  detectHeader,
  IMPORT_KINDS,
  normalizeRow,
  parseAmount,
  parseDate,
  splitMulti,
  vocabularyOf,
} from './index.ts';
import type { Cell } from './types.ts';

const cell: fc.Arbitrary<Cell> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.double(),
  fc.integer(),
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.constantFrom(
    '9999-09-09',
    '9.13301E+17',
    '51.8000(万元人民币)',
    '是',
    '2021年2月30日',
    '１，４２８万元',
    'N/A',
    '长期',
  ),
);
const row = fc.array(cell, { maxLength: 12 });

describe('never throws', () => {
  it('value normalisers', () => {
    fc.assert(
      fc.property(cell, fc.boolean(), (c, d1904) => {
        for (const r of [parseDate(c, { date1904: d1904 }), parseAmount(c)]) {
          if (r.error) expect(r.error).toMatch(/[\u4e00-\u9fff]/);
        }
        expect(Array.isArray(splitMulti(c))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
  it('header detection and row normalisation for every kind', () => {
    let found = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...IMPORT_KINDS),
        fc.array(row, { maxLength: 3 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 10 }),
        fc.array(row, { maxLength: 8 }),
        (kind, above, picks, below) => {
          // A header of the kind's own labels (in random order, some repeated) between random rows.
          const labels = vocabularyOf(kind).fields.map((f) => f.label);
          const rows = [...above, picks.map((p) => labels[p % labels.length]!), ...below];
          const d = detectHeader(rows, kind);
          if (d.found) found++;
          if (!d.found) expect(d.message).toMatch(/未找到表头/);
          for (let r = Math.max(0, d.dataStart); r < rows.length; r++) {
            const n = normalizeRow(kind, rows[r]!, d.columns, r);
            for (const i of n.issues) expect(i.message).toMatch(/[\u4e00-\u9fff]/);
          }
        },
      ),
      { numRuns: 500 },
    );
    expect(found).toBeGreaterThan(50); // the property really exercised normalizeRow
  });
});
