/**
 * The draw against (1) a worked example derived by hand, step by step, and (2) an independent
 * re-implementation written from docs/sampling-draw.md alone, on node:crypto and Buffer (whole-array
 * Fisher–Yates with real swaps, JSON built with JSON.stringify of plain objects), compared on many
 * random inputs. Agreement shows the documentation is enough to verify a plan without our code.
 */
import { createHash, createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  commitmentText,
  type DrawInput,
  DrawStream,
  drawPlan,
  prepareDraw,
  type SamplingCandidate,
  type SamplingInspector,
  type SamplingTask,
} from './index.ts';

// ---------------------------------------------------------------- independent reference implementation

const KINDS = ['enterprise', 'cooperative', 'individual', 'other'] as const;
const byteCmp = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

function referenceDraw(input: DrawInput, seedHex: string) {
  const { task } = input;
  const classes = [...task.classOrder, 'unclassified'];
  const excluded = new Set(task.exclusions.map((e) => e.entity));
  const live = input.candidates.filter((c) => c.status === 'active' && !excluded.has(c.id));
  const strata: { kind: string; class: string | null; bp: number; ids: string[]; k: number }[] = [];
  for (const kind of KINDS)
    for (const cls of classes) {
      const ids = live
        .filter((c) => c.kind === kind && (c.class ?? 'unclassified') === cls)
        .map((c) => c.id)
        .sort(byteCmp);
      if (ids.length === 0) continue;
      const bp = task.ratios[kind]?.[cls] ?? 0;
      strata.push({
        kind,
        class: cls === 'unclassified' ? null : cls,
        bp,
        ids,
        k: Math.min(ids.length, Math.ceil((ids.length * bp) / 10000)),
      });
    }
  const inspectors = [...input.inspectors].sort((a, b) => byteCmp(a.id, b.id));
  const uniqSorted = (a: string[]) => [...new Set(a)].sort(byteCmp);
  const C = {
    format: 'creditdesk-sampling-commitment/1',
    gradingRun: task.gradingRun ?? null,
    inspectors: inspectors.map((i) => ({
      active: i.active,
      certificateExpiry: i.certificateExpiry,
      expert: i.expert,
      id: i.id,
      qualifications: uniqSorted(i.qualifications),
    })),
    strata: strata.map((s) => ({
      bp: s.bp,
      class: s.class,
      ids: s.ids,
      k: s.k,
      kind: s.kind,
      n: s.ids.length,
    })),
    task: {
      classOrder: task.classOrder,
      conflicts: [...new Map(task.conflicts.map((c) => [`${c.entity}\n${c.inspector}`, c])).values()]
        .map((c) => ({ entity: c.entity, inspector: c.inspector }))
        .sort((a, b) => byteCmp(a.entity, b.entity) || byteCmp(a.inspector, b.inspector)),
      endDate: task.endDate,
      exclusions: uniqSorted(task.exclusions.map((e) => e.entity)),
      items: [...new Map(task.items.map((i) => [`${i.code}\n${i.qualification}`, i])).values()]
        .map((i) => ({ code: i.code, qualification: i.qualification }))
        .sort(
          (a, b) =>
            byteCmp(a.code, b.code) ||
            (a.qualification === null ? -1 : 0) - (b.qualification === null ? -1 : 0) ||
            byteCmp(a.qualification ?? '', b.qualification ?? ''),
        ),
      name: task.name,
      number: task.number,
      ratios: KINDS.flatMap((kind) =>
        classes.map((cls) => ({
          bp: task.ratios[kind]?.[cls] ?? 0,
          class: cls === 'unclassified' ? null : cls,
          kind,
        })),
      ),
      startDate: task.startDate,
      teamSize: task.teamSize,
    },
  };
  const text = JSON.stringify(C);
  const digest = createHash('sha256').update(text, 'utf8').digest();
  const seed = Buffer.from(seedHex, 'hex');
  const words: number[] = [];
  let block = 0;
  const word = () => {
    if (words.length === 0) {
      const msg = Buffer.alloc(40);
      digest.copy(msg, 0);
      msg.writeBigUInt64BE(BigInt(block++), 32);
      const h = createHmac('sha256', seed).update(msg).digest();
      for (let i = 0; i < 8; i++) words.push(h.readUInt32BE(i * 4));
    }
    return words.shift()!;
  };
  const below = (n: number) => {
    const limit = 2 ** 32 - (2 ** 32 % n);
    for (;;) {
      const w = word();
      if (w < limit) return w % n;
    }
  };
  const selected: { id: string; kind: string; class: string | null }[] = [];
  for (const s of strata) {
    const a = [...s.ids];
    for (let i = 0; i < s.k; i++) {
      const j = i + below(a.length - i);
      [a[i], a[j]] = [a[j]!, a[i]!];
    }
    for (const id of a.slice(0, s.k)) selected.push({ id, kind: s.kind, class: s.class });
  }
  const required = task.items.flatMap((i) => (i.qualification ? [i.qualification] : []));
  const eTask = inspectors
    .filter(
      (i) =>
        i.active &&
        !i.expert &&
        i.certificateExpiry !== null &&
        i.certificateExpiry >= task.startDate &&
        required.every((q) => i.qualifications.includes(q)),
    )
    .map((i) => i.id);
  const teams: { entity: string; inspectors: string[]; lead: string }[] = [];
  const unstaffed: string[] = [];
  const load = new Map(eTask.map((id) => [id, 0]));
  let cap = eTask.length ? Math.ceil((selected.length * task.teamSize) / eTask.length) : 0;
  for (const s of selected) {
    const E = eTask.filter((id) => !task.conflicts.some((c) => c.entity === s.id && c.inspector === id));
    if (E.length < task.teamSize) {
      unstaffed.push(s.id);
      continue;
    }
    let pool = E.filter((id) => load.get(id)! < cap);
    while (pool.length < task.teamSize) {
      cap++;
      pool = E.filter((id) => load.get(id)! < cap);
    }
    for (let i = 0; i < task.teamSize; i++) {
      const j = i + below(pool.length - i);
      [pool[i], pool[j]] = [pool[j]!, pool[i]!];
    }
    const team = pool.slice(0, task.teamSize);
    for (const id of team) load.set(id, load.get(id)! + 1);
    teams.push({ entity: s.id, inspectors: team, lead: team[0]! });
  }
  return {
    text,
    digest: digest.toString('hex'),
    strata: strata.map((s) => ({ kind: s.kind, class: s.class, N: s.ids.length, k: s.k, bp: s.bp })),
    selected,
    teams,
    unstaffed,
  };
}

