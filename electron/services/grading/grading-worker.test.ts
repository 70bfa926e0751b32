/**
 * A grading run through the real worker thread, as the UI drives it: progress is answered while the
 * worker is busy, and app.cancel stops the run with nothing saved; a second run completes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { JobProgress } from '../../../shared/api/contract.ts';
import { TEST_COUNTY, tempDir } from '../../../test/helpers/tmp.ts';
import type { BackendClient } from '../../backend/client.ts';
import { startBackendWorker } from '../../backend/worker-client.ts';

describe('grading run in the backend worker', () => {
  let client: BackendClient | undefined;
  let cleanup: () => void;
  afterEach(async () => {
    await client?.close();
    cleanup?.();
  });

  it('reports progress, stops on cancel without a trace, then completes a run', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    client = startBackendWorker({
      dataDir: t.dir,
      workerUrl: new URL('../../backend/worker.ts', import.meta.url),
    });
    const setup = await client.call('app.setup', {
      admin: { username: 'admin', displayName: '管理员', password: 'worker-test-pw' },
      county: TEST_COUNTY,
      demo: { entities: 20_000, seed: 'grading-cancel' },
    });
    expect(setup.ok).toBe(true);

    const input = { modelId: 'samr-risk', modelVersion: null, asOf: '2026-10-31' };
    let finished = false;
    const run = client.call('grading.run', input).finally(() => {
      finished = true;
    });
    const seen: JobProgress[] = [];
    let cancelled = false;
    while (!finished) {
      const env = await client.call('app.progress', {});
      const p = env.ok ? (env.value as JobProgress) : null;
      if (p) seen.push(p);
      if (!cancelled && p && p.job === 'grading.run' && p.done > 0) {
        expect(await client.call('app.cancel', {})).toEqual({ ok: true, value: { requested: true } });
        cancelled = true;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(cancelled, 'saw the run in progress').toBe(true);
    expect(await run).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    const midway = seen.filter((p) => p.job === 'grading.run' && p.done > 0);
    expect(midway.every((p) => p.total === 20_000 && p.done < 20_000)).toBe(true);
    expect(await client.call('grading.runs', {})).toEqual({ ok: true, value: { runs: [] } });

    const done = await client.call('grading.run', input);
    expect(done).toMatchObject({ ok: true, value: { run: { id: expect.any(Number), status: 'complete' } } });
    const runs = await client.call('grading.runs', {});
    expect(runs.ok && (runs.value as { runs: unknown[] }).runs).toHaveLength(1);
  }, 120_000);
});
