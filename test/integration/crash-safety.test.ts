/**
 * Crash safety (SPEC §9, issue 6): a kill at any moment loses at most the operation in flight and
 * never leaves half of one. A child process runs a long operation on an encrypted database through the
 * real services (crash-safety.child.ts); once its progress output shows it is inside the operation's
 * transaction, it gets SIGKILL — no handler, no cleanup. The database must then pass integrity_check and
 * hold either none of the operation (killed) or all of it (an uninterrupted run of the same kind).
 */
import { spawn } from 'node:child_process';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Backend } from '../../electron/backend/backend.ts';
import { INCOMPLETE_DATABASE_MESSAGE } from '../../electron/db/unjournaled-write.ts';
import { generateDemoCounty } from '../../shared/demo/index.ts';
import { FAST_SCRYPT, TEST_COUNTY, tempDir } from '../helpers/tmp.ts';

const CHILD = fileURLToPath(new URL('./crash-safety.child.ts', import.meta.url));
const ADMIN = { username: 'admin', displayName: '管理员', password: 'crash-test-pw' };
const BASE_ENTITIES = 30_000;

interface Killed {
  /** The child was killed by our SIGKILL (not finished, not crashed on its own). */
  signal: NodeJS.Signals | null;
  code: number | null;
  progress: [number, number] | null;
  /** The WAL's size at the kill; with a stage named, the database file's. */
  walBytesAtKill: number;
  output: string;
}

/**
 * Runs the child; SIGKILLs it at the first progress line with `done >= minDone` and `done < total`, or
 * `afterMs` after the line `STAGE <stage>` when a stage is named.
 */
function runAndKill(
  args: string[],
  dbPath: string,
  minDone: number,
  at?: { stage: string; afterMs: number },
): Promise<Killed> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, CRASH_SMALL_CACHE: '1' },
    });
    let output = '';
    let progress: [number, number] | null = null;
    let walBytesAtKill = 0;
    let killed = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), 150_000);
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => {
      output += d;
    });
    child.stdout.on('data', (d: string) => {
      output += d;
      if (killed) return;
      if (at) {
        if (d.includes(`STAGE ${at.stage}\n`)) {
          killed = true;
          setTimeout(() => {
            walBytesAtKill = statSync(dbPath).size;
            child.kill('SIGKILL');
          }, at.afterMs);
        }
        return;
      }
      for (const m of d.matchAll(/^PROGRESS (\d+) (\d+)$/gm)) {
        const done = Number(m[1]);
        const total = Number(m[2]);
        if (done >= minDone && done < total) {
          killed = true;
          progress = [done, total];
          walBytesAtKill = existsSync(`${dbPath}-wal`) ? statSync(`${dbPath}-wal`).size : 0;
          child.kill('SIGKILL');
          break;
        }
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, progress, walBytesAtKill, output });
    });
  });
}

/** Runs the child to the end; returns its DONE payload. */
function runToEnd(args: string[]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      output += d;
    });
    child.stderr.on('data', (d: string) => {
      output += d;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      const done = /^DONE (.*)$/m.exec(output);
      if (code === 0 && done) resolve(JSON.parse(done[1]!));
      else reject(new Error(`child exited ${code}: ${output.slice(-2000)}`));
    });
  });
}

interface State {
  integrity: string;
  entities: number;
  records: number;
  batches: number;
  audit: number;
  auditChainContinuous: boolean;
  runs: number;
  results: number;
}

/** Opens the database as a fresh process would after the crash (login: key, quick_check, migrate). */
async function state(dbPath: string): Promise<State> {
  const b = new Backend({ dbPath, firstRunDemo: null });
  try {
    await b.call('session.login', { username: ADMIN.username, password: ADMIN.password });
    const db = b.db();
    const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    const chain = db.prepare('SELECT prev_hash AS prev, hash FROM audit_log ORDER BY id').all() as {
      prev: string;
      hash: string;
    }[];
    return {
      integrity: db.pragma('integrity_check', { simple: true }) as string,
      entities: n('SELECT count(*) AS n FROM entities'),
      records: n('SELECT count(*) AS n FROM records'),
      batches: n('SELECT count(*) AS n FROM import_batches'),
      // The login just made adds one audit entry; count the others.
      audit: n("SELECT count(*) AS n FROM audit_log WHERE action <> 'session.login'"),
      auditChainContinuous: chain.every((e, i) => i === 0 || e.prev === chain[i - 1]!.hash),
      runs: n('SELECT count(*) AS n FROM grading_runs'),
      results: n('SELECT count(*) AS n FROM grading_results'),
    };
  } finally {
    b.close();
  }
}

const creds = (dbPath: string) => [dbPath, ADMIN.username, ADMIN.password];

