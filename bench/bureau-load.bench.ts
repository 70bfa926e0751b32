/**
 * A bounded load test of a bureau server (issue 17 item 5): BENCH_OFFICERS (default 20) simulated
 * officers, each in its own session over HTTP on loopback, search, open credit files and enter
 * inspection results for BENCH_SECONDS (default 60) while an administrator imports a BENCH_IMPORT_ROWS
 * (default 10,000) row .xlsx through the API (upload, preview, commit) and then starts a grading run.
 * The same officers' BENCH_SECONDS without any job, measured first in the same run, is the baseline.
 *
 * Setup: a throwaway PostgreSQL cluster (loopback, durability off), `server init`, a demo county of
 * BENCH_ENTITIES (default 20,000) entities with records, the demo inspector pool, a complete grading run
 * and a sampling task drawn on it. The server is createBureauHttp in this process on 127.0.0.1:0 with
 * BENCH_THREADS request threads (default: as `creditdesk serve` chooses; 0: every call on the main
 * thread, as before request threads) and the jobs in their job thread, as `creditdesk serve` runs it,
 * but with rate limits lifted (the
 * officers here call back to back, far faster than the 20 calls/s a session may make) and with a
 * cheap password hash (FAST_SCRYPT): sign-ins are not what is measured.
 *
 * An officer's round: a name fragment search, a code prefix search, opening one found entity's credit
 * file, entering a result on one of its own plan entries (each officer has every OFFICERS-th entry of
 * the plan, so no two officers write one entry), and reading the task back to see the result as
 * entered. BENCH_THINK_MS (default 0) pauses between rounds; at 0 every officer calls back to back,
 * which loads the server far more than 20 people at their desks do: each request thread answers one
 * call at a time (the PostgreSQL bridge blocks it), so a call's latency is partly its wait behind the
 * other officers' calls on its thread. Each method's time inside the backend (`served`, dispatch to
 * answer, the wait for a thread included) is shown beside it.
 *
 * Checked: every call answered ok (failures are listed), every read-back shows what was entered, and at
 * the end every officer's last entry per plan entry is stored in the database exactly as entered (no
 * lost update); the import and the grading run both complete. The phase with jobs lasts until both
 * have ended, and at least BENCH_SECONDS. Exit code 1 when any of this fails.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAndMigratePg } from '../electron/db/postgres/pg-db.ts';
import { all, sql } from '../electron/db/sql.ts';
import { defaultThreads } from '../cli/commands/serve.ts';
import { BureauBackend } from '../electron/server/bureau/bureau-backend.ts';
import { type BureauDispatcher, RequestThreads } from '../electron/server/bureau/request-threads.ts';
import { createBureauHttp } from '../electron/server/bureau/bureau-http.ts';
import { startPgCluster } from '../test/helpers/pg-cluster.ts';
import { FAST_SCRYPT } from '../test/helpers/tmp.ts';
import { Browser } from './bureau-load/browser.ts';
import { ADMIN, AS_OF, type County, setUpCounty } from './bureau-load/county.ts';
import { writeImportSheet } from './bureau-load/import-sheet.ts';
import { percentiles, Tally } from './bureau-load/tally.ts';

const ENTITIES = Number(process.env.BENCH_ENTITIES ?? 20_000);
const OFFICERS = Number(process.env.BENCH_OFFICERS ?? 20);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const IMPORT_ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 10_000);
const THINK_MS = Number(process.env.BENCH_THINK_MS ?? 0);
const THREADS = Number(process.env.BENCH_THREADS ?? defaultThreads());
/** High enough that no officer of the simulation is ever refused for calling too often. */
const LIMITS = { perSecond: 100_000, burst: 100_000, signInsPerMinute: 100_000 };
/** Single codes without a parent: the service stores them as given, so "as entered" is exact. */
const RESULT_CHOICES = [['1'], ['E'], ['F'], ['7']];

interface Entered {
  results: string[];
  checkedOn: string;
  note: string;
  by: string;
}

interface JobTimes {
  uploadMs: number;
  previewMs: number;
  commitMs: number;
  gradingMs: number;
  imported: unknown;
  graded: number | null;
  /** When the import began and the grading run ended, from the start of the phase. */
  startedAtMs: number;
  endedAtMs: number;
}

