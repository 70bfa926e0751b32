import { pathToFileURL } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import type { BackendClient } from '../../electron/backend/client.ts';
import { startBackendWorker } from '../../electron/backend/worker-client.ts';
import { describeBuilt } from '../helpers/built.ts';
import { TEST_COUNTY, tempDir } from '../helpers/tmp.ts';

const BUNDLE = 'dist/electron/worker.js';

// The Electron binary cannot run here, so this is how the packaged backend gets exercised: the very
// bundle Electron loads, started as a worker thread, against a real encrypted database.
describeBuilt([BUNDLE], 'the bundled backend worker (dist/electron/worker.js)', () => {
  let client: BackendClient | undefined;
  let cleanup: () => void;
  afterEach(async () => {
    await client?.close();
    cleanup?.();
  });

  it('creates a database, generates a demo county and searches it', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    client = startBackendWorker({ dataDir: t.dir, workerUrl: pathToFileURL(BUNDLE) });
    const setup = await client.call('app.setup', {
      admin: { username: 'admin', displayName: '管理员', password: 'bundle-test-pw' },
      county: TEST_COUNTY,
      demo: { entities: 500, seed: 'bundle' },
    });
    expect(setup).toMatchObject({ ok: true, value: { demoEntities: 500 } });
    const found = await client.call('entities.search', { query: '有限公司', limit: 5 });
    expect(found.ok && (found.value as { total: number }).total).toBeGreaterThan(0);
  });
});
