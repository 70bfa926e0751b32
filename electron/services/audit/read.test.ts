/**
 * audit.list and audit.export through the real backend with a settable clock: local-day ranges, the
 * user filter, Chinese descriptions with names looked up by id, and an export that holds exactly the
 * filtered entries, comes back through exchange.download, and is itself logged.
 */
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { formatLocalTime } from '../../../shared/audit/local-time.ts';
import { openClockedBackend } from '../../../test/helpers/clocked-backend.ts';
import type { Backend } from '../../backend/backend.ts';

async function setup() {
  const { backend, at } = await openClockedBackend({ entities: 50, seed: 'audit' });
  return { backend, at };
}

async function download(backend: Backend, fileId: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  for (let offset = 0; ; ) {
    const r = await backend.call('exchange.download', { fileId, offset });
    parts.push(Buffer.from(r.base64, 'base64'));
    offset = r.nextOffset;
    if (r.done) return Buffer.concat(parts);
  }
}

describe('audit.list', () => {
  it('filters by local day range and user, and describes entries in Chinese', async () => {
    const { backend, at } = await setup();
    await backend.call('users.add', {
      username: 'li',
      displayName: '李科长',
      role: 'supervisor',
      password: 'li-pw-12345',
    });
    at('2026-11-05');
    await backend.call('sampling.demo.seed', {});
    await backend.call('session.logout', {});
    await backend.call('session.login', { username: 'li', password: 'li-pw-12345' });

    const all = await backend.call('audit.list', {});
    expect(all.actors).toEqual([
      { username: 'admin', displayName: '管理员' },
      { username: 'li', displayName: '李科长' },
    ]);
    const day1 = await backend.call('audit.list', { from: '2026-11-02', to: '2026-11-02' });
    const later = await backend.call('audit.list', { from: '2026-11-03' });
    expect(day1.total + later.total).toBe(all.total);
    expect(day1.entries.map((e) => e.actionLabel)).toEqual(['添加用户', '生成演示数据', '创建数据库']);
    expect(day1.entries[0]).toMatchObject({
      actorName: '管理员',
      object: '李科长',
      summary: '角色：科室负责人',
    });
    expect(later.entries.map((e) => e.actionLabel)).toEqual([
      '登录',
      '退出登录',
      '保存回避关系',
      '保存检查人员',
    ]);
    expect((await backend.call('audit.list', { to: '2026-11-01' })).total).toBe(0);
    const li = await backend.call('audit.list', { actor: 'li' });
    expect(li.entries.map((e) => [e.actorName, e.actionLabel])).toEqual([['李科长', '登录']]);
    // The stored fields stay as they were for the command line's JSON.
    expect(day1.entries[0]).toMatchObject({ action: 'user.add', target: 'li' });
  });

  it('refuses a malformed date with a Chinese message', async () => {
    const { backend } = await setup();
    await expect(backend.call('audit.list', { from: '5/11/2026' })).rejects.toThrow(/日期格式/);
  });
});

describe('audit.export', () => {
  it('writes exactly the filtered entries, marked internal, fetched by exchange.download, and logs itself', async () => {
    const { backend, at } = await setup();
    at('2026-11-04');
    await backend.call('sampling.demo.seed', {});
    const filter = { from: '2026-11-04', to: '2026-11-04' };
    const shown = await backend.call('audit.list', filter);
    const file = await backend.call('audit.export', filter);
    expect(file.rows).toBe(shown.total);
    expect(file.fileName).toBe('操作日志_2026-11-04_内部资料.xlsx');
    const wb = XLSX.read(await download(backend, file.fileId));
    const rows = XLSX.utils.sheet_to_json<(string | number)[]>(wb.Sheets[wb.SheetNames[0]!]!, {
      header: 1,
      defval: '',
    });
    expect(String(rows[0]![0])).toMatch(/^内部资料/);
    expect(rows[1]).toEqual(['编号', '时间', '用户', '操作', '对象', '说明', '原始记录']);
    expect(rows.slice(2).map((r) => r.slice(0, 6))).toEqual(
      shown.entries.map((e) => [
        e.id,
        formatLocalTime(e.at),
        e.actorName,
        e.actionLabel,
        e.object,
        e.summary,
      ]),
    );
    expect(JSON.parse(String(rows[2]![6]))).toEqual(shown.entries[0]!.detail);

    const after = await backend.call('audit.list', { limit: 1 });
    expect(after.entries[0]).toMatchObject({
      action: 'audit.export',
      actionLabel: '导出操作日志',
      summary: `导出 ${shown.total} 条记录，文件“操作日志_2026-11-04_内部资料.xlsx”`,
    });
    expect(after.entries[0]!.detail.filter).toMatchObject(filter);
  });

  it('is refused to an officer', async () => {
    const { backend } = await setup();
    await backend.call('users.add', {
      username: 'zf',
      displayName: '执法员',
      role: 'officer',
      password: 'zf-pw-12345',
    });
    await backend.call('session.login', { username: 'zf', password: 'zf-pw-12345' });
    await expect(backend.call('audit.export', {})).rejects.toMatchObject({ code: 'forbidden' });
  });
});
