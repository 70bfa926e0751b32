import { describe, expect, it } from 'vitest';
import { byteOrderPermutation } from './id-order.ts';
import { compareUtf8, sortUtf8 } from './order.ts';
import { isPlainCode } from './prepare.ts';

let state = 0x2545f491;
const rand = (n: number) => {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return (state >>> 0) % n;
};
const pick = (chars: string, length: number) =>
  Array.from({ length }, () => chars[rand(chars.length)]).join('');

const sortedBy = (ids: string[], plain: boolean) => [...byteOrderPermutation(ids, plain)].map((i) => ids[i]!);

describe('byteOrderPermutation', () => {
  it('orders plain codes as a byte-wise sort does: mixed lengths, shared prefixes, twins', () => {
    const ids: string[] = [];
    for (let i = 0; i < 5000; i++) {
      const kind = rand(4);
      if (kind === 0) ids.push(`91410422${pick('0123456789ABCDEFGHJKLMNPQRTUWXY', 10)}`);
      else if (kind === 1) ids.push(`410422${pick('0123456789', 9)}`);
      else if (kind === 2) ids.push(pick('019AZ', 1 + rand(6)));
      else ids.push(ids[rand(Math.max(1, ids.length))] ?? 'A');
    }
    ids.push('', '0', 'Z', '00', 'ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ');
    expect(ids.filter((id) => id !== '').every(isPlainCode)).toBe(true);
    expect(sortedBy(ids, true)).toEqual(sortUtf8([...ids]));
  });

  it('keeps twins in index order (a stable order)', () => {
    const ids = ['B', 'A', 'B', 'A', 'C', 'B'];
    expect([...byteOrderPermutation(ids, true)]).toEqual([1, 3, 0, 2, 5, 4]);
    expect([...byteOrderPermutation(ids, false)]).toEqual([1, 3, 0, 2, 5, 4]);
  });

  it('orders other ids by their UTF-8 bytes (lower case, CJK, beyond the BMP)', () => {
    const ids = Array.from({ length: 2000 }, () => pick('aZ9-（）个体\u{ff21}😀\ue000', 1 + rand(8)));
    const expected = [...ids].sort(compareUtf8);
    expect(sortedBy(ids, false)).toEqual(expected);
  });

  it('handles no id, one id and identical ids', () => {
    expect([...byteOrderPermutation([], true)]).toEqual([]);
    expect([...byteOrderPermutation(['X1'], true)]).toEqual([0]);
    expect([...byteOrderPermutation(['X1', 'X1', 'X1'], true)]).toEqual([0, 1, 2]);
  });
});
