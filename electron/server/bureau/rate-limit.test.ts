import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit.ts';

describe('RateLimiter', () => {
  it('lets a burst through, then one call per refill, per key', () => {
    let t = 0;
    const limiter = new RateLimiter(2, 3, () => t);
    expect([1, 2, 3, 4].map(() => limiter.take('a'))).toEqual([true, true, true, false]);
    expect(limiter.take('b')).toBe(true);
    t += 499;
    expect(limiter.take('a')).toBe(false);
    t += 2;
    expect(limiter.take('a')).toBe(true);
    expect(limiter.take('a')).toBe(false);
  });

  it('never holds more than a burst, however long a key was idle', () => {
    let t = 0;
    const limiter = new RateLimiter(10, 2, () => t);
    limiter.take('a');
    t += 60_000;
    expect([1, 2, 3].map(() => limiter.take('a'))).toEqual([true, true, false]);
  });
});
