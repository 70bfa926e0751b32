/**
 * Anchors of the audit log outside the database (issue 15 item 3). Someone with the data key can cut
 * entries off the end and fix the head, or recompute the whole chain; the chain alone then looks intact
 * (asserted below, so the anchors are what catches it). The head recorded earlier in the anchor file
 * beside the database, in a backup's manifest or in an exported plan file must no longer match, and
 * `audit verify` (command line and backend) must say so.
 */
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import type { CliIO } from '../../cli/io.ts';
import { Backend } from '../../electron/backend/backend.ts';
import { readKeyFile, unwrapForUser } from '../../electron/db/keyfile.ts';
import { type Db, openDatabase } from '../../electron/db/open.ts';
import { auditHash, GENESIS_HASH } from '../../electron/services/audit/log.ts';
import { anchorFilePathFor, readAnchorFile } from '../../electron/services/audit/anchor-file.ts';
import { verifyAuditChain } from '../../electron/services/audit/verify.ts';
import { crossCheckAnchors } from '../../electron/services/audit/anchors.ts';
import { findAnchorsInText } from '../../shared/audit/anchor.ts';
import { FAST_SCRYPT, TEST_COUNTY, tempDir } from '../helpers/tmp.ts';
import { readSpreadsheetFile } from '../../electron/services/exchange/read/index.ts';

const PASSWORD = 'anchor-secret-1';
const ENV = { CREDITDESK_PASSWORD: PASSWORD };
let dir: string;
let cleanup: () => void;
let originalDir: string;
let dataKey: Buffer;
let copies = 0;
let planFile: string;

const TASK = {
  number: '测试县市监抽〔2026〕9号',
  name: '锚点测试抽查',
  startDate: '2026-11-02',
  endDate: '2026-11-20',
  items: [{ code: 'A07', qualification: null }],
  teamSize: 2,
  classOrder: ['A', 'B', 'C', 'D'],
  ratios: {
    enterprise: { A: 300, B: 500, C: 1000, D: 3000, unclassified: 500 },
    cooperative: { A: 300, B: 500, C: 1000, D: 3000, unclassified: 500 },
    individual: { A: 100, B: 200, C: 500, D: 1000, unclassified: 200 },
  },
  conflicts: [],
  exclusions: [],
};

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), env: ENV } as CliIO,
    out,
    err,
  };
}

/**
 * A database with a realistic life: setup with a small county, users, a sampling task drawn and its plan
 * exported (kept as a file), a manual backup, logouts. Every step that anchors the log has run.
 */
beforeAll(async () => {
  const t = tempDir();
  dir = t.dir;
  cleanup = t.cleanup;
  originalDir = join(dir, 'original');
  const dbPath = join(originalDir, 'creditdesk.db');
  let clock = Date.parse('2026-03-01T08:00:00Z');
  const b = new Backend({
    dbPath,
    firstRunDemo: null,
    scrypt: FAST_SCRYPT,
    idleTimer: false,
    now: () => {
      clock += 1000;
      return new Date(clock);
    },
  });
  await b.call('app.setup', {
    admin: { username: 'admin', displayName: '张管理', password: PASSWORD },
    county: TEST_COUNTY,
    demo: { entities: 300, seed: 'anchors' },
  });
  await b.call('users.add', {
    username: 'li',
    displayName: '李执法',
    role: 'officer',
    password: 'officer-pass-1',
  });
  await b.call('sampling.demo.seed', {});
  b.close();

  const taskFile = join(dir, 'task.json');
  writeFileSync(taskFile, JSON.stringify(TASK));
  const drawn = io();
  expect(await main(['sample', '--db', dbPath, '--task', taskFile], drawn.io)).toBe(0);
  const { taskId } = JSON.parse(drawn.out[0]!) as { taskId: number };

  const b2 = new Backend({ dbPath, firstRunDemo: null, idleTimer: false });
  await b2.call('session.login', { username: 'admin', password: PASSWORD });
  const plan = await b2.call('sampling.export.plan', { taskId });
  planFile = join(dir, plan.fileName);
  writeFileSync(planFile, Buffer.from(plan.base64, 'base64'));
  await b2.call('users.add', {
    username: 'wang',
    displayName: '王只读',
    role: 'viewer',
    password: 'viewer-pass-1',
  });
  await b2.call('backup.create', {});
  await b2.call('users.update', { username: 'li', role: 'supervisor' });
  await b2.call('session.logout', {});
  b2.close();
  dataKey = await unwrapForUser(readKeyFile(`${dbPath}.keys.json`), 'admin', PASSWORD);
}, 120_000);

afterAll(() => {
  dataKey?.fill(0);
  cleanup?.();
});

/** A fresh copy of the whole data folder (database, key file, anchor file, backups) for one attack. */
function copy(): string {
  const to = join(dir, `attack-${++copies}`);
  cpSync(originalDir, to, { recursive: true });
  return join(to, 'creditdesk.db');
}

