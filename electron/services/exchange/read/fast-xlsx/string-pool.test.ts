import { describe, expect, it } from 'vitest';
import { MAX_ENTRIES, StringPool } from './string-pool.ts';

describe('StringPool', () => {
  it('keeps a repeated short value once and never keeps long ones', () => {
    const pool = new StringPool();
    for (let i = 0; i < 100; i++) expect(pool.share(['存续', '（在业）'].join(''))).toBe('存续（在业）');
    expect(pool.size).toBe(1);
    const long = '示范县西城街道学府路41号附1号商铺';
    expect(pool.share(long)).toBe(long);
    expect(pool.size).toBe(1);
  });

  it('stops growing once full and still returns every value unchanged', () => {
    const pool = new StringPool();
    for (let i = 0; i < MAX_ENTRIES + 5000; i++) expect(pool.share(`v${i}`)).toBe(`v${i}`);
    expect(pool.size).toBe(MAX_ENTRIES);
  });
});
