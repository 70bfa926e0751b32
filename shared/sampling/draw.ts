/**
 * The double-random draw of SPEC §6.4 as one pure function: same inputs (in any order) and seed → same
 * plan, on any machine. The caller supplies the seed: 32 bytes from the OS CSPRNG for a new draw
 * (shared/ cannot reach one), or the recorded seed to verify.
 */
import { commitmentDigest, type IncrementalHash } from './commitment.ts';
import { type PreparedDraw, prepareDraw } from './prepare.ts';
import { fromHex, toHex } from './sha256.ts';
import { DrawStream } from './stream.ts';
import { drawTeams } from './teams.ts';
import { type AnyDrawInput, type DrawResult, type DrawSelected, SamplingInputError } from './types.ts';

/** 32 seed bytes from bytes or 64 hex digits (either case). */
export function parseSeed(seed: string | Uint8Array): Uint8Array {
  const bytes = typeof seed === 'string' ? fromHex(seed.trim()) : seed;
  if (bytes?.length !== 32) throw new SamplingInputError(['随机种子须为 32 字节（64 位十六进制数字）']);
  return bytes;
}

/** Step 6: partial Fisher–Yates per stratum, in stratum order; the prepared (sorted) arrays are not changed. */
export function drawEntities(p: PreparedDraw, stream: DrawStream): DrawSelected[] {
  return drawEntityRows(p, stream).selected;
}

/** Step 6, with each selected candidate's row in the input's candidate list (plan order). */
export function drawEntityRows(
  p: PreparedDraw,
  stream: DrawStream,
): { selected: DrawSelected[]; rows: number[] } {
  const selected: DrawSelected[] = [];
  const rows: number[] = [];
  for (const s of p.strata) {
    const N = s.ids.length;
    if (s.k === 0) continue;
    // Only positions [0, k) and the j's they swap with are touched: a sparse overlay of the sorted
    // array (position → the position whose candidate now stands there) keeps a 1,000,000-candidate
    // stratum from being copied.
    const moved = new Map<number, number>();
    const at = (x: number) => moved.get(x) ?? x;
    for (let i = 0; i < s.k; i++) {
      const j = i + stream.below(N - i);
      const ai = at(i);
      const chosen = at(j);
      moved.set(i, chosen);
      moved.set(j, ai);
      selected.push({ id: s.ids[chosen]!, kind: s.kind, class: s.class });
      rows.push(s.rows[chosen]!);
    }
  }
  return { selected, rows };
}

/** The 公示信息抽查 floor of 3% of the pool (SPEC §6.3, 总局令第101号 Art. 4) — a warning, not an error. */
function floorWarnings(p: PreparedDraw, selected: number): string[] {
  if (!p.items.some((i) => i.code === 'A07')) return [];
  const pool = p.strata.reduce((n, s) => n + s.ids.length, 0);
  if (pool === 0 || selected * 10000 >= pool * 300) return [];
  const pct = ((selected * 100) / pool).toFixed(2);
  return [`公示信息抽查（A07）抽取 ${selected} 户，占候选 ${pool} 户的 ${pct}%，低于 3% 的下限`];
}

export interface DrawOutcome extends DrawResult {
  /** The canonical inputs (for plan files and the commitment text). */
  prepared: PreparedDraw;
  /** Each selected candidate's row in the input's candidate list, in plan order (to find its entity). */
  selectedRows: number[];
}

export interface DrawOptions {
  /** A faster SHA-256 for the commitment (same result); default: the pure implementation. */
  hash?: () => IncrementalHash;
}

/** The whole draw: prepare, commit, stream, entities, teams. Throws SamplingInputError on bad input. */
export function drawPlanDetailed(
  input: AnyDrawInput,
  seed: string | Uint8Array,
  options: DrawOptions = {},
): DrawOutcome {
  const seedBytes = parseSeed(seed);
  const prepared = prepareDraw(input);
  const digest = commitmentDigest(prepared, options.hash);
  const stream = new DrawStream(seedBytes, digest);
  const { selected, rows: selectedRows } = drawEntityRows(prepared, stream);
  const { teams, unstaffed, eligible } = drawTeams(prepared, selected, stream);
  const warnings = floorWarnings(prepared, selected.length);
  if (selected.length > 0 && eligible.length < prepared.teamSize)
    warnings.push(`符合条件的检查人员只有 ${eligible.length} 名，不足每组 ${prepared.teamSize} 名`);
  if (unstaffed.length > 0) warnings.push(`${unstaffed.length} 户无法配齐检查人员（见 unstaffed）`);
  return {
    digest: toHex(digest),
    seed: toHex(seedBytes),
    strata: prepared.strata.map((s) => ({ kind: s.kind, class: s.class, N: s.ids.length, k: s.k, bp: s.bp })),
    selected,
    teams,
    unstaffed,
    warnings,
    eligibleInspectors: eligible,
    prepared,
    selectedRows,
  };
}

/** The plan of SPEC §6.4 for these inputs and this seed. */
export function drawPlan(
  input: AnyDrawInput,
  seed: string | Uint8Array,
  options: DrawOptions = {},
): DrawResult {
  const { prepared: _prepared, selectedRows: _rows, ...result } = drawPlanDetailed(input, seed, options);
  return result;
}
