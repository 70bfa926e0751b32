/**
 * Structurally unique identifiers for demo entities.
 *
 * Entity index i (0 ≤ i < 10^8) goes through a seed-keyed Feistel permutation of [0, 10^8); the result u
 * is rendered as the 8-character organisation-code body in one of four disjoint shapes (8 digits; `MA`,
 * `MJ` or `L` + base-31 digits). Distinct indices give distinct u, and distinct u give distinct bodies in
 * every shape, so USCCs are unique over a whole run without remembering any of them.
 */
import { orgCheckChar, regNo15CheckDigit, USCC_CHARSET, usccCheckChar } from '../identifiers/checkchars.ts';
import { mix32 } from './prng.ts';

/** The largest run the identifier scheme supports. */
export const MAX_DEMO_ENTITIES = 100_000_000;
const HALF = 10_000;
const REGNO_SPACE = 10_000_000;

/** Shapes of the 主体标识码 (positions 9–16): old numeric codes, modern MA…, 民政 MJ…, and L…. */
export type OrgBodyShape = 'numeric' | 'MA' | 'MJ' | 'L';

export interface IdKeys {
  readonly rounds: readonly number[];
  readonly regMul: number;
  readonly regAdd: number;
}

export function idKeys(seedWords: readonly [number, number, number, number]): IdKeys {
  const rounds = [0, 1, 2, 3, 4, 5].map((r) => mix32(seedWords[r % 4]! ^ Math.imul(r + 1, 0x9e3779b9)));
  // An odd multiplier not divisible by 5 is invertible modulo 10^7: the affine map is a bijection.
  let regMul = (mix32(seedWords[1] ^ 0x5bd1e995) % (REGNO_SPACE - 1)) + 1;
  while (regMul % 2 === 0 || regMul % 5 === 0) regMul++;
  const regAdd = mix32(seedWords[2] ^ 0x27d4eb2f) % REGNO_SPACE;
  return { rounds, regMul, regAdd };
}

/** A bijection of [0, 10^8): balanced Feistel network on two base-10^4 halves. */
export function permuteIndex(i: number, keys: IdKeys): number {
  let l = Math.floor(i / HALF);
  let r = i % HALF;
  for (const k of keys.rounds) {
    const f = mix32(r ^ k) % HALF;
    const nl = r;
    r = (l + f) % HALF;
    l = nl;
  }
  return l * HALF + r;
}

function base31(n: number, width: number): string {
  let s = '';
  let x = n;
  for (let i = 0; i < width; i++) {
    s = USCC_CHARSET[x % 31]! + s;
    x = Math.floor(x / 31);
  }
  return s;
}

/** 31^5: offsets that make MA/MJ bodies start with realistic third characters. */
const P5 = 28_629_151;

/** The 8-character organisation-code body for permuted index u (0 ≤ u < 10^8). */
export function orgBody(u: number, shape: OrgBodyShape): string {
  switch (shape) {
    case 'numeric':
      return String(u).padStart(8, '0');
    case 'MA':
      return `MA${base31(u + 2 * P5, 6)}`;
    case 'MJ':
      return `MJ${base31(u + P5, 6)}`;
    case 'L':
      return `L${base31(u, 7)}`;
  }
}

/** prefix (91/92/93/12/51/52) + region code + org body + org check + USCC check. */
export function makeUscc(prefix: string, region6: string, body8: string): string {
  const org = body8 + orgCheckChar(body8)!;
  const body17 = prefix + region6 + org;
  return body17 + usccCheckChar(body17)!;
}

/**
 * A legacy 15-digit 注册号 (GS15-2006): region code, `0` (内资企业), a 7-digit sequence and the
 * MOD 11,10 check digit. Unique per index for the first 10^7 entities; null beyond.
 */
export function makeRegNo15(index: number, region6: string, keys: IdKeys): string | null {
  if (index >= REGNO_SPACE) return null;
  const seq = (keys.regMul * index + keys.regAdd) % REGNO_SPACE;
  const body14 = `${region6}0${String(seq).padStart(7, '0')}`;
  return body14 + regNo15CheckDigit(body14)!;
}
