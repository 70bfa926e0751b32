/**
 * The audit log's hash chain against someone who opens the database with the data key and changes
 * entries through raw SQL (SPEC §9, issue 6): every edit, deletion, reordering and insertion must be
 * reported by `audit verify` (backend and command line) at the first entry it broke.
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import type { CliIO } from '../../cli/io.ts';
import { Backend } from '../../electron/backend/backend.ts';
import { readKeyFile, unwrapForUser } from '../../electron/db/keyfile.ts';
import { type Db, openDatabase } from '../../electron/db/open.ts';
import { auditHash } from '../../electron/services/audit/log.ts';
import { verifyAuditChain } from '../../electron/services/audit/verify.ts';
import { FAST_SCRYPT, TEST_COUNTY, tempDir } from '../helpers/tmp.ts';

const PASSWORD = 'audit-secret-1';
let dir: string;
let cleanup: () => void;
let original: string;
let dataKey: Buffer;
let copies = 0;

/** A database with a realistic log: setup, user changes, a settings change, logins and logouts. */
beforeAll(async () => {
  const t = tempDir();
  dir = t.dir;
  cleanup = t.cleanup;
  original = join(dir, 'original.db');
  let clock = Date.parse('2026-03-01T08:00:00Z');
  const b = new Backend({
    dbPath: original,
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
    demo: null,
  });
  await b.call('users.add', {
    username: 'li',
    displayName: '李执法',
    role: 'officer',
    password: 'officer-pass-1',
  });
  await b.call('users.update', { username: 'li', role: 'supervisor' });
  await b.call('lock.setIdleSeconds', { seconds: 600 });
  await b.call('session.logout', {});
  await b.call('session.login', { username: 'admin', password: PASSWORD });
  await b.call('users.add', {
    username: 'wang',
    displayName: '王只读',
    role: 'viewer',
    password: 'viewer-pass-1',
  });
  await b.call('session.logout', {});
  b.close();
  dataKey = await unwrapForUser(readKeyFile(`${original}.keys.json`), 'admin', PASSWORD);
});

afterAll(() => {
  dataKey?.fill(0);
  cleanup?.();
});

/** A fresh copy of the database, its key file, failed-login file and anchor file for one attack. */
function copy(): string {
  const p = join(dir, `attack-${++copies}.db`);
  copyFileSync(original, p);
  copyFileSync(`${original}.keys.json`, `${p}.keys.json`);
  copyFileSync(`${original}.logins.json`, `${p}.logins.json`);
  // The anchors beside the database (audit-anchors.test.ts covers them); without them the verifier's
  // login would record that the file was missing, one entry more than these tests count.
  copyFileSync(`${original}.audit-anchors.jsonl`, `${p}.audit-anchors.jsonl`);
  return p;
}

/** The attacker: the data key and raw SQL, with the append-only triggers dropped first. */
function tamper(path: string, sql: (db: Db) => void): void {
  const db = openDatabase(path, dataKey);
  try {
    db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
    sql(db);
  } finally {
    db.close();
  }
}

function entries(db: Db) {
  return db.prepare('SELECT * FROM audit_log ORDER BY id').all() as {
    id: number;
    at: string;
    actor: string;
    action: string;
    target: string | null;
    detail: string;
    prev_hash: string;
    hash: string;
  }[];
}

/** What `audit verify` says through the command line (it logs in, so it appends a login entry first). */
async function cliVerify(path: string) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    env: { CREDITDESK_PASSWORD: PASSWORD },
  };
  const code = await main(['audit', 'verify', '--db', path, '--json'], io);
  return { code, json: out[0] ? JSON.parse(out[0]) : null, err };
}

async function textVerify(path: string) {
  const out: string[] = [];
  const io: CliIO = { out: (l) => out.push(l), err: () => {}, env: { CREDITDESK_PASSWORD: PASSWORD } };
  const code = await main(['audit', 'verify', '--db', path], io);
  return { code, text: out.join('\n') };
}

function count(path: string): number {
  const db = openDatabase(path, dataKey);
  try {
    return entries(db).length;
  } finally {
    db.close();
  }
}

