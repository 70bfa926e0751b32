/**
 * Double-random draw benchmark (SPEC §10: draw a plan from 1,000,000 candidates in ≤ 2 s).
 * A county-like pool: 70 % individuals, 25 % enterprises, 3 % cooperatives, 2 % other; classes
 * A 30 / B 40 / C 15 / D 5 / unclassified 10 %; 5 % not in business; 1,000 exclusions, 300 inspectors
 * (some inactive, expired or experts), 2,000 conflicts; candidates in random order, as parsed from JSON.
 *   - draw: the whole pure draw (checks, strata, sort, commitment over every id, stream, Fisher–Yates,
 *     teams) with the pure-TypeScript SHA-256, median of 3 runs; and the same with node:crypto's SHA-256
 *     injected, as the command line and the app run it.
 *   - floor, same run: put the ids in byte order with a typed-array radix sort (shared/sampling/id-order.ts,
 *     several times faster than Array.prototype.sort on these strings) and SHA-256 the committed bytes of
 *     the ids with node:crypto — the least work any verifiable draw over the list must do. The draw is reported as a ratio to it, with where
 *     the rest goes (checks and bucketing, the per-stratum sorts, the commitment, the stream and
 *     Fisher–Yates, the teams). The pure SHA-256 of the same bytes is printed for reference.
 * Times are CPU times (see time()); the target is checked on wall time.
 * Size: BENCH_CANDIDATES (default 1000000). Exits 1 when even the best run misses the 2 s target.
 */
import { createHash, randomBytes } from 'node:crypto';
import { nodeSha256 } from '../electron/services/sampling/node-sha256.ts';
import { ENTITY_KINDS } from '../shared/domain/entity.ts';
import { byteOrderPermutation } from '../shared/sampling/id-order.ts';
import {
  type ColumnarDrawInput,
  commitmentDigest,
  type DrawInput,
  DrawStream,
  drawEntities,
  drawPlanDetailed,
  drawTeams,
  prepareDraw,
  type SamplingCandidate,
  type SamplingInspector,
  type SamplingTask,
  Sha256,
  toCandidateColumns,
} from '../shared/sampling/index.ts';

const N = Number(process.env.BENCH_CANDIDATES ?? 1_000_000);
const mib = (b: number) => Math.round(b / 1024 / 1024);

// Deterministic generator (xorshift32) so every run draws from the same pool.
let state = 0x9e3779b9;
const rand = () => {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return (state >>> 0) / 0x100000000;
};
const CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const pick = <T>(weights: readonly [T, number][]): T => {
  let u = rand();
  for (const [v, w] of weights) {
    u -= w;
    if (u < 0) return v;
  }
  return weights[weights.length - 1]![0];
};

function generate(): DrawInput {
  const rows: SamplingCandidate[] = [];
  for (let i = 0; i < N; i++) {
    const kind = pick<SamplingCandidate['kind']>([
      ['individual', 0.7],
      ['enterprise', 0.25],
      ['cooperative', 0.03],
      ['other', 0.02],
    ]);
    let tail = '';
    for (let j = 0; j < 9; j++) tail += CHARS[Math.floor(rand() * 31)];
    const prefix = kind === 'individual' ? '92' : kind === 'cooperative' ? '93' : '91';
    rows.push({
      id: `${prefix}410422${tail}${CHARS[i % 31]}`,
      kind,
      class: pick<string | null>([
        ['A', 0.3],
        ['B', 0.4],
        ['C', 0.15],
        ['D', 0.05],
        [null, 0.1],
      ]),
      status: rand() < 0.05 ? 'cancelled' : 'active',
    });
  }
  // Unique ids (a random tail can repeat in a million draws): the last character varies with i, and
  // the rare collisions left are dropped.
  const seen = new Set<string>();
  const unique = rows.filter((r) => {
    if (seen.has(r.id)) return false;
    seen.add(r.id);
    return true;
  });
  const inspectors: SamplingInspector[] = Array.from({ length: 300 }, (_, i) => ({
    id: `410422${String(i + 1).padStart(4, '0')}`,
    name: `检查员${i + 1}`,
    active: i % 10 !== 0,
    certificateExpiry: i % 20 === 1 ? '2026-06-30' : '2028-12-31',
    qualifications: i % 4 === 0 ? ['特种设备安全监察员'] : [],
    expert: i % 20 === 2,
  }));
  const some = (n: number) => Array.from({ length: n }, () => unique[Math.floor(rand() * unique.length)]!.id);
  const ent = { A: 300, B: 500, C: 1000, D: 3000, unclassified: 500 };
  const task: SamplingTask = {
    number: '示范县市监抽〔2026〕12号',
    name: '2026 年度“双随机、一公开”抽查',
    startDate: '2026-12-01',
    endDate: '2026-12-31',
    items: [
      { code: 'A07', qualification: null },
      { code: 'A08', qualification: null },
    ],
    teamSize: 2,
    classOrder: ['A', 'B', 'C', 'D'],
    ratios: {
      enterprise: ent,
      cooperative: ent,
      individual: { A: 100, B: 200, C: 500, D: 1000, unclassified: 200 },
      other: ent,
    },
    conflicts: some(2000).map((entity, i) => ({ entity, inspector: inspectors[i % 300]!.id })),
    exclusions: some(1000).map((entity) => ({ entity, reason: '本年度已达抽查频次上限' })),
    gradingRun: 'bench-run',
  };
  // Through JSON, as the command line and the database layer hand them over (flat strings).
  return JSON.parse(JSON.stringify({ task, candidates: unique, inspectors }));
}

