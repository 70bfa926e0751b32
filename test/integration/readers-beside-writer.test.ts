/**
 * Issue 15 item 2: while another connection holds the write lock (a long import), read-only commands
 * and sessions still work at once — their audit entries wait in the pending file and join the chain
 * at the next write — and a writer says it waits, waits a bounded time and fails clearly.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliIO } from '../../cli/io.ts';
import { main } from '../../cli/main.ts';
import { Backend } from '../../electron/backend/backend.ts';
import { WRITE_WAITING_NOTICE } from '../../electron/db/write-errors.ts';
import { appendAudit } from '../../electron/services/audit/log.ts';
import { deferredAuditPathFor } from '../../electron/services/audit/deferred.ts';
import { FAST_SCRYPT } from '../helpers/tmp.ts';
import { type Fixture, openFixture, PASSWORD, writeSheet } from './exchange-fixture.ts';

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    env: { CREDITDESK_PASSWORD: PASSWORD },
  };
  const started = performance.now();
  const code = await main(args, io);
  return { code, out, err: err.join('\n'), seconds: (performance.now() - started) / 1000 };
}

interface Row {
  id: number;
  at: string;
  actor: string;
  action: string;
  detail: string;
}

describe('readers beside a writer', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await openFixture(3);
  });
  afterEach(() => {
    if (f.db.inTransaction) f.db.exec('ROLLBACK');
    f.close();
  });

  /** The fixture's connection stands in for a long import: it holds the write lock until commit. */
  function holdWriteLock(): void {
    f.db.exec('BEGIN IMMEDIATE');
    appendAudit(f.db, {
      at: f.backend.now(),
      actor: 'admin',
      action: 'demo.generate',
      target: null,
      detail: {},
    });
  }

  const auditRows = () =>
    f.db.prepare('SELECT id, at, actor, action, detail FROM audit_log ORDER BY id').all() as Row[];

  it('entities list and audit verify answer at once; their entries join the chain after the write', async () => {
    const before = auditRows().length;
    holdWriteLock();

    const list = await run(['entities', 'list', '--db', f.dbPath, '--json']);
    expect(list.err).not.toContain('程序内部错误');
    expect(list.code).toBe(0);
    expect(list.out).toHaveLength(3); // the committed entities, read beside the writer
    expect(list.err).toContain('本次登录记录已暂存');
    expect(list.seconds).toBeLessThan(3);

    const verify = await run(['audit', 'verify', '--db', f.dbPath, '--json']);
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.out[0]!)).toMatchObject({ intact: true });
    expect(verify.seconds).toBeLessThan(3);

    // A writer says it waits, waits a bounded time, then fails clearly and changes nothing.
    const src = writeSheet(join(f.dir, 'new.xlsx'), [
      ['统一社会信用代码/注册号', '企业名称'],
      ['91330100716105852F', '恒达商贸有限公司'],
    ]);
    const entities = (f.db.prepare('SELECT count(*) AS n FROM entities').get() as { n: number }).n;
    const imported = await run(['import', '--db', f.dbPath, '--kind', 'entities', src, '--json']);
    expect(imported.err).toContain(WRITE_WAITING_NOTICE);
    expect(imported.code).toBe(2);
    expect(imported.err).toContain('另一项写入正在进行');
    expect(imported.err).toContain('数据库未受影响');
    expect(imported.err).not.toContain('程序内部错误');
    expect(imported.seconds).toBeLessThan(15);

    const pending = deferredAuditPathFor(f.dbPath);
    expect(existsSync(pending)).toBe(true);
    f.db.exec('COMMIT');
    expect((f.db.prepare('SELECT count(*) AS n FROM entities').get() as { n: number }).n).toBe(entities);

    // The next login (any command) chains what waited, with the times it happened.
    const list2 = await run(['audit', 'list', '--db', f.dbPath, '--json', '--limit', '50']);
    expect(list2.code).toBe(0);
    expect(existsSync(pending)).toBe(false);
    const rows = auditRows().slice(before);
    const deferred = rows.filter((r) => (JSON.parse(r.detail) as { deferredId?: string }).deferredId);
    expect(deferred.map((r) => r.action)).toEqual([
      'session.login', // entities list
      'session.login', // audit verify
      'audit.verify',
      'session.login', // import
    ]);
    const lastLogin = rows.filter((r) => r.action === 'session.login').at(-1)!;
    expect(JSON.parse(lastLogin.detail)).toEqual({}); // audit list's own login, written at once
    for (const d of deferred) expect(d.at <= lastLogin.at).toBe(true);

    const after = await run(['audit', 'verify', '--db', f.dbPath, '--json']);
    expect(JSON.parse(after.out[0]!)).toMatchObject({ intact: true, firstBroken: null });
  });

  it('a read-only app session logs in beside a writer; its entries are chained at logout', async () => {
    holdWriteLock();
    const reader = new Backend({
      dbPath: f.dbPath,
      firstRunDemo: null,
      scrypt: FAST_SCRYPT,
      idleTimer: false,
    });
    try {
      await reader.call('session.login', { username: 'admin', password: PASSWORD });
      expect(reader.loginAuditDeferred()).toBe(true);
      const found = await reader.call('entities.search', { query: '', limit: 10, offset: 0 });
      expect(found.rows.length).toBe(3);
      const verified = await reader.call('audit.verify', {});
      expect(verified.intact).toBe(true);
      // A write from this session waits its bounded time, then says why it did not happen.
      const write = await reader.dispatch('lock.setIdleSeconds', { seconds: 600 });
      expect(write).toMatchObject({ ok: false, error: { code: 'conflict' } });
      if (!write.ok)
        expect(write.error.message).toMatch(/^另一项写入正在进行.*等待 5 秒后仍未结束.*数据库未受影响/);
      f.db.exec('COMMIT');
      await reader.call('session.logout', {});
    } finally {
      reader.close();
    }
    const tail = auditRows()
      .slice(-4)
      .map((r) => [r.action, Boolean((JSON.parse(r.detail) as { deferredId?: string }).deferredId)]);
    // The logout found the lock free: the waiting entries are chained, then the logout itself.
    expect(tail).toEqual([
      ['demo.generate', false],
      ['session.login', true],
      ['audit.verify', true],
      ['session.logout', false],
    ]);
    expect(existsSync(deferredAuditPathFor(f.dbPath))).toBe(false);
  });
});