interface Phase {
  name: string;
  /** The officers' calls. */
  tally: Tally;
  /** The administrator's calls that start and carry the jobs. */
  admin: Tally;
  /** Every call's time inside the backend, from dispatch to answer, without the wait in line. */
  served: Tally;
  wallMs: number;
  jobs: JobTimes | null;
}

type Value = Record<string, unknown>;

/** A small seeded generator: each officer's choices are the same from run to run. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One call, timed into the tally; null (and a failure listed) unless it answered ok. */
async function timed(
  b: Browser,
  who: string,
  tally: Tally,
  method: string,
  input: unknown,
): Promise<Value | null> {
  try {
    const a = await b.call(method, input);
    tally.add(method, a.ms);
    if (a.status === 200 && a.envelope.ok) return a.envelope.value as Value;
    const e = a.envelope.ok ? null : a.envelope.error;
    tally.fail(method, who, `HTTP ${a.status} ${e?.code ?? ''}: ${e?.message ?? ''}`);
  } catch (e) {
    tally.fail(method, who, `transport: ${(e as Error).message}`);
  }
  return null;
}

function must(v: Value | null, what: string): Value {
  if (v === null) throw new Error(`setup failed: ${what}`);
  return v;
}

const checkedOnFor = (seq: number) => `2026-11-${String(2 + (seq % 27)).padStart(2, '0')}`;

async function officerRounds(
  b: Browser,
  k: number,
  county: County,
  phase: Phase,
  entered: Map<number, Entered>,
  stop: () => boolean,
): Promise<void> {
  const who = `officer${k}`;
  const mine = county.planEntities.filter((_, i) => i % OFFICERS === k);
  const rand = seeded(k * 7919 + phase.name.length);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  let seq = 0;
  while (!stop()) {
    const s = pick(county.samples);
    // Two characters from inside the name (past the county's own name, which every entity shares).
    const chars = [...s.name];
    const from = 3 + Math.floor(rand() * Math.max(1, chars.length - 5));
    await timed(b, who, phase.tally, 'entities.search', { query: chars.slice(from, from + 2).join('') });
    const byCode = await timed(b, who, phase.tally, 'entities.search', {
      query: s.code.slice(0, 6 + Math.floor(rand() * 9)),
    });
    const rows = (byCode?.rows as { id: number }[] | undefined) ?? [];
    await timed(b, who, phase.tally, 'entities.get', { id: rows.length > 0 ? pick(rows).id : s.id });

    const entityId = mine[seq % mine.length]!;
    const entry: Entered = {
      results: RESULT_CHOICES[(seq + k) % RESULT_CHOICES.length]!,
      checkedOn: checkedOnFor(seq + k),
      note: `${who} ${phase.name} #${seq}`,
      by: who,
    };
    const wrote = await timed(b, who, phase.tally, 'sampling.results.enter', {
      taskId: county.taskId,
      entityId,
      results: entry.results,
      checkedOn: entry.checkedOn,
      note: entry.note,
    });
    if (wrote) entered.set(entityId, entry);
    const task = await timed(b, who, phase.tally, 'sampling.tasks.get', { taskId: county.taskId });
    if (wrote && task) {
      const entries = (task.plan as { entries: { entityId: number; result: Value | null }[] }).entries;
      const seen = entries.find((e) => e.entityId === entityId)?.result ?? null;
      if (!sameAs(seen, entry)) {
        phase.tally.fail(
          'read-back',
          who,
          `entity ${entityId}: entered ${show(entry)}, read ${JSON.stringify(seen)}`,
        );
      }
    }
    seq++;
    if (THINK_MS > 0) await new Promise((r) => setTimeout(r, THINK_MS));
  }
}

function sameAs(seen: Value | null, e: Entered): boolean {
  return (
    seen !== null &&
    JSON.stringify(seen.results) === JSON.stringify(e.results) &&
    seen.checkedOn === e.checkedOn &&
    seen.note === e.note
  );
}

const show = (e: Entered) => `${e.results.join(',')} ${e.checkedOn} "${e.note}" by ${e.by}`;

