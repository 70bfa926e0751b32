/**
 * The in-process measurements of bench/million.bench.ts, one per process so each has its own peak RSS:
 *   node bench/million.child.ts search|draw|probe DATA_DIR
 * (DATA_DIR holds a copy of the 1 M database; the password is in CREDITDESK_PASSWORD). Prints one line
 * `RESULT {json}`.
 *   - search: through the backend's own call, as the entity list asks it (count + first page):
 *     name fragments of 1–4 characters cut from real names, every code prefix of 1–10 characters of
 *     real codes, punctuation-only queries; each distinct query once, latency per kind.
 *   - draw: the demonstration inspector pool, a task over the whole county on the latest complete
 *     grading run (a run is made first when there is none); building the inputs, the preview and the
 *     draw (stored, as the app does) timed apart, beside a floor (the same columns read by one bare
 *     query through the same covering indexes, the codes put in byte order by a typed-array radix sort
 *     and hashed with node:crypto — the least a verifiable draw from the database must do).
 *   - probe: the app's backend in its worker thread: login, the background checks after it, then a
 *     grading run while `entities.search` and `app.progress` are called back to back.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { JobProgress } from '../shared/api/contract.ts';
import { Backend } from '../electron/backend/backend.ts';
import type { BackendClient } from '../electron/backend/client.ts';
import { startBackendWorker } from '../electron/backend/worker-client.ts';
import { dbPathIn } from '../electron/paths.ts';
import { buildDrawInputs } from '../electron/services/sampling/candidates.ts';
import { byteOrderPermutation } from '../shared/sampling/id-order.ts';
import { loadTask } from '../electron/services/sampling/task-store.ts';

const [phase, dataDir = ''] = process.argv.slice(2);
const LOGIN = {
  username: process.env.CREDITDESK_USER || 'admin',
  password: process.env.CREDITDESK_PASSWORD ?? '',
};
const AS_OF = '2026-10-31';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Wall and CPU milliseconds of an awaited call (CPU of this process: the machine is shared). */
async function timed<T>(f: () => Promise<T> | T): Promise<{ wall: number; cpu: number; value: T }> {
  const c = process.cpuUsage();
  const t = performance.now();
  const value = await f();
  const u = process.cpuUsage(c);
  return { wall: performance.now() - t, cpu: (u.user + u.system) / 1000, value };
}

function stats(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(s.length * q))] ?? Number.NaN;
  return { n: s.length, median: at(0.5), p95: at(0.95), worst: s.at(-1) ?? Number.NaN };
}

const rssMiB = () => Math.round(process.resourceUsage().maxRSS / 1024);

async function inProcess(): Promise<Backend> {
  const backend = new Backend({ dbPath: dbPathIn(dataDir), firstRunDemo: null });
  await backend.call('session.login', LOGIN);
  // Above its size threshold the login checks the file in the background (a thread of this process);
  // the timings below start once it has ended, so they neither share the CPU with it nor count its time.
  while ((await backend.call('app.status', {})).integrity === 'checking') await sleep(200);
  return backend;
}

async function search() {
  const backend = await inProcess();
  try {
    const firstPage = await timed(() => backend.call('entities.search', { query: '', limit: 100 }));
    const sample = [
      ...(await backend.call('entities.search', { limit: 200 })).rows,
      ...(await backend.call('entities.search', { limit: 200, offset: 500_000 })).rows,
    ];
    const names = sample.map((r) => [...r.name]);
    const codes = sample.map((r) => r.code).filter((c) => c.length >= 10);
    const fragments = [
      ...names.slice(60, 80).map((n) => n[3] ?? ''),
      ...names.slice(0, 20).map((n) => n.slice(3, 5).join('')),
      ...names.slice(20, 40).map((n) => n.slice(3, 6).join('')),
      ...names.slice(40, 60).map((n) => n.slice(2, 6).join('')),
      ...names.slice(200, 220).map((n) => n.slice(2, 4).join('')),
    ];
    const prefixes: string[] = [];
    for (const code of codes.slice(0, 10).concat(codes.slice(200, 210)))
      for (let len = 1; len <= 10; len++) prefixes.push(code.slice(0, len));
    const punctuation = ['（', '）', '-', '·', '（）', ' - ', '、', '“”', '.', '/', '()', '*'];
    const kinds = {
      'name fragment 1–4': fragments,
      'code prefix 1–10': prefixes,
      'punctuation only': punctuation,
    };
    const out: Record<string, unknown> = {
      firstPageMs: firstPage.wall,
      entities: firstPage.value.total,
    };
    // Twice: the first time a query meets pages the database has not read yet (as a user's first
    // search of the day does), the second time SQLite's cache holds what the first one read.
    for (const pass of ['first', 'again'] as const)
      for (const [kind, queries] of Object.entries(kinds)) {
        const ms: number[] = [];
        const slowest: { q: string; ms: number }[] = [];
        let cpu = 0;
        for (const q of new Set(queries.filter(Boolean))) {
          const t = await timed(() => backend.call('entities.search', { query: q }));
          ms.push(t.wall);
          cpu += t.cpu;
          slowest.push({ q, ms: Math.round(t.wall) });
        }
        slowest.sort((a, b) => b.ms - a.ms);
        out[pass === 'first' ? kind : `${kind}, again`] = {
          ...stats(ms),
          cpuMs: cpu,
          slowest: slowest.slice(0, 3),
        };
      }
    return out;
  } finally {
    backend.close();
  }
}