// ---------------------------------------------------------------- the worked example

/*
 * Inputs (given in a deliberately unsorted order):
 *   candidates  913 enterprise A, 911 enterprise A, 912 enterprise A, 915 enterprise A (excluded),
 *               914 enterprise A cancelled, 922 individual null, 921 individual null
 *   ratios      enterprise A 5000 bp, individual unclassified 5000 bp, everything else 0
 *   inspectors  E3, E1, E2 eligible; E4 expert; E5 inactive; E6 certificate expired 2026-11-30
 *   conflict    E1 ↔ 911;  teamSize 2;  seed = 32 bytes 0x00, 0x01, …, 0x1f
 *
 * Step 1, strata: 914 is not active and 915 is excluded, so
 *   enterprise/A   sorted [911, 912, 913]  N = 3, k = ceil(3 × 5000 / 10000) = ceil(1.5) = 2
 *   individual/—   sorted [921, 922]       N = 2, k = ceil(2 × 5000 / 10000) = 1
 * Step 2: the commitment text is COMMITMENT below (written by hand from docs/sampling-draw.md §3,
 *   1584 bytes of UTF-8); its SHA-256 is
 *   DIGEST = 1d42c1e5af3f60f4cd4e7d231edacb6d3f5e9a543764d192156f4bacbc3d1ee1
 * Step 4: block 0 = HMAC-SHA256(seed, DIGEST ‖ 00 00 00 00 00 00 00 00), block 1 likewise with …01;
 *   words w0…w8 = 129ca6a8 c62c538c f5aa754d ee5c8af4 20031a4c 25ebf8f5 c4e1c1bb 4694b196 | 55d42404
 * Step 5: below(3) has limit = 2^32 − (2^32 mod 3) = 4294967296 − 1 = 4294967295; below(2) and below(1)
 *   have limit 2^32, so no word is rejected in this example (rejection is tested in draw.test.ts).
 * Step 6, enterprise/A, a = [911, 912, 913], k = 2:
 *   i = 0: w0 = 312256168 (digit sum 34) mod 3 = 1 → j = 1; swap → [912, 911, 913]
 *   i = 1: w1 = 3324793740 mod 2 = 0 → j = 1; no change      → selected 912, 911
 * individual/unclassified, a = [921, 922], k = 1:
 *   i = 0: w2 = 4121589069 mod 2 = 1 → j = 1; swap → [922, 921] → selected 922
 * Plan order: 912, 911, 922.
 * Step 7: E_task = [E1, E2, E3] (E2's certificate expires on the start date, still valid; E4 expert,
 *   E5 inactive, E6 expired the day before); cap = ceil(3 × 2 / 3) = 2; loads 0.
 *   912: E = pool = [E1, E2, E3]
 *        i = 0: w3 = 3999042292 (digit sum 49) mod 3 = 1 → j = 1 → [E2, E1, E3]
 *        i = 1: w4 = 537074252 mod 2 = 0 → j = 1 → unchanged
 *        team [E2, E1], lead E2; loads E1 = 1, E2 = 1
 *   911: E = [E2, E3] (E1 in conflict); pool = [E2, E3] (loads 1, 0 < 2)
 *        i = 0: w5 = 636221685 mod 2 = 1 → j = 1 → [E3, E2]
 *        i = 1: below(1) still consumes w6 → 0 → j = 1
 *        team [E3, E2], lead E3; loads E1 = 1, E2 = 2, E3 = 1
 *   922: E = [E1, E2, E3]; pool = loads < 2 = [E1, E3]
 *        i = 0: w7 = 1184149910 mod 2 = 0 → j = 0
 *        i = 1: below(1) consumes w8 → j = 1
 *        team [E1, E3], lead E1.
 * The tests recompute digest and words with node:crypto and assert the values written above.
 */