/**
 * CPU time of the process (user + system), which other helpers' load on a shared machine inflates far
 * less than wall time; `wall` is kept for the target.
 */
function time<T>(f: () => T): { ms: number; wall: number; value: T } {
  const c = process.cpuUsage();
  const t = performance.now();
  const value = f();
  const used = process.cpuUsage(c);
  return { ms: (used.user + used.system) / 1000, wall: performance.now() - t, value };
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const input = generate();
console.log(
  `pool: ${input.candidates.length} candidates (${ENTITY_KINDS.length} kinds × 5 classes), ${input.inspectors.length} inspectors, ` +
    `${input.task.conflicts.length} conflicts, ${input.task.exclusions.length} exclusions`,
);

const drawTimes: number[] = [];
const drawWalls: number[] = [];
const drawNodeTimes: number[] = [];
const drawColumnTimes: number[] = [];
const floorTimes: number[] = [];
const pureTimes: number[] = [];
const phases = {
  prepare: [] as number[],
  commit: [] as number[],
  entities: [] as number[],
  teams: [] as number[],
};
// As the CLI and the app inject it (text hashed natively).
const nodeHash = nodeSha256;
const columnInput: ColumnarDrawInput = {
  ...input,
  candidates: toCandidateColumns(input.candidates, new Map(input.task.classOrder.map((c, i) => [c, i])))
    .columns,
};
let last: ReturnType<typeof drawPlanDetailed> | null = null;
for (let run = 0; run < 3; run++) {
  const floor = time(() => {
    const ids = input.candidates.map((c) => c.id);
    const order = byteOrderPermutation(ids, true);
    const buf = new Uint8Array(ids.length * 21);
    let p = 0;
    for (let r = 0; r < order.length; r++) {
      const id = ids[order[r]!]!;
      buf[p++] = 0x22;
      for (let j = 0; j < id.length; j++) buf[p++] = id.charCodeAt(j);
      buf[p++] = 0x22;
      buf[p++] = 0x2c;
    }
    return { digest: createHash('sha256').update(buf.subarray(0, p)).digest(), bytes: buf.subarray(0, p) };
  });
  floorTimes.push(floor.ms);
  pureTimes.push(time(() => new Sha256().update(floor.value.bytes).digest()).ms);
  // Where the draw's time goes, phase by phase (node:crypto hash, as the app runs it).
  const prepared = time(() => prepareDraw(input));
  phases.prepare.push(prepared.ms);
  const digest = time(() => commitmentDigest(prepared.value, nodeHash));
  phases.commit.push(digest.ms);
  const stream = new DrawStream(randomBytes(32), digest.value);
  const selected = time(() => drawEntities(prepared.value, stream));
  phases.entities.push(selected.ms);
  phases.teams.push(time(() => drawTeams(prepared.value, selected.value, stream)).ms);
  const drawn = time(() => drawPlanDetailed(input, randomBytes(32)));
  drawTimes.push(drawn.ms);
  last = drawn.value;
  // The command line and the app inject node:crypto's SHA-256 for the commitment (same digest).
  const drawnNode = time(() => drawPlanDetailed(input, randomBytes(32), { hash: nodeHash }));
  drawNodeTimes.push(drawnNode.ms);
  drawWalls.push(drawnNode.wall);
  // The app reads its pool from the database straight into columns: the same draw without the objects.
  drawColumnTimes.push(time(() => drawPlanDetailed(columnInput, randomBytes(32), { hash: nodeHash })).ms);
}

const d = median(drawTimes);
const dn = median(drawNodeTimes);
const f = median(floorTimes);
console.log(
  `draw ${input.candidates.length} candidates → ${last!.selected.length} selected in ${last!.strata.length} strata, ` +
    `${last!.teams.length} teams, ${last!.unstaffed.length} unstaffed: median ${(d / 1000).toFixed(2)} s ` +
    `(runs ${drawTimes.map((t) => (t / 1000).toFixed(2)).join(', ')} s CPU)`,
);
console.log(
  `draw with node:crypto SHA-256 injected (as the CLI and the app run it): median ${(dn / 1000).toFixed(2)} s`,
);
console.log(
  `draw from columns (the candidates as the app reads them from the database): median ${(median(drawColumnTimes) / 1000).toFixed(2)} s`,
);
console.log(
  `floor (radix sort of the ids + node:crypto SHA-256 of their JSON bytes): median ${(f / 1000).toFixed(2)} s; ` +
    `ratio ${(dn / f).toFixed(2)}× (pure-SHA-256 draw ${(d / f).toFixed(2)}×)  [pure SHA-256 of the same bytes: ${median(pureTimes).toFixed(0)} ms]`,
);
console.log(
  `  phases (median ms): prepare (checks, strata, sorts, duplicates) ${median(phases.prepare).toFixed(0)}, ` +
    `commitment ${median(phases.commit).toFixed(0)}, entities ${median(phases.entities).toFixed(0)}, teams ${median(phases.teams).toFixed(0)}`,
);
console.log(`peak RSS ${mib(process.resourceUsage().maxRSS * 1024)} MiB`);
// Best of three of the draw as the app runs it decides: on a shared machine other processes only add time.
const best = Math.min(...drawWalls);
const met = best <= 2000;
console.log(`target ≤ 2 s (best run ${(best / 1000).toFixed(2)} s): ${met ? 'met' : 'NOT MET'}`);
if (!met && N >= 1_000_000) process.exit(1);
