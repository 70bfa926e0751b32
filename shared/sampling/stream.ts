/**
 * Steps 4–5 of SPEC §6.4: the random stream and `below(n)`.
 * Block i = HMAC-SHA256(key = seed, message = digest ‖ uint64be(i)), read as eight big-endian uint32
 * words in order; one stream serves the whole draw (entities first, then inspectors).
 */
import { hmacSha256 } from './sha256.ts';

const TWO_32 = 0x100000000;

export class DrawStream {
  private readonly seed: Uint8Array;
  private readonly message = new Uint8Array(40);
  private block: Uint8Array = new Uint8Array(0);
  private blockIndex = 0;
  private wordInBlock = 8;
  /** Words taken so far (for tests and the documentation's worked example). */
  wordsUsed = 0;

  constructor(seed: Uint8Array, digest: Uint8Array) {
    if (seed.length !== 32) throw new Error('seed must be 32 bytes');
    if (digest.length !== 32) throw new Error('digest must be 32 bytes');
    this.seed = seed;
    this.message.set(digest, 0);
  }

  nextWord(): number {
    if (this.wordInBlock === 8) {
      const i = this.blockIndex++;
      const hi = Math.floor(i / TWO_32);
      const lo = i >>> 0;
      const m = this.message;
      m[32] = hi >>> 24;
      m[33] = hi >>> 16;
      m[34] = hi >>> 8;
      m[35] = hi;
      m[36] = lo >>> 24;
      m[37] = lo >>> 16;
      m[38] = lo >>> 8;
      m[39] = lo;
      this.block = hmacSha256(this.seed, m);
      this.wordInBlock = 0;
    }
    const p = this.wordInBlock++ * 4;
    const b = this.block;
    this.wordsUsed++;
    return ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0;
  }

  /** Uniform integer in [0, n) by rejection: a word at or above the largest multiple of n is discarded. */
  below(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > TWO_32) throw new Error(`below(${n}) out of range`);
    const limit = TWO_32 - (TWO_32 % n);
    for (;;) {
      const w = this.nextWord();
      if (w < limit) return w % n;
    }
  }
}