const EXAMPLE: DrawInput = {
  task: {
    number: '示例市监抽〔2026〕1号',
    name: '示例任务',
    startDate: '2026-12-01',
    endDate: '2026-12-31',
    items: [{ code: 'A07', qualification: null }],
    teamSize: 2,
    classOrder: ['A', 'B'],
    ratios: { enterprise: { A: 5000 }, individual: { unclassified: 5000 } },
    conflicts: [{ inspector: 'E1', entity: '911' }],
    exclusions: [{ entity: '915', reason: '已列入另一计划' }],
  },
  candidates: [
    { id: '913', kind: 'enterprise', class: 'A', status: 'active' },
    { id: '911', kind: 'enterprise', class: 'A', status: 'active' },
    { id: '912', kind: 'enterprise', class: 'A', status: 'active' },
    { id: '915', kind: 'enterprise', class: 'A', status: 'active' },
    { id: '914', kind: 'enterprise', class: 'A', status: 'cancelled' },
    { id: '922', kind: 'individual', class: null, status: 'active' },
    { id: '921', kind: 'individual', class: null, status: 'active' },
  ],
  inspectors: [
    {
      id: 'E3',
      name: '丙',
      active: true,
      certificateExpiry: '2027-12-31',
      qualifications: [],
      expert: false,
    },
    {
      id: 'E1',
      name: '甲',
      active: true,
      certificateExpiry: '2027-12-31',
      qualifications: [],
      expert: false,
    },
    {
      id: 'E2',
      name: '乙',
      active: true,
      certificateExpiry: '2026-12-01',
      qualifications: [],
      expert: false,
    },
    { id: 'E4', name: '丁', active: true, certificateExpiry: '2027-12-31', qualifications: [], expert: true },
    {
      id: 'E5',
      name: '戊',
      active: false,
      certificateExpiry: '2027-12-31',
      qualifications: [],
      expert: false,
    },
    {
      id: 'E6',
      name: '己',
      active: true,
      certificateExpiry: '2026-11-30',
      qualifications: [],
      expert: false,
    },
  ],
};

const SEED = Buffer.from(Array.from({ length: 32 }, (_, i) => i)).toString('hex');

