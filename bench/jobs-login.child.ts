/**
 * One start of the app's backend for bench/jobs.bench.ts: process start → backend worker answering →
 * login → first page of the entity list, in milliseconds since this process started, as one JSON line.
 * Then, if a daily backup started after the login, how long it took to end (the process waits for it).
 * The backend is the bundle the app ships (dist/electron/worker.js, `npm run build`) when it is there,
 * else the TypeScript sources (BENCH_BACKEND=sources forces them); stderr says which.
 */

import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const sinceStart = () => performance.now();
const dataDir = process.argv[2] ?? '';
const { startBackendWorker } = await import('../electron/backend/worker-client.ts');
const imports = sinceStart();
const bundle = new URL('../dist/electron/worker.js', import.meta.url);
const useBundle = process.env.BENCH_BACKEND !== 'sources' && existsSync(bundle);
console.error(`backend: ${useBundle ? 'bundle (dist/electron/worker.js)' : 'TypeScript sources'}`);
const client = startBackendWorker({
  dataDir,
  workerUrl: useBundle ? bundle : new URL('../electron/backend/worker.ts', import.meta.url),
});
const ok = async (method: Parameters<typeof client.call>[0], input: unknown) => {
  const env = await client.call(method, input);
  if (!env.ok) throw new Error(`${method}: ${env.error.message}`);
  return env.value as Record<string, unknown>;
};
await ok('app.status', {});
const ready = sinceStart();
await ok('session.login', { username: 'admin', password: process.env.BENCH_PASSWORD ?? '' });
const login = sinceStart();
await ok('entities.search', { query: '', offset: 0, limit: 100 });
const page = sinceStart();
const out: Record<string, number> = {
  imports,
  ready: ready - imports,
  login: login - ready,
  page: page - login,
  total: page,
};
for (;;) {
  const s = (await ok('app.status', {})) as { dailyBackup: { state: string } | null };
  if (s.dailyBackup === null) break;
  if (s.dailyBackup.state !== 'running' && s.dailyBackup.state !== 'waiting') {
    out.backup = sinceStart() - login;
    break;
  }
  await new Promise((r) => setTimeout(r, 50));
}
await client.close();
console.log(JSON.stringify(out));
