import { describe, expect, it } from 'vitest';
import { defaultComparePair } from './compare-pair.ts';

describe('defaultComparePair', () => {
  it('pairs the newest run with the previous run of the same model', () => {
    const runs = [
      { id: 9, modelId: 'samr-risk' },
      { id: 8, modelId: 'imported' },
      { id: 7, modelId: 'samr-risk' },
      { id: 5, modelId: 'samr-risk' },
    ];
    expect(defaultComparePair(runs)).toEqual({ from: '7', to: '9' });
  });

  it('proposes nothing when the newest model has a single run or there are no runs', () => {
    expect(
      defaultComparePair([
        { id: 3, modelId: 'a' },
        { id: 2, modelId: 'b' },
      ]),
    ).toBeNull();
    expect(defaultComparePair([])).toBeNull();
  });
});