const COMMITMENT =
  '{"format":"creditdesk-sampling-commitment/1","gradingRun":null,"inspectors":[' +
  '{"active":true,"certificateExpiry":"2027-12-31","expert":false,"id":"E1","qualifications":[]},' +
  '{"active":true,"certificateExpiry":"2026-12-01","expert":false,"id":"E2","qualifications":[]},' +
  '{"active":true,"certificateExpiry":"2027-12-31","expert":false,"id":"E3","qualifications":[]},' +
  '{"active":true,"certificateExpiry":"2027-12-31","expert":true,"id":"E4","qualifications":[]},' +
  '{"active":false,"certificateExpiry":"2027-12-31","expert":false,"id":"E5","qualifications":[]},' +
  '{"active":true,"certificateExpiry":"2026-11-30","expert":false,"id":"E6","qualifications":[]}],' +
  '"strata":[{"bp":5000,"class":"A","ids":["911","912","913"],"k":2,"kind":"enterprise","n":3},' +
  '{"bp":5000,"class":null,"ids":["921","922"],"k":1,"kind":"individual","n":2}],' +
  '"task":{"classOrder":["A","B"],"conflicts":[{"entity":"911","inspector":"E1"}],"endDate":"2026-12-31",' +
  '"exclusions":["915"],"items":[{"code":"A07","qualification":null}],"name":"示例任务",' +
  '"number":"示例市监抽〔2026〕1号","ratios":[' +
  '{"bp":5000,"class":"A","kind":"enterprise"},{"bp":0,"class":"B","kind":"enterprise"},{"bp":0,"class":null,"kind":"enterprise"},' +
  '{"bp":0,"class":"A","kind":"cooperative"},{"bp":0,"class":"B","kind":"cooperative"},{"bp":0,"class":null,"kind":"cooperative"},' +
  '{"bp":0,"class":"A","kind":"individual"},{"bp":0,"class":"B","kind":"individual"},{"bp":5000,"class":null,"kind":"individual"},' +
  '{"bp":0,"class":"A","kind":"other"},{"bp":0,"class":"B","kind":"other"},{"bp":0,"class":null,"kind":"other"}],' +
  '"startDate":"2026-12-01","teamSize":2}}';

function streamWords(digestHex: string, count: number): number[] {
  const out: number[] = [];
  for (let block = 0; out.length < count; block++) {
    const msg = Buffer.concat([Buffer.from(digestHex, 'hex'), Buffer.alloc(8)]);
    msg.writeBigUInt64BE(BigInt(block), 32);
    const h = createHmac('sha256', Buffer.from(SEED, 'hex')).update(msg).digest();
    for (let i = 0; i < 8; i++) out.push(h.readUInt32BE(i * 4));
  }
  return out.slice(0, count);
}

describe('worked example (docs/sampling-draw.md §11)', () => {
  const DIGEST = createHash('sha256').update(COMMITMENT, 'utf8').digest('hex');

  it('commits to the hand-written canonical text', () => {
    expect(commitmentText(prepareDraw(EXAMPLE))).toBe(COMMITMENT);
    expect(drawPlan(EXAMPLE, SEED).digest).toBe(DIGEST);
  });

  it('uses the digest and stream words of the derivation', () => {
    expect(DIGEST).toBe('1d42c1e5af3f60f4cd4e7d231edacb6d3f5e9a543764d192156f4bacbc3d1ee1');
    expect(Buffer.byteLength(COMMITMENT)).toBe(1584);
    const WORDS = streamWords(DIGEST, 9);
    expect(WORDS.map((w) => w.toString(16).padStart(8, '0')).join(' ')).toBe(
      '129ca6a8 c62c538c f5aa754d ee5c8af4 20031a4c 25ebf8f5 c4e1c1bb 4694b196 55d42404',
    );
    const s = new DrawStream(Buffer.from(SEED, 'hex'), Buffer.from(DIGEST, 'hex'));
    expect(Array.from({ length: 9 }, () => s.nextWord())).toEqual(WORDS);
  });

  it('gives the plan derived by hand', () => {
    const plan = drawPlan(EXAMPLE, SEED);
    expect(plan.strata).toEqual([
      { kind: 'enterprise', class: 'A', N: 3, k: 2, bp: 5000 },
      { kind: 'individual', class: null, N: 2, k: 1, bp: 5000 },
    ]);
    expect(plan.selected).toEqual([
      { id: '912', kind: 'enterprise', class: 'A' },
      { id: '911', kind: 'enterprise', class: 'A' },
      { id: '922', kind: 'individual', class: null },
    ]);
    expect(plan.teams).toEqual([
      { entity: '912', inspectors: ['E2', 'E1'], lead: 'E2' },
      { entity: '911', inspectors: ['E3', 'E2'], lead: 'E3' },
      { entity: '922', inspectors: ['E1', 'E3'], lead: 'E1' },
    ]);
    expect(plan.unstaffed).toEqual([]);
    expect(plan.eligibleInspectors).toEqual(['E1', 'E2', 'E3']);
  });

  it('agrees with the reference implementation', () => {
    const ref = referenceDraw(EXAMPLE, SEED);
    expect(ref.text).toBe(COMMITMENT);
    const plan = drawPlan(EXAMPLE, SEED);
    expect({ ...plan, warnings: undefined, eligibleInspectors: undefined }).toEqual({
      ...ref,
      text: undefined,
      seed: SEED,
      warnings: undefined,
      eligibleInspectors: undefined,
    });
  });
});

