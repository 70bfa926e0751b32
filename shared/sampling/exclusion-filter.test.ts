/** The quick test in front of the exclusion set must answer exactly as the set does. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exclusionTest } from './exclusion-filter.ts';

describe('exclusionTest', () => {
  it('answers as Set.has for any ids, short, long, plain or not', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 20 })),
        fc.array(fc.string({ maxLength: 20 })),
        (ex, ids) => {
          const set = new Set(ex);
          const test = exclusionTest(set);
          for (const id of [...ids, ...ex]) expect(test(id)).toBe(set.has(id));
        },
      ),
    );
  });

  it('finds excluded codes among many that share their endings', () => {
    const codes = Array.from({ length: 5000 }, (_, i) => `91410000${String(i).padStart(10, '0')}`);
    const set = new Set(codes.filter((_, i) => i % 97 === 0));
    const test = exclusionTest(set);
    expect(codes.filter(test)).toEqual([...set]);
    expect(exclusionTest(new Set())('X')).toBe(false);
  });
});