describe('audit verify finds tampering done through raw SQL', () => {
  it('an untouched log is intact (exit 0, 完整) and covers logins, logouts and user changes', async () => {
    const path = copy();
    const db = openDatabase(path, dataKey);
    const actions = entries(db).map((e) => e.action);
    db.close();
    expect(actions).toEqual(
      expect.arrayContaining([
        'database.create',
        'user.add',
        'user.update',
        'settings.idle_lock',
        'session.logout',
        'session.login',
      ]),
    );
    const r = await cliVerify(path);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ intact: true, firstBroken: null });
    expect(r.json.entries).toBe(actions.length + 1); // plus the verifier's own login
    const t = await textVerify(path);
    expect(t.code).toBe(0);
    expect(t.text).toMatch(/完整/);
  });

  it('the program itself cannot update or delete entries: the triggers refuse', () => {
    const db = openDatabase(copy(), dataKey);
    try {
      expect(() => db.prepare("UPDATE audit_log SET actor = 'x' WHERE id = 2").run()).toThrow(/只能追加/);
      expect(() => db.prepare('DELETE FROM audit_log WHERE id = 2').run()).toThrow(/只能追加/);
      expect(() => db.prepare('DELETE FROM audit_head').run()).toThrow(/不能删除/);
    } finally {
      db.close();
    }
  });

  it('edit: a changed detail is caught at that entry (hash_mismatch)', async () => {
    const path = copy();
    tamper(path, (db) => db.prepare(`UPDATE audit_log SET detail = '{"role":"admin"}' WHERE id = 2`).run());
    const r = await cliVerify(path);
    expect(r.code).toBe(1);
    expect(r.json.intact).toBe(false);
    expect(r.json.firstBroken).toMatchObject({ id: 2, reason: 'hash_mismatch' });
    const t = await textVerify(path);
    expect(t.code).toBe(1);
    expect(t.text).toMatch(/第 2 条.*修改/);
  });

  it('edit: a changed actor with its own hash recomputed is caught at the next entry', async () => {
    const path = copy();
    tamper(path, (db) => {
      const e = entries(db)[2]!;
      const hash = auditHash(e.prev_hash, { ...e, actor: 'nobody', detailJson: e.detail });
      db.prepare('UPDATE audit_log SET actor = ?, hash = ? WHERE id = ?').run('nobody', hash, e.id);
    });
    const r = await cliVerify(path);
    expect(r.json.firstBroken).toMatchObject({ id: 4, reason: 'chain_broken' });
  });

  it('edit: a null target turned into an empty string is caught (the formula tells them apart)', async () => {
    const path = copy();
    tamper(path, (db) =>
      db.prepare("UPDATE audit_log SET target = '' WHERE target IS NULL AND id = 1").run(),
    );
    const r = await cliVerify(path);
    expect(r.json.firstBroken).toMatchObject({ id: 1, reason: 'hash_mismatch' });
  });

  it('edit: the time of an entry moved is caught', async () => {
    const path = copy();
    tamper(path, (db) =>
      db.prepare("UPDATE audit_log SET at = '2025-01-01T00:00:00.000Z' WHERE id = 3").run(),
    );
    expect((await cliVerify(path)).json.firstBroken).toMatchObject({ id: 3, reason: 'hash_mismatch' });
  });

  it('delete: an entry in the middle is caught as a gap', async () => {
    const path = copy();
    tamper(path, (db) => db.prepare('DELETE FROM audit_log WHERE id = 3').run());
    const r = await cliVerify(path);
    expect(r.code).toBe(1);
    expect(r.json.firstBroken).toMatchObject({ id: 3, reason: 'id_gap' });
  });

  it('delete: an entry in the middle with the later ids renumbered is caught', async () => {
    const path = copy();
    tamper(path, (db) => {
      db.prepare('DELETE FROM audit_log WHERE id = 3').run();
      const ids = (
        db.prepare('SELECT id FROM audit_log WHERE id > 3 ORDER BY id').all() as { id: number }[]
      ).map((r) => r.id);
      for (const id of ids) db.prepare('UPDATE audit_log SET id = ? WHERE id = ?').run(id - 1, id);
      db.prepare('UPDATE audit_head SET last_id = last_id - 1, entries = entries - 1').run();
    });
    expect((await cliVerify(path)).json.firstBroken).toMatchObject({ id: 3, reason: 'chain_broken' });
  });

  it('delete: the last entries cut off the end are caught (the head remembers them)', async () => {
    const path = copy();
    const n = count(path);
    tamper(path, (db) => db.prepare('DELETE FROM audit_log WHERE id > ?').run(n - 2));
    const r = await cliVerify(path);
    expect(r.code).toBe(1);
    // The verifier's login follows the real last entry, so the missing ones show as a gap.
    expect(r.json.firstBroken).toMatchObject({ id: n - 1, reason: 'id_gap' });
  });

  it('delete: the last entries cut off, seen without a new login, are reported as truncated', () => {
    const path = copy();
    const n = count(path);
    tamper(path, (db) => db.prepare('DELETE FROM audit_log WHERE id > ?').run(n - 2));
    const db = openDatabase(path, dataKey);
    try {
      expect(verifyAuditChain(db).firstBroken).toMatchObject({ id: n - 1, reason: 'truncated' });
    } finally {
      db.close();
    }
  });

  it('delete: every entry is caught', async () => {
    const path = copy();
    tamper(path, (db) => db.prepare('DELETE FROM audit_log').run());
    const r = await cliVerify(path);
    expect(r.json.intact).toBe(false);
    expect(r.json.firstBroken.id).toBe(1);
  });

  it('reorder: two entries swapped (contents exchanged) are caught at the first', async () => {
    const path = copy();
    tamper(path, (db) => {
      db.prepare('UPDATE audit_log SET id = -1 WHERE id = 4').run();
      db.prepare('UPDATE audit_log SET id = 4 WHERE id = 5').run();
      db.prepare('UPDATE audit_log SET id = 5 WHERE id = -1').run();
    });
    expect((await cliVerify(path)).json.firstBroken).toMatchObject({ id: 4, reason: 'chain_broken' });
  });

  it('reorder: an entry moved to the end is caught', async () => {
    const path = copy();
    tamper(path, (db) => {
      const max = (db.prepare('SELECT max(id) AS m FROM audit_log').get() as { m: number }).m;
      db.prepare('UPDATE audit_log SET id = ? WHERE id = 2').run(max + 1);
    });
    expect((await cliVerify(path)).json.firstBroken).toMatchObject({ id: 2, reason: 'id_gap' });
  });

  it('insert: a forged entry with a correctly computed hash, squeezed in the middle, is caught', async () => {
    const path = copy();
    tamper(path, (db) => {
      const ids = (
        db.prepare('SELECT id FROM audit_log WHERE id >= 3 ORDER BY id DESC').all() as { id: number }[]
      ).map((r) => r.id);
      for (const id of ids) db.prepare('UPDATE audit_log SET id = ? WHERE id = ?').run(id + 1, id);
      const prev = entries(db)[1]!;
      const forged = {
        id: 3,
        at: prev.at,
        actor: 'admin',
        action: 'user.add',
        target: 'ghost',
        detailJson: '{"role":"admin"}',
      };
      const hash = auditHash(prev.hash, forged);
      db.prepare(
        'INSERT INTO audit_log (id, at, actor, action, target, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ).run(3, forged.at, forged.actor, forged.action, forged.target, forged.detailJson, prev.hash, hash);
    });
    expect((await cliVerify(path)).json.firstBroken).toMatchObject({ id: 4, reason: 'chain_broken' });
  });

  it('insert: a forged entry appended at the end with a made-up hash is caught', async () => {
    const path = copy();
    tamper(path, (db) => {
      const max = db.prepare('SELECT max(id) AS m, hash FROM audit_log').get() as { m: number; hash: string };
      db.prepare(
        "INSERT INTO audit_log (id, at, actor, action, target, detail, prev_hash, hash) VALUES (?, '2026-03-02T00:00:00Z', 'admin', 'x', NULL, '{}', ?, ?)",
      ).run(max.m + 1, max.hash, 'f'.repeat(64));
    });
    const r = await cliVerify(path);
    expect(r.json.firstBroken.reason).toBe('hash_mismatch');
  });

  it('the backend method reports the same, and its own check is audited', async () => {
    const path = copy();
    tamper(path, (db) => db.prepare("UPDATE audit_log SET action = 'x' WHERE id = 2").run());
    const b = new Backend({ dbPath: path, firstRunDemo: null, idleTimer: false });
    try {
      await b.call('session.login', { username: 'admin', password: PASSWORD });
      const r = await b.call('audit.verify', {});
      expect(r).toMatchObject({ intact: false, firstBroken: { id: 2, reason: 'hash_mismatch' } });
      const list = await b.call('audit.list', { limit: 1 });
      expect(list.entries[0]).toMatchObject({ action: 'audit.verify', detail: { intact: false } });
    } finally {
      b.close();
    }
  });

  it('documented limit: someone with the key who recomputes every hash and the head is not caught', () => {
    const path = copy();
    tamper(path, (db) => {
      db.prepare('UPDATE audit_log SET detail = \'{"role":"admin"}\' WHERE id = 2').run();
      let prev = '0'.repeat(64);
      for (const e of entries(db)) {
        const hash = auditHash(prev, { ...e, detailJson: e.detail });
        db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?').run(prev, hash, e.id);
        prev = hash;
      }
      db.prepare('UPDATE audit_head SET last_hash = ?').run(prev);
    });
    const db = openDatabase(path, dataKey);
    try {
      // Only an anchor kept outside the database (the head hash written down) shows this: see docs/security.md.
      const r = verifyAuditChain(db);
      expect(r.intact).toBe(true);
      const dbOrig = openDatabase(original, dataKey, { readonly: true });
      try {
        expect(r.headHash).not.toBe(verifyAuditChain(dbOrig).headHash);
      } finally {
        dbOrig.close();
      }
    } finally {
      db.close();
    }
  });
});
