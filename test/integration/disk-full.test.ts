/**
 * Issue 15 item 1: on a full disk every write path says 磁盘空间不足 in Chinese with what was kept,
 * never reports work that is not durable as done, and the database opens again once space is freed.
 * Runs on a small tmpfs (mounting needs root); where mounting is refused it prints SKIPPED and skips.
 */
import { execFileSync } from 'node:child_process';
import {
  closeSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statfsSync,
  statSync,
  writeSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CliIO } from '../../cli/io.ts';
import { main } from '../../cli/main.ts';
import { Backend } from '../../electron/backend/backend.ts';
import { seedDemoPool } from '../../electron/services/sampling/demo-pool.ts';
import { drawTask } from '../../electron/services/sampling/draw-service.ts';
import { createTask, getTask } from '../../electron/services/sampling/tasks.ts';
import { FAST_SCRYPT, TEST_COUNTY, tempDir } from '../helpers/tmp.ts';
import { PASSWORD, writeSheet } from './exchange-fixture.ts';

// Room for a 20,000-row import with its WAL and the merged file at once, indexes included.
const MOUNT_SIZE = '40m';
let mountDir = '';
let mounted = false;
const outside = tempDir(); // source files and backups live off the small disk

beforeAll(() => {
  mountDir = mkdtempSync(join(tmpdir(), 'creditdesk-full-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${MOUNT_SIZE}`, 'tmpfs', mountDir], { stdio: 'pipe' });
    mounted = true;
  } catch (e) {
    console.log(
      `SKIPPED: disk-full tests need a small tmpfs and mounting was refused (${e instanceof Error ? e.message.split('\n')[0] : e})`,
    );
  }
});

afterAll(() => {
  if (mounted) execFileSync('umount', [mountDir]);
  rmSync(mountDir, { recursive: true, force: true });
  outside.cleanup();
});

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    env: { CREDITDESK_PASSWORD: PASSWORD },
  };
  const code = await main(args, io);
  return { code, out, err: err.join('\n') };
}

const FILLER = () => join(mountDir, 'filler.bin');

/** Fills the small disk until at most `leaveBytes` remain free. */
function fillDisk(leaveBytes = 0): void {
  const st = statfsSync(mountDir);
  let toWrite = Math.max(0, st.bavail * st.bsize - leaveBytes);
  const chunk = Buffer.alloc(1024 * 1024);
  const fd = openSync(FILLER(), 'a');
  try {
    while (toWrite > 0) {
      const n = Math.min(chunk.length, toWrite);
      try {
        writeSync(fd, chunk, 0, n);
      } catch {
        break; // ENOSPC: the disk is full
      }
      toWrite -= n;
    }
  } finally {
    closeSync(fd);
  }
}

function freeDisk(): void {
  rmSync(FILLER(), { force: true });
}