/** The administrator's import (upload, preview, commit through the API) and then a grading run. */
async function adminJobs(admin: Browser, tally: Tally, sheet: Buffer, t0: number): Promise<JobTimes> {
  const startedAtMs = performance.now() - t0;
  const lap = (() => {
    let t = performance.now();
    return () => {
      const ms = performance.now() - t;
      t = performance.now();
      return Math.round(ms);
    };
  })();
  const begin = await timed(admin, 'admin', tally, 'exchange.uploadBegin', {
    fileName: '负载测试导入.xlsx',
    size: sheet.length,
  });
  const times: JobTimes = {
    uploadMs: 0,
    previewMs: 0,
    commitMs: 0,
    gradingMs: 0,
    imported: null,
    graded: null,
    startedAtMs,
    endedAtMs: 0,
  };
  if (begin) {
    const uploadId = begin.uploadId as string;
    const chunk = begin.chunkBytes as number;
    let ok = true;
    for (let i = 0; ok && i * chunk < sheet.length; i++) {
      const base64 = sheet.subarray(i * chunk, (i + 1) * chunk).toString('base64');
      ok =
        (await timed(admin, 'admin', tally, 'exchange.uploadChunk', { uploadId, index: i, base64 })) !== null;
    }
    times.uploadMs = lap();
    if (ok && (await timed(admin, 'admin', tally, 'exchange.preview', { uploadId, kind: 'entities' }))) {
      times.previewMs = lap();
      const committed = await timed(admin, 'admin', tally, 'exchange.commit', { uploadId, kind: 'entities' });
      times.commitMs = lap();
      times.imported = committed?.counts ?? null;
    }
  }
  lap();
  const graded = await timed(admin, 'admin', tally, 'grading.run', {
    modelId: 'samr-risk',
    modelVersion: null,
    asOf: AS_OF,
  });
  times.gradingMs = lap();
  times.graded = ((graded?.run as Value | undefined)?.entityCount as number | undefined) ?? null;
  times.endedAtMs = performance.now() - t0;
  return times;
}

/** Where the backend's own time per call goes: the phase under way. */
let servedInto = new Tally();

/** Times each call inside the backend, so queueing behind other officers can be told from work. */
function timeDispatch(backend: BureauDispatcher): void {
  const dispatch = backend.dispatch.bind(backend);
  backend.dispatch = async (method, input, call) => {
    const t = performance.now();
    try {
      return await dispatch(method, input, call);
    } finally {
      servedInto.add(String(method), performance.now() - t);
    }
  };
}

async function runPhase(
  name: string,
  officers: Browser[],
  admin: Browser | null,
  sheet: Buffer,
  county: County,
  entered: Map<number, Entered>,
): Promise<Phase> {
  const phase: Phase = {
    name,
    tally: new Tally(),
    admin: new Tally(),
    served: new Tally(),
    wallMs: 0,
    jobs: null,
  };
  servedInto = phase.served;
  const t0 = performance.now();
  let jobsRunning = admin !== null;
  const jobs = admin
    ? adminJobs(admin, phase.admin, sheet, t0).finally(() => {
        jobsRunning = false;
      })
    : null;
  const stop = () => !jobsRunning && performance.now() - t0 >= SECONDS * 1000;
  await Promise.all(officers.map((b, k) => officerRounds(b, k, county, phase, entered, stop)));
  phase.jobs = jobs ? await jobs : null;
  phase.wallMs = performance.now() - t0;
  return phase;
}

