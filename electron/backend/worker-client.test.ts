import { afterEach, describe, expect, it } from 'vitest';
import type { JobProgress } from '../../shared/api/contract.ts';
import { TEST_COUNTY, tempDir } from '../../test/helpers/tmp.ts';
import type { BackendClient } from './client.ts';
import { startBackendWorker } from './worker-client.ts';

describe('backend in a worker thread', () => {
  let client: BackendClient | undefined;
  let cleanup: () => void;
  afterEach(async () => {
    await client?.close();
    cleanup?.();
  });

  it('an input too deeply nested to copy to the thread is refused as invalid input, and the worker keeps answering', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    client = startBackendWorker({ dataDir: t.dir, workerUrl: new URL('./worker.ts', import.meta.url) });
    let deep: unknown = 1;
    for (let i = 0; i < 10_000; i++) deep = [deep];
    const env = await client.call('entities.search', { query: deep });
    expect(env).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringMatching(/嵌套/) },
    });
    expect(await client.call('app.status', {})).toMatchObject({ ok: true, value: { databaseExists: false } });
  });

  it('reports progress of a long first-run setup while the worker is busy, then answers the call', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    client = startBackendWorker({ dataDir: t.dir, workerUrl: new URL('./worker.ts', import.meta.url) });
    const seen: JobProgress[] = [];
    let finished = false;
    const setup = client
      .call('app.setup', {
        admin: { username: 'admin', displayName: '管理员', password: 'worker-test-pw' },
        county: TEST_COUNTY,
        demo: { entities: 20_000, seed: 'progress' },
      })
      .finally(() => {
        finished = true;
      });
    while (!finished) {
      const env = await client.call('app.progress', {});
      if (env.ok) seen.push(env.value as JobProgress);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(await setup).toMatchObject({ ok: true, value: { demoEntities: 20_000 } });
    const midway = seen.filter((p) => p.job === 'app.setup' && p.done > 0 && p.done < p.total);
    // Entities written, then the name index filled (both counted in entities), then the index builds and
    // the commit, which report a labelled time estimate in percent.
    const rows = midway.filter((p) => p.stage === '正在生成演示数据');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((p) => p.total === 20_000)).toBe(true);
    for (const p of midway.filter((q) => q.stage !== '正在生成演示数据')) {
      if (p.total === 20_000) expect(p.stage).toBe('正在建立名称检索');
      else expect(p.stage).toMatch(/^正在(建立索引|保存演示数据)…/);
    }
    // Done counts of the rows never go backwards.
    const dones = rows.map((p) => p.done);
    expect(dones).toEqual([...dones].sort((a, b) => a - b));
    expect(await client.call('app.progress', {})).toEqual({
      ok: true,
      value: { job: null, stage: '', done: 0, total: 0 },
    });
    const found = await client.call('entities.search', { limit: 1 });
    expect(found).toMatchObject({ ok: true, value: { total: 20_000 } });
    // 20,000 demo entities plus production scrypt take ~60 s on a loaded 2-core machine.
  }, 150_000);

  it('validates input inside the worker: a too-short password is refused with a field message', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    client = startBackendWorker({ dataDir: t.dir, workerUrl: new URL('./worker.ts', import.meta.url) });
    const env = await client.call('app.setup', {
      admin: { username: 'admin', displayName: '管理员', password: 'short' },
      county: TEST_COUNTY,
      demo: null,
    });
    expect(env).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', fields: { 'admin.password': '密码至少 8 位' } },
    });
    expect(await client.call('app.status', {})).toMatchObject({ ok: true, value: { databaseExists: false } });
  });
});
