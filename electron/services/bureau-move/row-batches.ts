/**
 * Desk rows as the server's batch insert takes them: JSON arrays of a few thousand objects keyed c0, c1 …
 * Text stays the same text (a JSON string de-escapes to exactly what was read — the audit chain's hashes
 * and the plans' digests cover stored text), BLOBs become bytea's '\x…' hex input, and a value that
 * would not arrive exactly (an integer beyond 2^53, which the desk's driver already read as a rounded
 * number; a REAL in an INTEGER column) stops the move instead of being copied wrong.
 */
import { ApiError } from '../../../shared/api/errors.ts';
import type { SqlValue } from '../../db/sql.ts';
import type { NeutralType } from './catalog.ts';

/** Rows per statement: a few thousand keeps each round trip's JSON at a megabyte or two. */
export const BATCH_ROWS = 2000;
/** A batch ends early past this many characters of JSON (tables with long texts: breakdowns, details). */
export const BATCH_CHARS = 8_000_000;

export interface Batch {
  json: string;
  rows: number;
}

function hex(bytes: Uint8Array): string {
  return `\\x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')}`;
}

export function* batchesOf(
  table: string,
  columns: readonly { name: string; type: NeutralType }[],
  rows: Iterable<Record<string, SqlValue>>,
): Generator<Batch> {
  const integers = columns.flatMap((c, i) => (c.type === 'integer' ? [`c${i}`] : []));
  const reals = columns.flatMap((c, i) => (c.type === 'real' ? [`c${i}`] : []));
  const blobs = columns.flatMap((c, i) => (c.type === 'blob' ? [`c${i}`] : []));
  let parts: string[] = [];
  let chars = 0;
  let read = 0;
  for (const row of rows) {
    read++;
    for (const k of integers) {
      const v = row[k];
      if (typeof v === 'number' && !Number.isSafeInteger(v)) {
        const column = columns[Number(k.slice(1))]?.name;
        throw new ApiError(
          'conflict',
          `表 ${table} 第 ${read} 行的 ${column} 列的值 ${v} 不是可精确迁移的整数，迁入已取消，服务器未作任何改动。`,
        );
      }
    }
    for (const k of reals) {
      const v = row[k];
      // JSON has no Infinity or NaN; float8's input reads their names.
      if (typeof v === 'number' && !Number.isFinite(v)) (row as Record<string, unknown>)[k] = String(v);
    }
    for (const k of blobs) {
      const v = row[k];
      if (v instanceof Uint8Array) (row as Record<string, unknown>)[k] = hex(v);
    }
    const text = JSON.stringify(row);
    parts.push(text);
    chars += text.length + 1;
    if (parts.length >= BATCH_ROWS || chars >= BATCH_CHARS) {
      yield { json: `[${parts.join(',')}]`, rows: parts.length };
      parts = [];
      chars = 0;
    }
  }
  if (parts.length > 0) yield { json: `[${parts.join(',')}]`, rows: parts.length };
}
