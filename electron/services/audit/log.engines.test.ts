/**
 * The audit area on both engines (issue 17): appending to the hash chain, verifying it, finding the
 * first broken entry, reading the log for people (filters by user, action and local day, pages, the
 * batched read of the export), the deferred entries' import, and — PostgreSQL only — appends from two
 * connections taking turns on the chain's head instead of forking it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { type AuditFilter, auditFilterSchema } from '../../../shared/api/contracts/audit.ts';
import { localDayStartIso } from '../../../shared/audit/local-time.ts';
import { setUpDesk } from '../../../test/helpers/engine-desk.ts';
import { forEachEngine } from '../../../test/helpers/engines.ts';
import pg from 'pg';
import { run, sql, unitOfWork, value } from '../../db/sql.ts';
import { deferAudit, deferredAuditPathFor, importDeferredAudit } from './deferred.ts';
import {
  appendAudit,
  auditEntryWithDetail,
  auditHash,
  auditHashOf,
  auditHeadAnchor,
  auditHeadInfo,
  auditRestores,
  auditTimesOf,
  GENESIS_HASH,
} from './log.ts';
import { countAudit, describedAuditEntries, listAudit, verifyAudit } from './read.ts';
import { insertAuditEntry } from './repository.ts';
import { verifyAuditChain } from './verify.ts';

const admin = { username: 'admin', displayName: '张管理', role: 'admin' } as const;

function entry(at: string, action: string, detail: Record<string, unknown> = {}, actor = 'admin') {
  return { at, actor, action, target: null, detail };
}

/** The local day `day` at hour `h` as a stored UTC instant. */
const onDay = (day: string, h: number) =>
  new Date(Date.parse(localDayStartIso(day)) + h * 3_600_000).toISOString();

/** A filter as the contract leaves it after parsing (absent fields are ''). */
const filter = (f: Partial<AuditFilter>): AuditFilter => auditFilterSchema.parse(f);
const page = ({ offset, limit, ...f }: Partial<AuditFilter> & { offset: number; limit: number }) => ({
  ...filter(f),
  offset,
  limit,
});

