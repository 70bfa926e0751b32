import { describe, expect, it } from 'vitest';
import { BATCH_ROWS, batchesOf } from './row-batches.ts';

const columns = [
  { name: 'id', type: 'integer' as const },
  { name: 'detail', type: 'text' as const },
  { name: 'score', type: 'real' as const },
  { name: 'file', type: 'blob' as const },
];

describe('batchesOf', () => {
  it('keeps text as the same text, BLOBs as bytea hex, non-finite reals by name, in batches of BATCH_ROWS', () => {
    const text = '{"b":1, "a":"引号\\"与换行\\n"}';
    const rows = Array.from({ length: BATCH_ROWS + 3 }, (_, i) => ({
      c0: i + 1,
      c1: i === 0 ? text : null,
      c2: i === 0 ? Number.POSITIVE_INFINITY : 0.1 + i,
      c3: i === 0 ? new Uint8Array([0, 255, 16]) : null,
    }));
    const batches = [...batchesOf('t', columns, rows)];
    expect(batches.map((b) => b.rows)).toEqual([BATCH_ROWS, 3]);
    const first = JSON.parse(batches[0]!.json)[0];
    expect(first).toEqual({ c0: 1, c1: text, c2: 'Infinity', c3: '\\x00ff10' });
    expect(JSON.parse(batches[1]!.json).map((r: { c0: number }) => r.c0)).toEqual([
      BATCH_ROWS + 1,
      BATCH_ROWS + 2,
      BATCH_ROWS + 3,
    ]);
  });

  it('refuses an integer the desk could not read exactly, naming the table, row and column', () => {
    const rows = [{ c0: 1 }, { c0: 2 ** 53 + 2 }];
    expect(() => [...batchesOf('records', [columns[0]!], rows)]).toThrow(/表 records 第 2 行的 id 列/);
  });
});