/** Every officer's last entry per plan entry, compared with what the database holds. */
function lostUpdates(pg: ReturnType<typeof openAndMigratePg>, county: County, entered: Map<number, Entered>) {
  const stored = new Map(
    all<{ entityId: number; results: unknown; checkedOn: string; note: string | null; enteredBy: string }>(
      pg,
      sql`SELECT entity_id AS "entityId", results, checked_on AS "checkedOn", note, entered_by AS "enteredBy"
          FROM inspection_results WHERE plan_id = ${county.planId}`,
    ).map((r) => [Number(r.entityId), r]),
  );
  const lost: string[] = [];
  for (const [entityId, e] of entered) {
    const r = stored.get(entityId);
    const results = r ? (typeof r.results === 'string' ? JSON.parse(r.results) : r.results) : null;
    const same =
      r !== undefined &&
      JSON.stringify(results) === JSON.stringify(e.results) &&
      r.checkedOn === e.checkedOn &&
      r.note === e.note &&
      r.enteredBy === e.by;
    if (!same) lost.push(`entity ${entityId}: entered ${show(e)}, stored ${JSON.stringify(r ?? null)}`);
  }
  const strangers = [...stored.keys()].filter((id) => !entered.has(id));
  for (const id of strangers) lost.push(`entity ${id}: stored a result nobody entered`);
  return { checked: entered.size, stored: stored.size, lost };
}

const pad = (s: string | number, n: number) => String(s).padStart(n);
const ms = (x: number) => x.toFixed(1);

function printPhase(p: Phase): void {
  const secs = p.wallMs / 1000;
  console.log(
    `\n${p.name}: ${secs.toFixed(1)} s, the officers' ${p.tally.calls()} calls ` +
      `(${(p.tally.calls() / secs).toFixed(0)}/s), ${p.tally.failures.length + p.admin.failures.length} failures; ` +
      `load average ${loadavg()[0]?.toFixed(1)}`,
  );
  printTable(p.tally, p.served);
  if (p.admin.calls() > 0) {
    console.log("the administrator's calls (upload, and the jobs: preview, commit, grading run):");
    printTable(p.admin, p.served);
  }
}

/**
 * Latency as the caller waited (queueing behind the other officers included), and beside it the time
 * the backend spent on the call itself (`served`: from dispatch to answer).
 */
function printTable(tally: Tally, served: Tally): void {
  console.log(
    `${'method'.padEnd(24)}${pad('calls', 7)}${pad('p50 ms', 9)}${pad('p95', 9)}${pad('p99', 9)}${pad('max', 9)}` +
      `${pad('served p50', 12)}${pad('p95', 9)}${pad('max', 9)}`,
  );
  const rows = [...tally.latencies.entries()].sort(([a], [b]) => a.localeCompare(b));
  const servedAll = rows.flatMap(([m]) => served.latencies.get(m) ?? []);
  for (const [method, list] of [...rows, ['(all)', tally.all()] as const]) {
    const q = percentiles(list);
    const s = percentiles(method === '(all)' ? servedAll : (served.latencies.get(method) ?? []));
    console.log(
      `${method.padEnd(24)}${pad(q.n, 7)}${pad(ms(q.p50), 9)}${pad(ms(q.p95), 9)}${pad(ms(q.p99), 9)}${pad(ms(q.max), 9)}` +
        `${pad(ms(s.p50), 12)}${pad(ms(s.p95), 9)}${pad(ms(s.max), 9)}`,
    );
  }
}

function printRatios(base: Phase, loaded: Phase): void {
  console.log('\nwith jobs / baseline (p50, p95):');
  for (const method of [...base.tally.latencies.keys()].sort()) {
    const a = percentiles(base.tally.latencies.get(method) ?? []);
    const b = percentiles(loaded.tally.latencies.get(method) ?? []);
    console.log(
      `${method.padEnd(24)}${pad((b.p50 / a.p50).toFixed(2), 7)}×${pad((b.p95 / a.p95).toFixed(2), 7)}×`,
    );
  }
  const a = percentiles(base.tally.all());
  const b = percentiles(loaded.tally.all());
  console.log(
    `${'(all)'.padEnd(24)}${pad((b.p50 / a.p50).toFixed(2), 7)}×${pad((b.p95 / a.p95).toFixed(2), 7)}×`,
  );
}