forEachEngine('the audit log', (fresh, engine) => {
  it('appends a chain that verifies, with the head following every entry', () => {
    const { db } = fresh();
    expect(auditHeadInfo(db)).toEqual({ id: 0, hash: GENESIS_HASH, entries: 0, at: null });
    appendAudit(db, entry('2026-11-02T01:00:00.000Z', 'database.create', { county: '测试县' }));
    unitOfWork(db, () => {
      appendAudit(db, entry('2026-11-02T02:00:00.000Z', 'user.add', { role: 'officer' }));
      appendAudit(db, entry('2026-11-02T03:00:00.000Z', 'user.remove', {}));
    });
    // A unit of work that fails takes its entries with it; the chain goes on from the last kept one.
    expect(() =>
      unitOfWork(db, () => {
        appendAudit(db, entry('2026-11-02T04:00:00.000Z', 'user.add', {}));
        throw new Error('rolled back');
      }),
    ).toThrow('rolled back');
    appendAudit(db, entry('2026-11-02T05:00:00.000Z', 'session.logout', {}));
    const result = verifyAuditChain(db);
    expect(result).toMatchObject({ intact: true, entries: 4, firstBroken: null });
    const head = auditHeadInfo(db);
    expect(head).toMatchObject({ id: 4, entries: 4, at: '2026-11-02T05:00:00.000Z', hash: result.headHash });
    expect(auditHeadAnchor(db)).toEqual({ id: 4, hash: result.headHash });
    expect(auditHashOf(db, 0)).toBe(GENESIS_HASH);
    expect(auditHashOf(db, 4)).toBe(result.headHash);
    expect(auditHashOf(db, 5)).toBeNull();
    expect(auditTimesOf(db, 'user.add')).toEqual(['2026-11-02T02:00:00.000Z']);
  });

  it('finds the first broken entry: a forged hash, a gap in the ids', () => {
    const { db } = fresh();
    for (let i = 1; i <= 3; i++) appendAudit(db, entry(`2026-11-02T0${i}:00:00.000Z`, 'user.add'));
    const tip = auditHeadAnchor(db);
    // The log refuses edits on both engines; a row inserted past the tip is how it can still be forged.
    expect(() => run(db, sql`UPDATE audit_log SET actor = 'x' WHERE id = 1`)).toThrow(/只能追加/);
    expect(() => run(db, sql`DELETE FROM audit_log WHERE id = 1`)).toThrow(/只能追加/);
    insertAuditEntry(db, {
      id: tip.id + 1,
      at: '2026-11-02T09:00:00.000Z',
      actor: 'admin',
      action: 'user.add',
      target: null,
      detailJson: '{}',
      prevHash: tip.hash,
      hash: 'f'.repeat(64),
    });
    expect(verifyAuditChain(db).firstBroken).toMatchObject({ id: 4, reason: 'hash_mismatch' });
    // The next append follows the forged row (its id is past the head), and the break stays found.
    appendAudit(db, entry('2026-11-02T10:00:00.000Z', 'user.add'));
    expect(verifyAuditChain(db)).toMatchObject({ intact: false, entries: 5, firstBroken: { id: 4 } });

    const other = fresh().db;
    appendAudit(other, entry('2026-11-02T01:00:00.000Z', 'user.add'));
    const first = auditHeadAnchor(other);
    const e = { id: 3, at: '2026-11-02T02:00:00.000Z', actor: 'a', action: 'user.add', target: null };
    const detailJson = '{}';
    insertAuditEntry(other, {
      ...e,
      detailJson,
      prevHash: first.hash,
      hash: auditHash(first.hash, { ...e, detailJson }),
    });
    expect(verifyAuditChain(other).firstBroken).toMatchObject({ id: 2, reason: 'id_gap' });
  });

  it('reads the log for people: by user, action and local day, newest first, in pages and batches', async () => {
    const f = fresh();
    const { db } = f;
    await setUpDesk(f); // database.create by admin on 2026-11-02
    appendAudit(
      db,
      entry(onDay('2026-11-02', 10), 'user.add', { displayName: '李科长', role: 'supervisor' }),
    );
    run(
      db,
      sql`INSERT INTO users (username, display_name, role, created_at) VALUES ('li', '李科长', 'supervisor', ${onDay('2026-11-02', 10)})`,
    );
    appendAudit(db, entry(onDay('2026-11-03', 9), 'session.login', {}, 'li'));
    appendAudit(db, entry(onDay('2026-11-03', 17), 'session.logout', {}, 'li'));
    appendAudit(db, entry(onDay('2026-11-04', 8), 'user.update', {}));

    const all = listAudit(db, admin, page({ offset: 0, limit: 50 }));
    expect(all.total).toBe(5);
    expect(all.entries.map((e) => e.action)).toEqual([
      'user.update',
      'session.logout',
      'session.login',
      'user.add',
      'database.create',
    ]);
    expect(all.actors).toEqual([
      { username: 'admin', displayName: '张管理' },
      { username: 'li', displayName: '李科长' },
    ]);
    expect(all.entries[3]).toMatchObject({ actorName: '张管理', actionLabel: '添加用户' });
    const day = listAudit(db, admin, page({ from: '2026-11-03', to: '2026-11-03', offset: 0, limit: 50 }));
    expect(day.entries.map((e) => [e.actorName, e.actionLabel])).toEqual([
      ['李科长', '退出登录'],
      ['李科长', '登录'],
    ]);
    expect(countAudit(db, filter({ actor: 'li' }))).toBe(2);
    expect(countAudit(db, filter({ action: 'user.' }))).toBe(2);
    expect(countAudit(db, filter({ action: 'session.log' }))).toBe(2);
    expect(countAudit(db, filter({ action: 'USER.' }))).toBe(0);
    expect(countAudit(db, filter({ from: '2026-11-04' }))).toBe(1);
    expect(countAudit(db, filter({ to: '2026-11-01' }))).toBe(0);
    const second = listAudit(db, admin, page({ offset: 1, limit: 2 }));
    expect(second.entries.map((e) => e.action)).toEqual(['session.logout', 'session.login']);
    expect([...describedAuditEntries(db, filter({}), 2)].map((e) => e.id)).toEqual([5, 4, 3, 2, 1]);
    expect([...describedAuditEntries(db, filter({ actor: 'admin' }), 1)].map((e) => e.id)).toEqual([5, 2, 1]);
    expect(() => listAudit(db, { ...admin, role: 'officer' }, page({ offset: 0, limit: 1 }))).toThrow(
      expect.objectContaining({ code: 'forbidden' }),
    );
  });

  it('looks entries up by a detail field and lists the restores with their heads', () => {
    const { db } = fresh();
    appendAudit(db, entry('2026-11-02T01:00:00.000Z', 'backup.create', { file: 'a.cdbak' }));
    appendAudit(db, entry('2026-11-02T02:00:00.000Z', 'backup.restore', { restoredHead: { id: 1 } }));
    appendAudit(db, entry('2026-11-02T03:00:00.000Z', 'backup.restore', {}));
    expect(auditEntryWithDetail(db, 'backup.create', 'file', 'a.cdbak')).toBe(true);
    expect(auditEntryWithDetail(db, 'backup.create', 'file', 'b.cdbak')).toBe(false);
    expect(auditEntryWithDetail(db, 'backup.restore', 'file', 'a.cdbak')).toBe(false);
    expect(() => auditEntryWithDetail(db, 'backup.create', "file') OR 1=1 --", 'x')).toThrow();
    expect(auditRestores(db)).toEqual([
      { at: '2026-11-02T02:00:00.000Z', restoredHeadId: 1 },
      { at: '2026-11-02T03:00:00.000Z', restoredHeadId: null },
    ]);
  });

  it('verifying records itself; deferred entries are chained once, with their own time', () => {
    const { db, dbPath } = fresh();
    appendAudit(db, entry('2026-11-02T01:00:00.000Z', 'database.create'));
    const result = verifyAudit(db, admin, '2026-11-02T02:00:00.000Z');
    expect(result).toMatchObject({ intact: true, entries: 1 });
    expect(listAudit(db, admin, page({ offset: 0, limit: 1 })).entries[0]).toMatchObject({
      action: 'audit.verify',
      detail: { intact: true, entries: 1, firstBroken: null },
    });

    deferAudit(dbPath, entry('2026-11-02T01:30:00.000Z', 'session.login'));
    const pending = deferredAuditPathFor(dbPath);
    const line = readFileSync(pending, 'utf8');
    unitOfWork(db, () => importDeferredAudit(db, dbPath))();
    // The same line again (a claimed file a crash left behind): already chained, not appended twice.
    writeFileSync(pending, line);
    unitOfWork(db, () => importDeferredAudit(db, dbPath))();
    const logins = listAudit(db, admin, page({ action: 'session.login', offset: 0, limit: 10 })).entries;
    expect(logins.map((e) => e.at)).toEqual(['2026-11-02T01:30:00.000Z']);
    expect(logins[0]!.detail.deferredId).toBe(JSON.parse(line).deferredId);
    expect(verifyAuditChain(db)).toMatchObject({ intact: true, entries: 3 });
  });

  if (engine === 'postgres') {
    it('an append waits for another server’s append to commit and chains after it: no fork, no duplicate id', async () => {
      const f = fresh();
      const { db } = f;
      appendAudit(db, entry('2026-11-02T01:00:00.000Z', 'database.create'));
      // Another server's append, held open for a moment by the server itself (this thread will block).
      const tip = auditHeadAnchor(db);
      const theirs = {
        id: tip.id + 1,
        at: '2026-11-02T02:00:00.000Z',
        actor: 'other',
        action: 'user.add',
        target: null,
        detailJson: '{}',
      };
      const other = new pg.Client({ connectionString: f.url });
      await other.connect();
      try {
        const committed = other.query(`BEGIN;
          SELECT 1 FROM audit_head WHERE id = 1 FOR UPDATE;
          INSERT INTO audit_log (id, at, actor, action, target, detail, prev_hash, hash)
            VALUES (${theirs.id}, '${theirs.at}', 'other', 'user.add', NULL, '{}', '${tip.hash}', '${auditHash(tip.hash, theirs)}');
          SELECT pg_sleep(0.5);
          COMMIT`);
        while (
          value<number>(db, sql`SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'PgSleep'`) === 0
        )
          await new Promise((r) => setTimeout(r, 20));
        // Without the head's lock this append would read id 1 as the tip, take id 2 and fail on the key.
        appendAudit(db, entry('2026-11-02T02:00:01.000Z', 'user.add'));
        await committed;
      } finally {
        await other.end();
      }
      expect(verifyAuditChain(db)).toMatchObject({ intact: true, entries: 3 });
      expect(listAudit(db, admin, page({ offset: 0, limit: 3 })).entries.map((e) => [e.id, e.actor])).toEqual(
        [
          [3, 'admin'],
          [2, 'other'],
          [1, 'admin'],
        ],
      );
    });
  }
});