/** The attacker: the data key and raw SQL, the append-only triggers dropped first. */
function tamper(path: string, sql: (db: Db) => void): void {
  const db = openDatabase(path, dataKey);
  try {
    db.exec(
      'DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; DROP TRIGGER IF EXISTS audit_head_no_update;',
    );
    sql(db);
  } finally {
    db.close();
  }
}

type Row = { id: number; at: string; actor: string; action: string; target: string | null; detail: string };

/** Recomputes every hash and the head: the chain is self-consistent again. */
function rehash(db: Db): void {
  let prev = GENESIS_HASH;
  let last = 0;
  let n = 0;
  for (const e of db.prepare('SELECT * FROM audit_log ORDER BY id').all() as Row[]) {
    const hash = auditHash(prev, { ...e, detailJson: e.detail });
    db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?').run(prev, hash, e.id);
    prev = hash;
    last = e.id;
    n++;
  }
  db.prepare('UPDATE audit_head SET last_id = ?, last_hash = ?, entries = ?').run(last, prev, n);
}

/** The chain alone, without a login (which would append): the attack is invisible to it. */
function chainAloneIntact(path: string): boolean {
  const db = openDatabase(path, dataKey, { readonly: true });
  try {
    return verifyAuditChain(db).intact;
  } finally {
    db.close();
  }
}

async function cliVerify(path: string, anchors: string[] = []) {
  const c = io();
  const code = await main(
    ['audit', 'verify', '--db', path, '--json', ...anchors.flatMap((a) => ['--anchor', a])],
    c.io,
  );
  return { code, json: c.out[0] ? JSON.parse(c.out[0]) : null };
}

