/**
 * Jobs never block (issue 18 items 2 and 3). The app's backend runs in its worker thread, as in the app
 * (startBackendWorker), and hands long jobs to its job worker. During each kind of job (demo, grading run,
 * import preview / commit / undo, manual and daily backup, exports of grading results and of the target
 * pool, audit log verify and export, quarterly report workbook) a prober calls
 * `entities.search` (a name fragment, first page with count) and `app.progress` back to back and
 * records their latencies; it also records the longest gap between two different progress reports.
 * Each job's own duration is printed beside them.
 *
 * Baseline (the honest floor, same run, same database): the same search and progress calls with no job
 * running. Ratios are worst and median latency during the job over the idle median.
 *
 * Start-up: a fresh process starts the backend worker, logs in and reads the first page of the entity
 * list, for the first login of the day (a daily backup is due: it now runs after login) and a later
 * login. scrypt (the production key derivation) is timed on its own in the same run.
 *
 * Size: BENCH_ENTITIES (default 100,000; 1,000,000 when asked); the import is BENCH_IMPORT_ROWS rows
 * (default a fifth of that). BENCH_JOBS=demo stops after demo generation.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes, scryptSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as XLSX from 'xlsx';
import type { JobProgress } from '../shared/api/contract.ts';
import { DEMO_COUNTY, generateDemoCounty } from '../shared/demo/index.ts';
import type { BackendClient } from '../electron/backend/client.ts';
import { startBackendWorker } from '../electron/backend/worker-client.ts';
import { DEFAULT_SCRYPT } from '../electron/db/keyfile.ts';

const N = Number(process.env.BENCH_ENTITIES ?? 100_000);
const IMPORT_ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? Math.max(1000, Math.round(N / 5)));
const ADMIN = { username: 'admin', displayName: '管理员', password: 'bench-jobs-password' };
const dir = mkdtempSync(join(tmpdir(), 'creditdesk-bench-jobs-'));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function stats(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  return { n: s.length, median: s[Math.floor(s.length / 2)] ?? Number.NaN, worst: s.at(-1) ?? Number.NaN };
}
const f1 = (x: number) => x.toFixed(1);

async function ok<T>(client: BackendClient, method: Parameters<BackendClient['call']>[0], input: unknown) {
  const env = await client.call(method, input);
  if (!env.ok) throw new Error(`${method}: ${env.error.message}`);
  return env.value as T;
}

interface Probe {
  /** Searches made once the job had reported (app.setup first creates the database: no job yet). */
  search: number[];
  /** Searches made before the job's first report (setup still deriving the key and migrating). */
  beforeJob: number[];
  progress: number[];
  /** When the slowest search during the job started (ms after the job was asked), and the progress seen before it. */
  worstAt: { ms: number; seen: string };
  /** Longest time between two different progress reports seen while the job ran, and the report it followed. */
  progressGap: number;
  gapAfter: string;
}

/** Probes until `job` settles; returns the job's duration and what the probes saw. */
async function during<T>(client: BackendClient, query: string, job: () => Promise<T>) {
  const probe: Probe = {
    search: [],
    beforeJob: [],
    progress: [],
    progressGap: 0,
    gapAfter: '',
    worstAt: { ms: 0, seen: '' },
  };
  let done = false;
  const started = performance.now();
  const running = job().finally(() => {
    done = true;
  });
  let last = '';
  let lastChange = performance.now();
  let jobSeen = false;
  let worst = 0;
  while (!done) {
    let t = performance.now();
    const p = await ok<JobProgress>(client, 'app.progress', {});
    probe.progress.push(performance.now() - t);
    jobSeen ||= p.job !== null;
    const key = `${p.job}|${p.stage}|${p.done}`;
    if (key !== last) {
      const gap = performance.now() - lastChange;
      if (last !== '' && gap > probe.progressGap) {
        probe.progressGap = gap;
        probe.gapAfter = last;
      }
      last = key;
      lastChange = performance.now();
    }
    if (done) break;
    t = performance.now();
    await ok(client, 'entities.search', { query });
    const took = performance.now() - t;
    if (!jobSeen) {
      probe.beforeJob.push(took);
    } else {
      if (took > worst) probe.worstAt = { ms: t - started, seen: key };
      worst = Math.max(worst, took);
      probe.search.push(took);
    }
    await sleep(20);
  }
  const value = await running;
  // The job's answer ends the last stretch: a silent finish (index builds, commit) counts as a gap too.
  const tail = performance.now() - lastChange;
  if (last !== '' && tail > probe.progressGap) {
    probe.progressGap = tail;
    probe.gapAfter = `${last} (until the job answered)`;
  }
  return { value, seconds: (performance.now() - started) / 1000, probe };
}

