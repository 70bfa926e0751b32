import { describe, expect, it } from 'vitest';
import { recordLabel } from './record-label.ts';

describe('a record in a few words', () => {
  it('writes a fine once, with its amount, beside the other kinds and the decision number', () => {
    expect(
      recordLabel('penalty', '2025-08-31', {
        penaltyKinds: ['罚款', '没收违法所得'],
        fine: 200000,
        decisionNo: '示市监罚〔2025〕8号',
      }),
    ).toBe('行政处罚 2025-08-31 罚款 200,000 元、没收违法所得（示市监罚〔2025〕8号）');
    expect(recordLabel('penalty', '2025-08-31', { penaltyKinds: ['警告'] })).toBe('行政处罚 2025-08-31 警告');
  });

  it('names a listing by its reason', () => {
    expect(recordLabel('abnormal_list', '2025-06-30', { reason: '未按时年报' })).toBe(
      '经营异常名录 2025-06-30 未按时年报',
    );
  });
});
