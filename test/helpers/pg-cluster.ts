/**
 * A throwaway PostgreSQL cluster for one test file (issue 17 item 5): initdb into a fresh temp folder,
 * pg_ctl start on a free loopback port with the unix socket inside that folder, one database created,
 * and everything stopped and removed by stop() — or on process exit when a test run is cut short.
 *
 * PostgreSQL refuses to run as root and CI runs as root: there initdb and pg_ctl run as the `postgres`
 * user (runuser), and the folder is given to that user. Durability is switched off (fsync, the WAL's
 * full pages, synchronous commit): a test cluster is thrown away, and this makes start-up and DDL cheap.
 *
 * Start-up cost (measured on the 2-core build machine): ~1.2 s for the very first cluster (initdb into
 * the cached template), then ~0.4–0.7 s per cluster (copying the ~1,000 files: 0.4 s; start 0.13 s;
 * CREATE DATABASE 0.1 s); stop ~0.1 s. Each cluster's `startMs` says what it took.
 */
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, it } from 'vitest';
import { inCi } from './built.ts';

export interface PgCluster {
  /** postgres://… of the test database (trust authentication on 127.0.0.1). */
  url: string;
  /** Milliseconds from the call to a connectable database. */
  startMs: number;
  /** Stops the server and removes its folder; safe to call twice. */
  stop(): void;
}

const DATABASE = 'creditdesk_test';

/** initdb and pg_ctl from PATH, else the newest /usr/lib/postgresql/<n>/bin; null when absent. */
export function findPgBin(): string | null {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir && existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) return dir;
  }
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a));
  for (const v of versions) {
    const bin = join(root, v, 'bin');
    if (existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl'))) return bin;
  }
  return null;
}

const asRoot = (): boolean => process.getuid?.() === 0;

/** Runs a PostgreSQL program, as the `postgres` user when this process is root. */
function runPg(bin: string, program: string, args: readonly string[]): void {
  const exe = join(bin, program);
  const [file, argv] = asRoot() ? ['runuser', ['-u', 'postgres', '--', exe, ...args]] : [exe, [...args]];
  execFileSync(file, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
}

function giveToPostgres(dir: string): void {
  if (asRoot()) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/**
 * The initdb output every cluster starts from, made once per machine, user and server version and kept
 * in the temp folder as a cache: initdb costs about a second, a copy of its output a few milliseconds.
 * Made in a side folder and renamed into place, so two test processes never see half of one.
 */
function templateData(bin: string): string {
  const version = execFileSync(join(bin, 'pg_ctl'), ['--version'], { encoding: 'utf8' })
    .replace(/\D+/g, '-')
    .replace(/^-|-$/g, '');
  const cached = join(tmpdir(), `creditdesk-pg-template-${process.getuid?.() ?? 0}-${version}`);
  if (existsSync(join(cached, 'PG_VERSION'))) return cached;
  const dir = mkdtempSync(join(tmpdir(), 'creditdesk-pg-initdb-'));
  try {
    giveToPostgres(dir);
    const data = join(dir, 'data');
    runPg(bin, 'initdb', [
      '-D',
      data,
      '-U',
      'postgres',
      '--auth=trust',
      '--encoding=UTF8',
      // C.UTF-8: upper() and the trigram tokenizer read Chinese text by Unicode, whatever the host's locale.
      '--locale=C.UTF-8',
      '--no-sync',
      '--no-instructions',
    ]);
    try {
      renameSync(data, cached);
    } catch (e) {
      // Another test process got there first: its copy is as good.
      if (!existsSync(join(cached, 'PG_VERSION'))) throw e;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return cached;
}

/**
 * A detached shell that stops the server and removes its folder once this process is gone, however it
 * ends: vitest ends its test processes with a signal, and 'exit' handlers do not run then.
 */
function watchdog(bin: string, data: string, dir: string): void {
  const q = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;
  const pgCtl = `${asRoot() ? 'runuser -u postgres -- ' : ''}${q(join(bin, 'pg_ctl'))}`;
  const script =
    `while kill -0 ${process.pid} 2>/dev/null && [ -d ${q(data)} ]; do sleep 1; done; ` +
    `[ -d ${q(data)} ] && ${pgCtl} -D ${q(data)} -m immediate -w -s stop >/dev/null 2>&1; rm -rf ${q(dir)}`;
  spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' }).unref();
}

/**
 * Starts a cluster with one empty database. Throws when the binaries are missing. `settings`: more
 * `-c name=value` options (a scale bench gives the server a bureau's memory instead of a test's).
 */
export async function startPgCluster(settings: readonly string[] = []): Promise<PgCluster> {
  const started = performance.now();
  const bin = findPgBin();
  if (!bin) throw new Error('PostgreSQL binaries (initdb, pg_ctl) not found');
  const source = templateData(bin);
  const dir = mkdtempSync(join(tmpdir(), 'creditdesk-pg-'));
  const data = join(dir, 'data');
  cpSync(source, data, { recursive: true });
  // The server refuses a data folder others can read; the copy took the process umask.
  chmodSync(data, 0o700);
  giveToPostgres(dir);
  const port = await freePort();
  const options = [
    `-c listen_addresses=127.0.0.1`,
    `-c port=${port}`,
    `-c unix_socket_directories=${dir}`,
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=20',
    '-c shared_buffers=32MB',
    ...settings.map((s) => `-c ${s}`),
  ].join(' ');
  runPg(bin, 'pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-o', options, '-w', '-s', 'start']);

  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    process.removeListener('exit', stop);
    try {
      runPg(bin, 'pg_ctl', ['-D', data, '-m', 'immediate', '-w', '-s', 'stop']);
    } catch {
      // Already gone (killed by the test itself): the folder is removed all the same.
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stop);
  watchdog(bin, data, dir);

  const admin = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
  try {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${DATABASE}`);
  } catch (e) {
    stop();
    throw e;
  } finally {
    await admin.end().catch(() => undefined);
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/${DATABASE}`,
    startMs: performance.now() - started,
    stop,
  };
}

/**
 * `describe` when PostgreSQL is installed. Without it: in CI a failing suite saying so (.ci/run installs
 * the package, so a missing one is a broken CI step); locally a SKIPPED line and a skipped suite.
 */
export function describePg(name: string, body: () => void): void {
  if (findPgBin()) {
    describe(name, body);
    return;
  }
  const why = 'PostgreSQL not installed (initdb/pg_ctl not on PATH nor in /usr/lib/postgresql/*/bin)';
  if (inCi()) {
    describe(name, () => {
      it('needs PostgreSQL', () => {
        throw new Error(`CI must not skip PostgreSQL tests: ${why}; .ci/run installs the postgresql package`);
      });
    });
    return;
  }
  console.warn(`SKIPPED: ${name}: ${why}`);
  describe.skip(name, body);
}