function report(
  name: string,
  r: { seconds: number; probe: Probe },
  idle: { search: number; progress: number },
) {
  const s = stats(r.probe.search);
  const p = stats(r.probe.progress);
  const before = stats(r.probe.beforeJob);
  console.log(
    `${name.padEnd(24)} job ${f1(r.seconds).padStart(6)} s | search median ${f1(s.median)} ms worst ${f1(s.worst)} ms (${f1(s.worst / idle.search)}× idle median, n=${s.n}) | progress median ${f1(p.median)} ms worst ${f1(p.worst)} ms (${f1(p.worst / idle.progress)}×) | longest progress gap ${f1(r.probe.progressGap)} ms (after ${r.probe.gapAfter})`,
  );
  console.log(
    `${''.padEnd(24)} searches over 100 ms: ${r.probe.search.filter((ms) => ms > 100).length}; worst search began ${f1(r.probe.worstAt.ms)} ms in, after ${r.probe.worstAt.seen}${before.n ? `; before the job's first report: worst ${f1(before.worst)} ms (n=${before.n})` : ''}`,
  );
}

function importSheet(): Buffer {
  const rows: unknown[][] = [['统一社会信用代码', '企业名称', '成立日期', '登记状态']];
  for (const { entity } of generateDemoCounty({
    entities: IMPORT_ROWS * 4,
    seed: 'bench-import',
    county: DEMO_COUNTY,
    asOf: '2026-10-31',
  })) {
    if (!entity.uscc || entity.status !== 'active') continue;
    rows.push([entity.uscc, entity.name, entity.establishedOn ?? '', '存续']);
    if (rows.length > IMPORT_ROWS) break;
  }
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), 'Sheet1');
  return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer;
}

async function upload(client: BackendClient, bytes: Buffer): Promise<string> {
  const { uploadId, chunkBytes } = await ok<{ uploadId: string; chunkBytes: number }>(
    client,
    'exchange.uploadBegin',
    { fileName: 'bench.xlsx', size: bytes.length },
  );
  for (let i = 0, off = 0; off < bytes.length; i++, off += chunkBytes) {
    const base64 = bytes.subarray(off, off + chunkBytes).toString('base64');
    await ok(client, 'exchange.uploadChunk', { uploadId, index: i, base64 });
  }
  return uploadId;
}

/** A fresh process: backend worker, login, first page of the entity list (jobs-login.child.ts). */
function startToFirstPage(label: string) {
  const r = spawnSync(process.execPath, [join(import.meta.dirname, 'jobs-login.child.ts'), dir], {
    encoding: 'utf8',
    env: { ...process.env, BENCH_PASSWORD: ADMIN.password },
  });
  if (r.status !== 0) throw new Error(`${label}: ${r.stderr}`);
  const t = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, number>;
  console.log(
    `${label.padEnd(28)} process start → first page ${f1(t.total ?? 0)} ms (imports ${f1(t.imports ?? 0)}, worker ready ${f1(t.ready ?? 0)}, login incl. scrypt ${f1(t.login ?? 0)}, first page ${f1(t.page ?? 0)}); daily backup after it ${t.backup === undefined ? 'not due' : `${f1(t.backup)} ms`}`,
  );
}

