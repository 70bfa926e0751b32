/**
 * SPEC §9 "one running instance per database", across processes: while another process holds a
 * database (a child standing in for the app, the browser-mode server or a command), the command line
 * refuses to restore or import into it and the app's backend refuses to start on it; read-only
 * commands still work; once the holder is killed, its stale lock is taken over.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { main } from '../../cli/main.ts';
import type { CliIO } from '../../cli/io.ts';
import { startBackendWorker } from '../../electron/backend/worker-client.ts';
import { lockPathFor, readInstanceLock } from '../../electron/db/instance-lock.ts';
import { holdLockInChild, type LockChild, startLockChild } from '../../electron/db/instance-lock.testkit.ts';
import { dbPathIn } from '../../electron/paths.ts';
import { tempDir } from '../helpers/tmp.ts';

const ENV = { CREDITDESK_PASSWORD: 'county-secret-1' };

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { out: (l) => out.push(l), err: (l) => err.push(l), env: ENV };
  const code = await main(args, io);
  return { code, out, err: err.join('\n') };
}

function sheet(path: string): string {
  const wb = XLSX.utils.book_new();
  const rows = [
    ['企业名称', '注册号/统一社会信用代码', 'RegOrgName', '管辖单位'],
    ['杭州恒达有限公司', '91330100716105852F', '杭州市市场监督管理局', '朝晖所'],
  ];
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), 'Sheet1');
  writeFileSync(path, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }));
  return path;
}

describe('one running instance per database (between processes)', () => {
  let cleanup = () => {};
  const children: LockChild[] = [];
  afterEach(async () => {
    for (const c of children.splice(0)) await c.kill();
    cleanup();
  });

  it('the command line refuses restore and import while another process holds the database', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const db = join(t.dir, 'county.db');
    expect((await run(['init', '--db', db, '--county', '测试县'])).code).toBe(0);
    const backup = JSON.parse((await run(['backup', '--db', db])).out[0]!) as { id: string };
    expect(existsSync(lockPathFor(db))).toBe(false); // every command gave its lock back
    const src = sheet(join(t.dir, 'list.xlsx'));

    const holder = await holdLockInChild(db, 'app');
    children.push(holder);
    const message = new RegExp(
      `该数据库正被另一个 CreditDesk 程序（进程 ${holder.pid}，.*启动）使用。请先关闭它，或稍后再试。`,
    );

    const restore = await run(['restore', '--db', db, backup.id]);
    expect(restore.code).toBe(2);
    expect(restore.err).toMatch(message);
    const imported = await run(['import', '--db', db, '--kind', 'entities', src, '--json']);
    expect(imported.code).toBe(2);
    expect(imported.err).toMatch(message);
    const demo = await run(['demo', '--db', db, '--entities', '5', '--seed', 'x']);
    expect(demo.code).toBe(2);
    expect(demo.err).toMatch(message);
    // Read-only commands take no lock: SQLite lets them read beside the running program.
    expect((await run(['entities', 'list', '--db', db, '--json'])).code).toBe(0);
    expect((await run(['audit', 'verify', '--db', db])).code).toBe(0);
    expect(readInstanceLock(db)?.pid).toBe(holder.pid); // refusals left the holder's lock alone

    // The holder dies without releasing: its stale lock is taken over and the commands run.
    await holder.kill();
    expect(readInstanceLock(db)?.pid).toBe(holder.pid);
    const after = await run(['import', '--db', db, '--kind', 'entities', src, '--json']);
    expect(after.code, after.err).toBe(0);
    const restored = await run(['restore', '--db', db, backup.id]);
    expect(restored.code, restored.err).toBe(0);
    expect(existsSync(lockPathFor(db))).toBe(false);
  });

  it("the app's backend refuses a database held by another process, and holds its own against others", async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const workerUrl = new URL('../../electron/backend/worker.ts', import.meta.url);

    const holder = await holdLockInChild(dbPathIn(t.dir), 'cli');
    children.push(holder);
    const refused = startBackendWorker({ dataDir: t.dir, workerUrl });
    const status = await refused.call('app.status', {});
    expect(status.ok).toBe(false);
    if (!status.ok) {
      expect(status.error.code).toBe('conflict');
      expect(status.error.message).toContain(`另一个 CreditDesk 命令行程序（进程 ${holder.pid}，`);
    }
    await refused.close();
    expect(readInstanceLock(dbPathIn(t.dir))?.pid).toBe(holder.pid);
    await holder.kill();

    const client = startBackendWorker({ dataDir: t.dir, workerUrl });
    try {
      expect((await client.call('app.status', {})).ok).toBe(true);
      const second = await startLockChild(dbPathIn(t.dir), 'app');
      children.push(second);
      expect(second.line).toMatch(
        new RegExp(`^conflict 该数据库正被另一个 CreditDesk 程序（进程 ${process.pid}，`),
      );
    } finally {
      await client.close();
    }
    expect(existsSync(lockPathFor(dbPathIn(t.dir)))).toBe(false); // close gave it back
  });
});