async function main(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'creditdesk-bench-load-'));
  const cluster = await startPgCluster();
  const serverLog: string[] = [];
  try {
    const pg = openAndMigratePg(cluster.url);
    let t = performance.now();
    const county = await setUpCounty(pg, dir, ENTITIES);
    if (county.planEntities.length < OFFICERS) {
      throw new Error(`the plan has ${county.planEntities.length} entries, fewer than ${OFFICERS} officers`);
    }
    const sheet = writeImportSheet(join(dir, 'import.xlsx'), IMPORT_ROWS);
    console.log(
      `${ENTITIES} entities, ${county.records} records, plan of ${county.planEntities.length} entries ` +
        `(${Math.floor(county.planEntities.length / OFFICERS)}+ per officer); import sheet ${IMPORT_ROWS} rows, ` +
        `${(sheet.length / 1024).toFixed(0)} KiB; set up in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );
    console.log(
      `${OFFICERS} officers, ${SECONDS} s per phase, think time ${THINK_MS} ms; rate limits lifted to ` +
        `${LIMITS.perSecond}/s per session (the server's default is 20/s, burst 60); ` +
        (THREADS > 0 ? `${THREADS} request threads` : 'every call on the main thread'),
    );

    const log = (m: string) => serverLog.push(m);
    const backend =
      THREADS > 0
        ? new RequestThreads({ url: cluster.url, dataDir: dir, threads: THREADS, scrypt: FAST_SCRYPT, log })
        : new BureauBackend({
            db: openAndMigratePg(cluster.url),
            url: cluster.url,
            dataDir: dir,
            scrypt: FAST_SCRYPT,
            log,
          });
    if (backend instanceof RequestThreads) await backend.ready();
    timeDispatch(backend);
    const server = createBureauHttp({ backend, limits: LIMITS });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const base = new URL(`http://127.0.0.1:${(server.address() as { port: number }).port}/`);
    const admin = new Browser(base);
    const officers: Browser[] = [];
    try {
      const setup = new Tally();
      must(
        await timed(admin, 'admin', setup, 'session.login', {
          username: ADMIN.username,
          password: ADMIN.password,
        }),
        'admin sign-in',
      );
      for (let k = 0; k < OFFICERS; k++) {
        const account = {
          username: `officer${k}`,
          displayName: `执法员${k}`,
          role: 'officer',
          password: `Officer-Pass-${k}`,
        };
        must(await timed(admin, 'admin', setup, 'users.add', account), `users.add officer${k}`);
        const b = new Browser(base);
        must(
          await timed(b, account.username, setup, 'session.login', {
            username: account.username,
            password: account.password,
          }),
          `sign-in officer${k}`,
        );
        officers.push(b);
      }

      const entered = new Map<number, Entered>();
      t = performance.now();
      const baseline = await runPhase('baseline', officers, null, sheet, county, entered);
      const loaded = await runPhase('with-jobs', officers, admin, sheet, county, entered);
      const check = lostUpdates(pg, county, entered);

      printPhase(baseline);
      printPhase(loaded);
      printRatios(baseline, loaded);
      const j = loaded.jobs!;
      console.log(
        `\njobs (started ${(j.startedAtMs / 1000).toFixed(1)} s into the phase, ended ${(j.endedAtMs / 1000).toFixed(1)} s): ` +
          `upload ${(j.uploadMs / 1000).toFixed(1)} s, preview ${(j.previewMs / 1000).toFixed(1)} s, ` +
          `commit ${(j.commitMs / 1000).toFixed(1)} s (${JSON.stringify(j.imported)}), ` +
          `grading run ${(j.gradingMs / 1000).toFixed(1)} s (${j.graded ?? 'failed'} entities)`,
      );
      console.log(
        `lost updates: ${check.lost.length} (${check.checked} plan entries entered by the officers, ` +
          `${check.stored} results stored)`,
      );
      const failures = [baseline, loaded].flatMap((p) => [...p.tally.failures, ...p.admin.failures]);
      console.log(`errors: ${failures.length}`);
      for (const f of failures.slice(0, 30)) console.log(`  ${f.method} (${f.who}): ${f.what}`);
      for (const l of check.lost.slice(0, 30)) console.log(`  lost: ${l}`);
      for (const l of serverLog.slice(0, 30)) console.log(`  server log: ${l}`);
      const jobsOk = j.imported !== null && j.graded !== null;
      return failures.length === 0 && check.lost.length === 0 && jobsOk ? 0 : 1;
    } finally {
      for (const b of [admin, ...officers]) b.close();
      await new Promise<void>((r) => server.close(() => r()));
      await backend.close();
      pg.close();
    }
  } finally {
    cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