let client: BackendClient | undefined;
try {
  console.log(`jobs bench: ${N} entities, import ${IMPORT_ROWS} rows`);
  // The worker checks files above this size after login, in the background (0: always), as at 1 M.
  process.env.CREDITDESK_SYNC_CHECK_MAX_BYTES = '0';
  client = startBackendWorker({
    dataDir: dir,
    workerUrl: new URL('../electron/backend/worker.ts', import.meta.url),
  });
  const c = client;
  await ok(c, 'app.status', {});

  // Demo generation is measured first: the database is empty until it ends, so search answers fast
  // whatever the job; what matters is that it answers at all.
  // The probe waits while setup itself derives the key (scrypt) before the demo job starts.
  const demo = await during(c, '商贸', () =>
    ok(c, 'app.setup', {
      admin: ADMIN,
      county: DEMO_COUNTY,
      demo: { entities: N, seed: 'bench-jobs' },
    }),
  );

  const idleSearch: number[] = [];
  const idleProgress: number[] = [];
  for (let i = 0; i < 30; i++) {
    let t = performance.now();
    await ok(c, 'entities.search', { query: '商贸' });
    idleSearch.push(performance.now() - t);
    t = performance.now();
    await ok(c, 'app.progress', {});
    idleProgress.push(performance.now() - t);
  }
  const idle = { search: stats(idleSearch).median, progress: stats(idleProgress).median };
  console.log(
    `idle (no job)          search median ${f1(idle.search)} ms, progress median ${f1(idle.progress)} ms`,
  );
  report('demo generation', demo, idle);
  // BENCH_JOBS=demo: only the demo (bench/demo.bench.ts times the write itself against a raw floor).
  if (process.env.BENCH_JOBS !== 'demo') await otherJobs(c, idle);
} finally {
  await client?.close();
  rmSync(dir, { recursive: true, force: true });
}

async function otherJobs(c: BackendClient, idle: { search: number; progress: number }) {
  report(
    'grading run',
    await during(c, '商贸', () =>
      ok(c, 'grading.run', { modelId: 'samr-risk', modelVersion: null, asOf: '2026-10-31' }),
    ),
    idle,
  );
  const uploadId = await upload(c, importSheet());
  report(
    'import preview',
    await during(c, '商贸', () => ok(c, 'exchange.preview', { uploadId, kind: 'entities' })),
    idle,
  );
  const commit = await during(c, '商贸', () =>
    ok<{ batchId: number }>(c, 'exchange.commit', { uploadId, kind: 'entities' }),
  );
  report('import commit', commit, idle);
  report(
    'import undo',
    await during(c, '商贸', () => ok(c, 'exchange.undo', { batchId: commit.value.batchId })),
    idle,
  );
  report('manual backup', await during(c, '商贸', () => ok(c, 'backup.create', {})), idle);
  // Exports and the audit log's checks run in the job worker too; each writes a file offered for download.
  report(
    'export grading results',
    await during(c, '商贸', () => ok(c, 'exchange.export', { kind: 'grading_results' })),
    idle,
  );
  report(
    'export target pool',
    await during(c, '商贸', () => ok(c, 'exchange.export', { kind: 'target_pool' })),
    idle,
  );
  report('audit verify', await during(c, '商贸', () => ok(c, 'audit.verify', {})), idle);
  report('audit export', await during(c, '商贸', () => ok(c, 'audit.export', {})), idle);
  report(
    'quarterly report',
    await during(c, '商贸', () => ok(c, 'analysis.quarterlyExport', { year: 2026, quarter: 4 })),
    idle,
  );

  // A login starts the background integrity check (every size, see above) and the day's backup; both
  // are probed from the moment login has answered (login itself waits for scrypt, shown below).
  await ok(c, 'session.logout', {});
  rmSync(join(dir, 'backups'), { recursive: true, force: true });
  await ok(c, 'session.login', { username: ADMIN.username, password: ADMIN.password });
  const afterLogin = await during(c, '商贸', async () => {
    for (;;) {
      const s = await ok<{ integrity: string | null; dailyBackup: { state: string } | null }>(
        c,
        'app.status',
        {},
      );
      if (
        s.integrity !== 'checking' &&
        s.dailyBackup?.state !== 'running' &&
        s.dailyBackup?.state !== 'waiting'
      )
        return s;
      await sleep(50);
    }
  });
  report('login + daily backup + quick_check', afterLogin, idle);
  await c.close();
  client = undefined;

  const salt = randomBytes(16);
  const t = performance.now();
  scryptSync('password', salt, 32, { ...DEFAULT_SCRYPT, maxmem: 256 * DEFAULT_SCRYPT.N * DEFAULT_SCRYPT.r });
  console.log(`scrypt (production parameters) ${f1(performance.now() - t)} ms`);
  // The day's backup was written above; remove them so the first start counts as the day's first login.
  rmSync(join(dir, 'backups'), { recursive: true, force: true });
  startToFirstPage('first login of the day');
  startToFirstPage('later login');
}