describe('SIGKILL in the middle of a long operation', () => {
  let dbPath: string;
  let dir: string;
  let cleanup: () => void;

  beforeAll(async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    dir = t.dir;
    dbPath = join(t.dir, 'creditdesk.db');
    const b = new Backend({ dbPath, firstRunDemo: null, scrypt: FAST_SCRYPT });
    await b.call('app.setup', {
      admin: ADMIN,
      county: TEST_COUNTY,
      demo: { entities: BASE_ENTITIES, seed: 'crash-base' },
    });
    b.close();
  }, 180_000);
  afterAll(() => cleanup?.());

  it('demo generation (40,000 entities with their records in one transaction): killed → none of it; uninterrupted → all of it', async () => {
    const before = await state(dbPath);
    expect(before).toMatchObject({ integrity: 'ok', entities: BASE_ENTITIES, batches: 1 });

    const k = await runAndKill(['demo', ...creds(dbPath), '40000', 'crash-big'], dbPath, 8_000);
    expect(k.signal, k.output).toBe('SIGKILL');
    expect(k.progress![0]).toBeGreaterThanOrEqual(8_000);
    // The demo writes with a 512 MiB page cache, so its uncommitted pages mostly stay in memory; the
    // import below is the case where they had spilled to the WAL when the kill came.
    console.log(`demo killed at ${k.progress!.join('/')}, WAL ${k.walBytesAtKill} bytes`);

    const after = await state(dbPath);
    expect(after).toEqual(before);

    const done = (await runToEnd(['demo', ...creds(dbPath), '2000', 'crash-small'])) as { inserted: number };
    const complete = await state(dbPath);
    expect(complete.integrity).toBe('ok');
    expect(complete.entities).toBe(BASE_ENTITIES + done.inserted);
    expect(complete.batches).toBe(2);
    expect(complete.auditChainContinuous).toBe(true);
  }, 240_000);

  it('a grading run: killed → no run and no result rows; uninterrupted → one run with every result', async () => {
    const before = await state(dbPath);
    expect(before.runs).toBe(0);
    const k = await runAndKill(['grade', ...creds(dbPath), 'samr-risk', '2026-10-31'], dbPath, 1);
    expect(k.signal, k.output).toBe('SIGKILL');
    console.log(`grading killed at ${k.progress!.join('/')}, WAL ${k.walBytesAtKill} bytes`);

    const after = await state(dbPath);
    expect(after.integrity).toBe('ok');
    expect(after.runs).toBe(0);
    expect(after.results).toBe(0);
    expect(after.entities).toBe(before.entities);
    expect(after.auditChainContinuous).toBe(true);

    const done = (await runToEnd(['grade', ...creds(dbPath), 'samr-risk', '2026-10-31'])) as {
      run: { entityCount: number; skippedCount: number };
    };
    const complete = await state(dbPath);
    expect(complete.runs).toBe(1);
    expect(complete.results).toBe(done.run.entityCount);
    expect(done.run.entityCount + done.run.skippedCount).toBe(before.entities);
  }, 240_000);

  it('an Excel import of 12,000 rows: killed → no row, no batch; uninterrupted → every row', async () => {
    const file = join(dir, 'entities.xlsx');
    const rows: (string | null)[][] = [['统一社会信用代码', '企业名称']];
    for (const { entity } of generateDemoCounty({
      entities: 12_000,
      seed: 'crash-import',
      county: TEST_COUNTY,
      asOf: '2026-10-31',
    })) {
      rows.push([entity.uscc ?? entity.regNo, entity.name]);
    }
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), '市场主体');
    writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer);

    const before = await state(dbPath);
    const k = await runAndKill(['import', ...creds(dbPath), file], dbPath, 3_000);
    expect(k.signal, k.output).toBe('SIGKILL');
    console.log(`import killed at ${k.progress!.join('/')}, WAL ${k.walBytesAtKill} bytes`);
    expect(k.walBytesAtKill).toBeGreaterThan(1 << 20);

    const after = await state(dbPath);
    expect(after).toEqual(before);

    const done = (await runToEnd(['import', ...creds(dbPath), file])) as {
      batchId: number;
      counts: { inserted: number; updated: number; unchanged: number };
    };
    const complete = await state(dbPath);
    expect(complete.integrity).toBe('ok');
    expect(complete.batches).toBe(before.batches + 1);
    expect(done.counts.inserted).toBeGreaterThan(11_000);
    expect(complete.entities).toBe(before.entities + done.counts.inserted);
  }, 240_000);
});

describe('SIGKILL while a new file is filled without the WAL (`creditdesk demo` creating its database)', () => {
  const kills: [string, number, { stage: string; afterMs: number } | undefined][] = [
    ['while its rows are written', 8_000, undefined],
    ['while its commit writes the pages into the file', 0, { stage: '正在保存演示数据', afterMs: 40 }],
  ];
  for (const [when, minDone, at] of kills) {
    it(`killed ${when} → every later open refuses the file as incomplete`, async () => {
      const t = tempDir();
      try {
        const dbPath = join(t.dir, 'creditdesk.db');
        const b = new Backend({ dbPath, firstRunDemo: null, scrypt: FAST_SCRYPT });
        await b.call('app.setup', { admin: ADMIN, county: TEST_COUNTY, demo: null });
        b.close();
        const bytesBefore = statSync(dbPath).size;
        const k = await runAndKill(
          ['demo-unjournaled', ...creds(dbPath), '40000', 'crash-new'],
          dbPath,
          minDone,
          at,
        );
        expect(k.signal, k.output).toBe('SIGKILL');
        // Without the WAL there is no log to recover from: what reached the file stays in it.
        expect(existsSync(`${dbPath}-wal`)).toBe(false);
        if (at) expect(k.walBytesAtKill).toBeGreaterThan(bytesBefore);
        console.log(
          `new-file demo killed ${when}: file ${bytesBefore} → ${statSync(dbPath).size} bytes (${k.walBytesAtKill} at the kill)`,
        );
        await expect(state(dbPath)).rejects.toMatchObject({
          code: 'database_unreadable',
          message: INCOMPLETE_DATABASE_MESSAGE,
        });
      } finally {
        t.cleanup();
      }
    }, 240_000);
  }
});