function lastId(path: string): number {
  const db = openDatabase(path, dataKey, { readonly: true });
  try {
    return (db.prepare('SELECT max(id) AS n FROM audit_log').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('audit verify checks the log against anchors kept outside the database', () => {
  it('every anchoring step left the head outside: anchor file, backup manifest, plan file', () => {
    const dbPath = join(originalDir, 'creditdesk.db');
    const file = readAnchorFile(anchorFilePathFor(dbPath));
    expect(file.status).toBe('ok');
    expect(file.anchors.map((l) => l.source)).toEqual(
      expect.arrayContaining(['login', 'plan-export', 'backup', 'session-end']),
    );
    expect(file.anchors.at(-1)).toMatchObject({ source: 'session-end', id: lastId(dbPath) });
    const backups = join(originalDir, 'backups');
    const manifestText = readFileSync(join(backups, readdirSync(backups)[0]!, 'manifest.json'), 'utf8');
    expect(JSON.parse(manifestText).auditHead).toMatchObject({
      id: expect.any(Number),
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const read = readSpreadsheetFile(planFile);
    expect(read.ok).toBe(true);
    const cells = read.ok ? read.sheets.flatMap((s) => s.rows.flat()).join('\n') : '';
    expect(findAnchorsInText(cells)).toHaveLength(1);
  });

  it('an untouched log is intact against all its anchors', async () => {
    const path = copy();
    const r = await cliVerify(path, [planFile]);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ intact: true, firstBroken: null, anchors: { file: 'ok', problems: [] } });
    expect(r.json.anchors.checked).toBeGreaterThanOrEqual(5);
  });

  it('trailing entries deleted and the head fixed: the chain passes, the anchors do not', async () => {
    const path = copy();
    const n = lastId(path);
    tamper(path, (db) => {
      db.prepare('DELETE FROM audit_log WHERE id > ?').run(n - 3);
      rehash(db); // here only the head changes: the remaining hashes are already right
    });
    expect(chainAloneIntact(path)).toBe(true);
    const r = await cliVerify(path);
    expect(r.code).toBe(1);
    expect(r.json.intact).toBe(false);
    expect(r.json.firstBroken.reason).toMatch(/^anchor_/);
    expect(r.json.anchors.problems).toContainEqual(
      expect.objectContaining({ id: n, kind: 'shorter', source: expect.stringMatching(/日志锚点文件/) }),
    );
  });

  it('every entry deleted and the head reset: caught', async () => {
    const path = copy();
    tamper(path, (db) => {
      db.prepare('DELETE FROM audit_log').run();
      rehash(db);
    });
    expect(chainAloneIntact(path)).toBe(true);
    const r = await cliVerify(path);
    expect(r.code).toBe(1);
    expect(r.json.firstBroken.reason).toMatch(/^anchor_/);
  });

  it('a full rehash by a key holder is caught by the anchor file', async () => {
    const path = copy();
    tamper(path, (db) => {
      db.prepare('UPDATE audit_log SET detail = \'{"role":"admin"}\' WHERE id = 2').run();
      rehash(db);
    });
    expect(chainAloneIntact(path)).toBe(true);
    const r = await cliVerify(path);
    expect(r.code).toBe(1);
    expect(r.json.firstBroken).toMatchObject({ reason: 'anchor_different' });
    expect(r.json.firstBroken.message).toMatch(/哈希不符/);
  });

  it('with the anchor file deleted too, the backup manifest still catches it; the missing file is reported', async () => {
    const path = copy();
    tamper(path, (db) => {
      db.prepare('UPDATE audit_log SET detail = \'{"role":"admin"}\' WHERE id = 2').run();
      rehash(db);
    });
    rmSync(anchorFilePathFor(path));
    const r = await cliVerify(path);
    expect(r.code).toBe(1);
    // The verifier's own login found it missing, started it anew and said so in the log.
    expect(r.json.anchors.file).toBe('recreated');
    expect(r.json.anchors.notes.join('')).toMatch(/锚点文件曾在某次登录时不存在/);
    expect(r.json.anchors.problems).toContainEqual(
      expect.objectContaining({ kind: 'different', source: expect.stringMatching(/^备份 /) }),
    );
  });

  it('with the anchor file and the backups gone, the exported plan file given with --anchor catches it', async () => {
    const path = copy();
    tamper(path, (db) => {
      db.prepare('UPDATE audit_log SET detail = \'{"role":"admin"}\' WHERE id = 2').run();
      rehash(db);
    });
    rmSync(anchorFilePathFor(path));
    rmSync(join(path, '..', 'backups'), { recursive: true });
    const without = await cliVerify(path);
    expect(without.json.intact).toBe(true); // nothing left beside the database to compare with
    const r = await cliVerify(path, [planFile]);
    expect(r.code).toBe(1);
    expect(r.json.firstBroken).toMatchObject({ reason: 'anchor_different' });
    expect(r.json.anchors.problems[0].source).toMatch(/^文件「/);
  });

  it('a missing anchor file is reported but not fatal on an untouched log', async () => {
    const path = copy();
    rmSync(anchorFilePathFor(path));
    const r = await cliVerify(path);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ intact: true, anchors: { file: 'recreated' } });
    expect(existsSync(anchorFilePathFor(path))).toBe(true);
    const list = io();
    await main(['audit', 'list', '--db', path, '--json', '--action', 'audit.anchors'], list.io);
    expect(list.out.map((l) => JSON.parse(l).action)).toEqual(['audit.anchors.missing']);
  });

  it('a missing anchor file seen without a login is reported as missing', () => {
    const path = copy();
    rmSync(anchorFilePathFor(path));
    const db = openDatabase(path, dataKey, { readonly: true });
    try {
      const r = crossCheckAnchors(db, path, verifyAuditChain(db));
      expect(r).toMatchObject({ intact: true, anchors: { file: 'missing', problems: [] } });
      expect(r.anchors.notes.join('')).toMatch(/锚点文件不存在/);
      expect(r.anchors.checked).toBeGreaterThan(0); // the backup's manifest
    } finally {
      db.close();
    }
  });

  it('a plan file with the anchor still passes sample verify (the anchor is in the informative cell)', async () => {
    const c = io();
    expect(await main(['sample', 'verify', planFile, '--json'], c.io)).toBe(0);
  });

  it('after a restore from an older backup, anchors of the replaced log are superseded, not tampering', async () => {
    const path = copy();
    const backupId = readdirSync(join(path, '..', 'backups'))[0]!;
    const restore = io();
    expect(await main(['restore', '--db', path, backupId], restore.io)).toBe(0);
    const r = await cliVerify(path, [planFile]);
    expect(r.json).toMatchObject({ intact: true, firstBroken: null });
    expect(r.json.anchors.superseded).toBeGreaterThan(0);
    expect(r.json.anchors.notes.join('')).toMatch(/恢复/);
  });

  it('a restore does not excuse a rewrite of entries the restored copy shares with the replaced log', async () => {
    const path = copy();
    const backupId = readdirSync(join(path, '..', 'backups'))[0]!;
    expect(await main(['restore', '--db', path, backupId], io().io)).toBe(0);
    tamper(path, (db) => {
      db.prepare('UPDATE audit_log SET detail = \'{"role":"admin"}\' WHERE id = 2').run();
      rehash(db);
    });
    expect(chainAloneIntact(path)).toBe(true);
    const r = await cliVerify(path, [planFile]);
    expect(r.code).toBe(1);
    expect(r.json.firstBroken).toMatchObject({ reason: 'anchor_different' });
    // Anchors taken before the restore but at or below the backup's head still count.
    const manifest = JSON.parse(readFileSync(join(path, '..', 'backups', backupId, 'manifest.json'), 'utf8'));
    const planProblem = r.json.anchors.problems.find((p: { source: string }) => /^文件「/.test(p.source));
    expect(planProblem.id).toBeLessThanOrEqual(manifest.auditHead.id);
  });
});
