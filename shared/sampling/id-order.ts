/**
 * The byte order of a million candidate ids, as a permutation, without a million string comparisons.
 * Sorting the id strings themselves (Array.prototype.sort) was half of a 1,000,000-candidate draw.
 *
 * Plain ids (digits and capitals, the normal case) are read as numbers instead: each character position
 * is one digit in a mixed radix whose base is the number of distinct characters seen at that position
 * (a position every id shares costs nothing), with "no character" below every character so a proper
 * prefix sorts first. The digits are grouped into keys small enough to share a float64 with the
 * candidate's current rank, and sorted least significant group first by the engine's native typed-array
 * sort; the rank in the low bits keeps each pass stable, so the passes compose into byte order.
 * Other ids fall back to comparing strings (compareUtf8 where native order is not byte order).
 */
import { compareUtf8, nativeOrderIsByteOrder } from './order.ts';

/** 0-9 → 1–10, A-Z → 11–36; 0 is "past the end" (a shorter id). */
const ALPHABET = 37;
const charDigit = (c: number): number => (c <= 57 ? c - 47 : c - 54);
/** Digits are grouped below this, so each counting sort's table (256 KiB) stays in cache. */
const DIGIT_LIMIT = 1 << 16;

/** Indices of `ids` in UTF-8 byte order of the ids (equal ids adjacent, in index order). */
export function byteOrderPermutation(ids: readonly string[], plain: boolean): Uint32Array {
  const n = ids.length;
  if (n < 2) return identity(n);
  let maxLength = 0;
  for (let i = 0; i < n; i++) if (ids[i]!.length > maxLength) maxLength = ids[i]!.length;
  // Beyond 64 positions the per-position tables outweigh what they save; such ids are not codes.
  if (!plain || maxLength > 64) return comparedOrder(ids);
  return numericOrder(ids, maxLength);
}

/** 0, 1, …, n − 1 (a plain loop: Uint32Array.from with a callback costs a call per element). */
function identity(n: number): Uint32Array<ArrayBuffer> {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return order;
}

function comparedOrder(ids: readonly string[]): Uint32Array {
  const order = identity(ids.length);
  if (nativeOrderIsByteOrder(ids))
    return order.sort((a, b) => {
      const x = ids[a]!;
      const y = ids[b]!;
      return x < y ? -1 : x > y ? 1 : a - b;
    });
  return order.sort((a, b) => compareUtf8(ids[a]!, ids[b]!) || a - b);
}

function numericOrder(ids: readonly string[], width: number): Uint32Array {
  const n = ids.length;
  // Each id's characters as digits 0–36 (0 past its end), read from the strings once; and which
  // characters occur at each position.
  const chars = new Uint8Array(n * width);
  const seen = new Uint8Array(width * ALPHABET);
  for (let i = 0, at = 0; i < n; i++, at += width) {
    const id = ids[i]!;
    const length = id.length;
    for (let p = 0; p < length; p++) {
      const d = charDigit(id.charCodeAt(p));
      chars[at + p] = d;
      seen[p * ALPHABET + d] = 1;
    }
    if (length < width) seen[length * ALPHABET] = 1;
  }
  // A shorter id has "no character" at every later position too.
  for (let p = 1; p < width; p++) if (seen[(p - 1) * ALPHABET]) seen[p * ALPHABET] = 1;
  // Each character's rank at its position: its digit in that position's base.
  const rank = new Uint8Array(width * ALPHABET);
  const base = new Uint8Array(width);
  for (let p = 0; p < width; p++) {
    let r = 0;
    for (let d = 0; d < ALPHABET; d++) if (seen[p * ALPHABET + d]) rank[p * ALPHABET + d] = r++;
    base[p] = r;
  }

  // The varying positions, most significant first, grouped into digits below DIGIT_LIMIT.
  const groups: number[][] = [];
  const spans: number[] = [];
  let group: number[] = [];
  let span = 1;
  for (let p = 0; p < width; p++) {
    const b = base[p]!;
    if (b === 1) continue;
    if (span * b > DIGIT_LIMIT) {
      groups.push(group);
      spans.push(span);
      group = [];
      span = 1;
    }
    group.push(p);
    span *= b;
  }
  if (group.length > 0) {
    groups.push(group);
    spans.push(span);
  }

  // Every id's digit per group, and each group's histogram (which does not depend on the order).
  const digits = groups.map(() => new Uint16Array(n));
  const counts = spans.map((s) => new Uint32Array(s + 1));
  for (let g = 0; g < groups.length; g++) {
    const positions = Int32Array.from(groups[g]!);
    const digit = digits[g]!;
    const count = counts[g]!;
    for (let i = 0, at = 0; i < n; i++, at += width) {
      let key = 0;
      for (let q = 0; q < positions.length; q++) {
        const p = positions[q]!;
        key = key * base[p]! + rank[p * ALPHABET + chars[at + p]!]!;
      }
      digit[i] = key;
      count[key + 1]!++;
    }
  }

  // LSD radix sort: a stable counting sort per group, least significant first.
  let order = identity(n);
  let next = new Uint32Array(n);
  for (let g = groups.length - 1; g >= 0; g--) {
    const digit = digits[g]!;
    const start = counts[g]!;
    for (let d = 1; d < start.length; d++) start[d]! += start[d - 1]!;
    for (let r = 0; r < n; r++) {
      const i = order[r]!;
      next[start[digit[i]!]!++] = i;
    }
    [order, next] = [next, order];
  }
  return order;
}