async function draw() {
  const backend = await inProcess();
  try {
    const db = backend.db();
    const seeded = await backend.call('sampling.demo.seed', {});
    const latestRun = async () =>
      (await backend.call('sampling.gradingRuns', {})).runs.reduce<{ id: number } | null>(
        (latest, r) => (latest && latest.id > r.id ? latest : r),
        null,
      );
    // A copy of the demo database has no grading run yet: grade it first (minutes; not timed).
    if (!(await latestRun()))
      await backend.call('grading.run', { modelId: 'samr-risk', modelVersion: null, asOf: AS_OF });
    const run = await latestRun();
    if (!run) throw new Error('no grading run to draw from');
    const sample = (await backend.call('entities.search', { limit: 50, offset: 1000 })).rows;
    const { taskId } = await backend.call('sampling.tasks.create', {
      number: `示范县市监抽〔2026〕${900 + (Date.now() % 99)}号`,
      name: '全县公示信息抽查（百万主体计时）',
      items: ['A07'],
      gradingRunId: run.id,
      profileId: 'henan-2021',
      startDate: '2026-11-02',
      endDate: '2026-11-20',
      teamSize: 2,
      exclusions: sample.slice(0, 20).map((r) => ({ entity: r.code, reason: '在办案件' })),
    });
    const rssBefore = rssMiB();
    const floor = await timed(() => {
      // The floor reads the columns the digest needs through the draw's covering indexes (a bench-only
      // query), puts the codes in byte order with the typed-array radix sort and hashes them once.
      const rows = db
        .prepare(
          `SELECT entities.id, coalesce(uscc, reg_no, ''), kind, status, g.grade FROM entities INDEXED BY entities_pool
           LEFT JOIN grading_results g INDEXED BY grading_results_grade ON g.run_id = ? AND g.entity_id = entities.id
           ORDER BY entities.id`,
        )
        .raw(true)
        .all(run.id) as [number, string][];
      const codes = rows.map((r) => r[1]);
      const sorted = Array.from(byteOrderPermutation(codes, true), (i) => codes[i]!);
      return createHash('sha256').update(sorted.join(',')).digest('hex');
    });
    const inputs = await timed(() => buildDrawInputs(db, loadTask(db, taskId)));
    const candidates = inputs.value.candidates.ids.length;
    const preview = await timed(() => backend.call('sampling.tasks.preview', { taskId }));
    const drawn = await timed(() => backend.call('sampling.tasks.draw', { taskId, expectedDigest: null }));
    return {
      inspectors: seeded.inspectors,
      gradingRun: run.id,
      candidates,
      selected: drawn.value.selected,
      floor: { wall: floor.wall, cpu: floor.cpu },
      inputs: { wall: inputs.wall, cpu: inputs.cpu },
      preview: { wall: preview.wall, cpu: preview.cpu },
      draw: { wall: drawn.wall, cpu: drawn.cpu },
      rssBeforeMiB: rssBefore,
      peakRssMiB: rssMiB(),
    };
  } finally {
    backend.close();
  }
}

async function ok<T>(client: BackendClient, method: Parameters<BackendClient['call']>[0], input: unknown) {
  const env = await client.call(method, input);
  if (!env.ok) throw new Error(`${method}: ${env.error.message}`);
  return env.value as T;
}

async function probe() {
  const client = startBackendWorker({
    dataDir,
    workerUrl: new URL('../electron/backend/worker.ts', import.meta.url),
  });
  try {
    await ok(client, 'app.status', {});
    const login = await timed(() => ok(client, 'session.login', LOGIN));
    // The integrity check and a due daily backup run after login; the grading run is started once they end.
    const checks = await timed(async () => {
      for (;;) {
        const s = await ok<{ integrity: string | null; dailyBackup: { state: string } | null }>(
          client,
          'app.status',
          {},
        );
        if (
          s.integrity !== 'checking' &&
          s.dailyBackup?.state !== 'running' &&
          s.dailyBackup?.state !== 'waiting'
        )
          return s;
        await sleep(100);
      }
    });
    const idle: number[] = [];
    for (let i = 0; i < 20; i++)
      idle.push((await timed(() => ok(client, 'entities.search', { query: '商贸' }))).wall);

    const search: number[] = [];
    const progress: number[] = [];
    let gap = 0;
    let done = false;
    const started = performance.now();
    const job = ok(client, 'grading.run', { modelId: 'samr-risk', modelVersion: null, asOf: AS_OF }).finally(
      () => {
        done = true;
      },
    );
    let last = '';
    let lastChange = performance.now();
    while (!done) {
      const p = await timed(() => ok<JobProgress>(client, 'app.progress', {}));
      progress.push(p.wall);
      const key = `${p.value.job}|${p.value.stage}|${p.value.done}`;
      if (key !== last) {
        if (last !== '') gap = Math.max(gap, performance.now() - lastChange);
        last = key;
        lastChange = performance.now();
      }
      if (done) break;
      search.push((await timed(() => ok(client, 'entities.search', { query: '商贸' }))).wall);
      await sleep(20);
    }
    await job;
    return {
      loginMs: login.wall,
      checksAfterLoginMs: checks.wall,
      idleSearch: stats(idle),
      jobSeconds: (performance.now() - started) / 1000,
      search: stats(search),
      progress: stats(progress),
      longestProgressGapMs: gap,
    };
  } finally {
    await client.close();
  }
}

const phases: Record<string, () => Promise<unknown>> = { search, draw, probe };
const run = phase ? phases[phase] : undefined;
if (!run || !dataDir) {
  console.error(
    `usage: node bench/million.child.ts ${Object.keys(phases).join('|')} DATA_DIR (${join('…', 'creditdesk.db')})`,
  );
  process.exit(2);
}
console.log(`RESULT ${JSON.stringify(await run())}`);