// ---------------------------------------------------------------- random inputs vs the reference

const classOrder = ['A', 'B', 'C', 'D'];
const arbInput: fc.Arbitrary<DrawInput> = fc
  .record({
    ids: fc.uniqueArray(fc.stringMatching(/^9[0-9A-Z]{1,5}$/), { minLength: 0, maxLength: 60 }),
    kinds: fc.array(fc.constantFrom(...KINDS), { minLength: 60, maxLength: 60 }),
    classes: fc.array(fc.constantFrom('A', 'B', 'C', 'D', null), { minLength: 60, maxLength: 60 }),
    statuses: fc.array(fc.constantFrom('active', 'active', 'active', 'cancelled', 'moved'), {
      minLength: 60,
      maxLength: 60,
    }),
    ratios: fc.array(fc.integer({ min: 0, max: 10000 }), { minLength: 5, maxLength: 5 }),
    inspectors: fc.uniqueArray(
      fc.record({
        id: fc.stringMatching(/^E[0-9]{1,3}$/),
        active: fc.boolean(),
        certificateExpiry: fc.constantFrom(null, '2026-11-30', '2026-12-01', '2030-01-01'),
        qualifications: fc.subarray(['特种设备安全监察员', '药品检查员']),
        expert: fc.boolean(),
      }),
      { selector: (i) => i.id, maxLength: 12 },
    ),
    teamSize: fc.integer({ min: 2, max: 4 }),
    qualification: fc.constantFrom(null, '特种设备安全监察员'),
    conflictPairs: fc.array(fc.tuple(fc.nat(59), fc.nat(11)), { maxLength: 20 }),
    excluded: fc.array(fc.nat(59), { maxLength: 5 }),
  })
  .map((r) => {
    const candidates: SamplingCandidate[] = r.ids.map((id, i) => ({
      id,
      kind: r.kinds[i]!,
      class: r.classes[i]!,
      status: r.statuses[i]! as SamplingCandidate['status'],
    }));
    const monotone = [...r.ratios.slice(0, 4)].sort((a, b) => a - b);
    const profile = {
      A: monotone[0]!,
      B: monotone[1]!,
      C: monotone[2]!,
      D: monotone[3]!,
      unclassified: r.ratios[4]!,
    };
    const inspectors: SamplingInspector[] = r.inspectors.map((i) => ({ ...i, name: i.id }));
    const task: SamplingTask = {
      number: '测〔2026〕1号',
      name: '随机任务 "引号" \\ 与\t制表',
      startDate: '2026-12-01',
      endDate: '2026-12-31',
      items: [
        { code: 'A07', qualification: null },
        { code: 'C03', qualification: r.qualification },
      ],
      teamSize: r.teamSize,
      classOrder,
      ratios: {
        enterprise: profile,
        individual: profile,
        cooperative: { D: 10000 },
        other: { unclassified: 2500 },
      },
      conflicts: r.conflictPairs.flatMap(([c, i]) =>
        candidates[c] && inspectors[i] ? [{ entity: candidates[c].id, inspector: inspectors[i].id }] : [],
      ),
      exclusions: r.excluded.flatMap((c) =>
        candidates[c] ? [{ entity: candidates[c].id, reason: '测试' }] : [],
      ),
    };
    return { task, candidates, inspectors };
  });

describe('an independent implementation of docs/sampling-draw.md', () => {
  it('computes the same commitment and plan on random inputs', () => {
    fc.assert(
      fc.property(arbInput, fc.uint8Array({ minLength: 32, maxLength: 32 }), (input, seedBytes) => {
        const seed = Buffer.from(seedBytes).toString('hex');
        const ref = referenceDraw(input, seed);
        expect(commitmentText(prepareDraw(input))).toBe(ref.text);
        const plan = drawPlan(input, seed);
        expect(plan.digest).toBe(ref.digest);
        expect(plan.strata).toEqual(ref.strata);
        expect(plan.selected).toEqual(ref.selected);
        expect(plan.teams).toEqual(ref.teams);
        expect(plan.unstaffed).toEqual(ref.unstaffed);
      }),
      { numRuns: 300 },
    );
  });
});