function sha(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** A CSV of `n` new entities with long-ish addresses (about 150 bytes a row once stored). */
function entitiesCsv(name: string, n: number, from = 0): string {
  const rows: unknown[][] = [['注册号', '企业名称', '住所', '法定代表人']];
  for (let i = from; i < from + n; i++) {
    rows.push([
      `3303821${String(i).padStart(8, '0')}`,
      `示范县第${i}号商贸有限公司`,
      `示范县城关镇人民路${i}号${'附'.repeat(40)}`,
      `张${i}`,
    ]);
  }
  return writeSheet(join(outside.dir, name), rows);
}

async function newDatabase(name: string, demoEntities = 0): Promise<string> {
  const dbPath = join(mountDir, name, 'county.db');
  const b = new Backend({ dbPath, firstRunDemo: null, scrypt: FAST_SCRYPT, idleTimer: false });
  await b.call('app.setup', {
    admin: { username: 'admin', displayName: '管理员', password: PASSWORD },
    county: TEST_COUNTY,
    demo: demoEntities > 0 ? { entities: demoEntities, seed: 'full-disk' } : null,
  });
  b.close();
  return dbPath;
}

async function integrityAndCount(dbPath: string): Promise<{ integrity: string; entities: number }> {
  const b = new Backend({ dbPath, firstRunDemo: null, scrypt: FAST_SCRYPT, idleTimer: false });
  try {
    await b.call('session.login', { username: 'admin', password: PASSWORD });
    const db = b.db();
    return {
      integrity: db.pragma('integrity_check', { simple: true }) as string,
      entities: (db.prepare('SELECT count(*) AS n FROM entities').get() as { n: number }).n,
    };
  } finally {
    b.close();
  }
}

async function storedResults(dbPath: string): Promise<number> {
  const b = new Backend({ dbPath, firstRunDemo: null, scrypt: FAST_SCRYPT, idleTimer: false });
  try {
    await b.call('session.login', { username: 'admin', password: PASSWORD });
    return (b.db().prepare('SELECT count(*) AS n FROM inspection_results').get() as { n: number }).n;
  } finally {
    b.close();
  }
}

const AT = '2026-11-01T08:00:00.000Z';

describe('a full disk', () => {
  beforeEach((ctx) => {
    if (!mounted) ctx.skip();
    freeDisk();
  });
  // Each test starts with the whole small disk: the previous one's databases are removed.
  afterEach(() => {
    if (!mounted) return;
    for (const name of readdirSync(mountDir)) rmSync(join(mountDir, name), { recursive: true, force: true });
  });

  it('an import that does not fit is withdrawn with a Chinese message; reads and a retry work once space is freed', async () => {
    const dbPath = await newDatabase('import');
    const first = await run([
      'import',
      '--db',
      dbPath,
      '--kind',
      'entities',
      entitiesCsv('a.csv', 50),
      '--json',
    ]);
    expect(first.code).toBe(0);
    const big = entitiesCsv('big.csv', 20_000, 1000);

    fillDisk(256 * 1024);
    const full = await run(['import', '--db', dbPath, '--kind', 'entities', big, '--json']);
    expect(full.code).toBe(2);
    expect(full.out).toEqual([]); // no success line
    expect(full.err).toContain('磁盘空间不足');
    expect(full.err).toContain('导入已撤销');
    expect(full.err).not.toContain('程序内部错误');
    expect(full.err).not.toMatch(/database or disk is full|SQLITE|ENOSPC/);

    // No room even for the WAL index: a read-only command says so (it used to blame the key).
    fillDisk(0);
    const none = await run(['entities', 'list', '--db', dbPath, '--json']);
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/磁盘空间不足.*数据库未受影响/);
    expect(none.err).not.toMatch(/程序内部错误|密钥/);
    // A little room: the read works; its login entry waits and joins the chain later.
    freeDisk();
    fillDisk(96 * 1024);
    const list = await run(['entities', 'list', '--db', dbPath, '--json']);
    expect(list.code).toBe(0);
    expect(list.out).toHaveLength(50);

    freeDisk();
    expect(await integrityAndCount(dbPath)).toEqual({ integrity: 'ok', entities: 50 });
    const retry = await run(['import', '--db', dbPath, '--kind', 'entities', big, '--json']);
    expect(retry.code).toBe(0);
    expect(JSON.parse(retry.out[0]!)).toMatchObject({ inserted: 20_000, checkpointed: true });
    const verify = await run(['audit', 'verify', '--db', dbPath, '--json']);
    expect(JSON.parse(verify.out[0]!)).toMatchObject({ intact: true });
    const logins = await run(['audit', 'list', '--db', dbPath, '--json', '--action', 'session.login']);
    expect(logins.out.length).toBeGreaterThanOrEqual(5); // init, 2 imports, list, retry, verify, list
  });

  it('an import committed to the WAL but not merged says the data is safe; nothing is lost', async () => {
    // How much the database grows for this import, measured on an identical database.
    const calib = await newDatabase('calib');
    const csv = entitiesCsv('wal.csv', 8000, 50_000);
    const sizeOf = (p: string) => statSync(p).size;
    const before = sizeOf(calib);
    expect((await run(['import', '--db', calib, '--kind', 'entities', csv, '--json'])).code).toBe(0);
    const growth = sizeOf(calib) - before;
    expect(growth).toBeGreaterThan(1024 * 1024);
    rmSync(join(mountDir, 'calib'), { recursive: true, force: true });

    const dbPath = await newDatabase('wal');
    // Room for the log (≈ growth) but not also for merging it into the file (another ≈ growth).
    fillDisk(Math.round(growth * 1.5));
    const r = await run(['import', '--db', dbPath, '--kind', 'entities', csv, '--json']);
    expect(r.err).not.toContain('程序内部错误');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out[0]!)).toMatchObject({ inserted: 8000, checkpointed: false });
    expect(r.err).toContain('数据已完整写入并保存在数据库的预写日志中，不会丢失');
    // Later commands on the still-full disk (they all said 程序内部错误): no room to open the log's
    // index, so they say so plainly; nothing is lost.
    const list = await run(['entities', 'list', '--db', dbPath, '--json']);
    expect(list.code).toBe(2);
    expect(list.err).toMatch(/磁盘空间不足.*数据库未受影响/);
    freeDisk();
    expect(await integrityAndCount(dbPath)).toEqual({ integrity: 'ok', entities: 8000 });
  });

  it('every write path of the app says 磁盘空间不足 and that the database is unaffected', async () => {
    const dbPath = await newDatabase('app', 300);
    const b = new Backend({ dbPath, firstRunDemo: null, scrypt: FAST_SCRYPT, idleTimer: false });
    try {
      await b.call('session.login', { username: 'admin', password: PASSWORD });
      const models = await b.call('models.list', {});
      const modelId = models.models[0]!.id;
      // Enough entities that a grading run has pages to write.
      const seeded = await run([
        'import',
        '--db',
        dbPath,
        '--kind',
        'entities',
        entitiesCsv('seed.csv', 2700),
        '--json',
      ]);
      expect(seeded.code).toBe(0);
      // A drawn plan, so a result can be entered (as in exchange-plan-results.test.ts).
      const db = b.db();
      const actor = b.user();
      seedDemoPool(db, actor, AT);
      db.prepare(
        `INSERT INTO grading_runs (id, model_id, model_version, as_of, created_by, created_at, status, entity_count)
         VALUES (1, 'samr-risk', '1.0.0', '2026-10-31', 'admin', ?, 'complete', 0)`,
      ).run(AT);
      const taskId = createTask(
        db,
        actor,
        {
          number: '示范县市监抽〔2026〕9号',
          name: '2026 年第 9 批抽查',
          items: ['A07'],
          gradingRunId: 1,
          profileId: 'henan-2021',
          startDate: '2026-11-02',
          endDate: '2026-11-20',
          teamSize: 2,
        },
        AT,
      );
      drawTask(db, actor, taskId, AT);
      const entityId = getTask(db, actor, taskId, '2026-11-02').plan!.entries[0]!.entityId;
      db.pragma('wal_checkpoint(TRUNCATE)');
      fillDisk(0);

      const calls: [string, unknown][] = [
        ['sampling.results.enter', { taskId, entityId, results: ['1'], checkedOn: '2026-11-05' }],
        ['grading.run', { modelId, asOf: '2026-11-01' }],
        ['lock.setIdleSeconds', { seconds: 600 }],
        ['users.add', { username: 'li', displayName: '李四', role: 'officer', password: 'officer-pass-1' }],
        ['backup.create', {}],
      ];
      for (const [method, input] of calls) {
        const r = await b.dispatch(method, input);
        expect(r.ok, method).toBe(false);
        if (!r.ok) {
          expect(r.error.message, method).toContain('磁盘空间不足');
          expect(r.error.message, method).toContain('数据库未受影响');
          expect(r.error.message, method).not.toContain('程序内部错误');
        }
      }
    } finally {
      b.close();
    }
    freeDisk();
    expect(await integrityAndCount(dbPath)).toEqual({ integrity: 'ok', entities: 3000 });
    expect(await storedResults(dbPath)).toBe(0); // the result entered on the full disk was not stored
  });

  it('demo generation that does not fit is withdrawn; the database stays as it was', async () => {
    const dbPath = await newDatabase('demo');
    fillDisk(256 * 1024);
    const r = await run(['demo', '--db', dbPath, '--entities', '20000', '--seed', 'full']);
    expect(r.code).toBe(2);
    expect(r.out).toEqual([]);
    expect(r.err).toMatch(/磁盘空间不足.*数据库未受影响/);
    expect(r.err).not.toContain('程序内部错误');
    freeDisk();
    expect(await integrityAndCount(dbPath)).toEqual({ integrity: 'ok', entities: 0 });
  });

  it('restore on a full disk leaves the database as it was and no half copy behind', async () => {
    const dbPath = await newDatabase('restore');
    const seeded = await run([
      'import',
      '--db',
      dbPath,
      '--kind',
      'entities',
      entitiesCsv('r.csv', 4000),
      '--json',
    ]);
    expect(seeded.code).toBe(0);
    const backup = JSON.parse((await run(['backup', '--db', dbPath])).out[0]!) as { id: string };
    const before = sha(dbPath);
    fillDisk(64 * 1024);
    const r = await run(['restore', '--db', dbPath, backup.id]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('磁盘空间不足');
    expect(r.err).toContain('数据库未受影响');
    expect(r.err).not.toMatch(/ENOSPC|copyfile|程序内部错误/);
    expect(sha(dbPath)).toBe(before);
    freeDisk();
    expect(await integrityAndCount(dbPath)).toEqual({ integrity: 'ok', entities: 4000 });
    const again = await run(['restore', '--db', dbPath, backup.id]);
    expect(again.err).toBe('');
    expect(again.code).toBe(0);
  });
});
