/**
 * Small seeded PRNG for the demo generator: cyrb128 (string → 128 bits) feeding sfc32.
 * Pure integer arithmetic on 32-bit words, so the stream is identical on every platform and engine.
 * Not for anything security-related (the inspection draw uses HMAC-SHA256, SPEC §6.4).
 */

/** cyrb128 (bryc, public domain): a fast, well-mixed 128-bit hash of a string, as four uint32 words. */
export function cyrb128(str: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < str.length; i++) {
    const k = str.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** A 32-bit integer finaliser (lowbias32 by Chris Wellons): a bijection on uint32 with good avalanche. */
export function mix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

const TWO_POW_MINUS_32 = 1 / 4294967296;

/** A table for weighted picks: items with cumulative weights (binary search). */
export interface WeightedTable<T> {
  readonly items: readonly T[];
  readonly cum: Float64Array;
  readonly total: number;
}

export function weightedTable<T>(items: readonly T[], weight: (item: T) => number): WeightedTable<T> {
  const kept: T[] = [];
  const cums: number[] = [];
  let total = 0;
  for (const it of items) {
    const w = weight(it);
    if (!(w > 0)) continue;
    total += w;
    kept.push(it);
    cums.push(total);
  }
  if (kept.length === 0) throw new Error('weightedTable: no item has a positive weight');
  return { items: kept, cum: Float64Array.from(cums), total };
}

/** A weighted table over `[item, weight]` pairs. */
export function weightedPairs<T>(list: readonly (readonly [T, number])[]): WeightedTable<T> {
  const t = weightedTable(list, (x) => x[1]);
  return { items: t.items.map((x) => x[0]), cum: t.cum, total: t.total };
}

/**
 * sfc32 (Chris Doty-Humphrey's Small Fast Counting generator). One instance is re-seeded per entity
 * (`reseed(index)`), so entity i depends only on (seed, i): chunks can be generated in any order.
 */
export class Rng {
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 0;
  private readonly s: readonly [number, number, number, number];

  constructor(seed: string | readonly [number, number, number, number]) {
    this.s = typeof seed === 'string' ? cyrb128(seed) : seed;
    this.reseed(0);
  }

  /** Restart the stream for sub-stream `stream` (e.g. the entity index, 0 ≤ stream < 2^32). */
  reseed(stream: number): void {
    const [s0, s1, s2, s3] = this.s;
    const x = stream >>> 0;
    this.a = (s0 ^ mix32(x)) | 0;
    this.b = (s1 ^ mix32(x ^ 0x9e3779b9)) | 0;
    this.c = (s2 ^ mix32(x + 0x632be5ab)) | 0;
    this.d = (s3 ^ x) | 0;
    for (let i = 0; i < 12; i++) this.u32();
  }

  /** Next uint32. */
  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.u32() * TWO_POW_MINUS_32;
  }

  /** Uniform integer in [0, n) (n ≤ 2^32; the bias is below 2^-20 for the small n used here). */
  int(n: number): number {
    return Math.floor(this.u32() * TWO_POW_MINUS_32 * n);
  }

  /** Uniform integer in [lo, hi] (inclusive). */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  pickWeighted<T>(table: WeightedTable<T>): T {
    const u = this.float() * table.total;
    const cum = table.cum;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (u < cum[mid]!) hi = mid;
      else lo = mid + 1;
    }
    return table.items[lo]!;
  }

  /** Poisson-distributed count with mean `lambda` (inversion; meant for small means). */
  poisson(lambda: number): number {
    if (!(lambda > 0)) return 0;
    const u = this.float();
    let p = Math.exp(-lambda);
    let s = p;
    let k = 0;
    while (u > s && k < 60) {
      k++;
      p *= lambda / k;
      s += p;
    }
    return k;
  }

  /** Roughly normal (Irwin–Hall of 4 uniforms), mean 0, standard deviation 1. */
  normalish(): number {
    return (this.float() + this.float() + this.float() + this.float() - 2) * 1.7320508075688772;
  }
}
