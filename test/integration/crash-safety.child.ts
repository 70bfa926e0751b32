/**
 * Child process of crash-safety.test.ts: runs one long operation on an encrypted database through the
 * real services and prints `PROGRESS done total` lines while inside it, so the parent can SIGKILL it
 * mid-transaction. Usage (Node 24, type stripping):
 *   node crash-safety.child.ts demo   DB USER PASSWORD ENTITIES SEED
 *   node crash-safety.child.ts demo-unjournaled DB USER PASSWORD ENTITIES SEED   (as `creditdesk demo`
 *        fills a new file; also prints `STAGE name` as each blocking step after the rows begins)
 *   node crash-safety.child.ts grade  DB USER PASSWORD MODEL AS_OF
 *   node crash-safety.child.ts import DB USER PASSWORD FILE.xlsx
 * Prints `DONE <json>` when the operation completed.
 */
import { basename } from 'node:path';
import { Backend } from '../../electron/backend/backend.ts';
import { writeUnjournaled } from '../../electron/db/unjournaled-write.ts';
import { writeDemoCounty } from '../../electron/services/entities/demo-writer.ts';
import { getCounty } from '../../electron/services/settings/county.ts';

const [mode, dbPath, username, password, a, b] = process.argv.slice(2);
if (!mode || !dbPath || !username || !password) throw new Error('usage: MODE DB USER PASSWORD …');

let lastPrint = 0;
const progress = (done: number, total: number) => {
  const now = Date.now();
  if (now - lastPrint < 20 && done < total) return;
  lastPrint = now;
  process.stdout.write(`PROGRESS ${done} ${total}\n`);
};

const backend = new Backend({
  dbPath,
  firstRunDemo: null,
  onProgress: (p) => {
    if (p.job && p.done > 0) progress(p.done, p.total);
  },
});
await backend.call('session.login', { username, password });
// A small page cache makes SQLite spill uncommitted pages into the WAL early, so the parent's kill
// finds part of the transaction already on disk, and recovery must really discard it.
if (process.env.CRASH_SMALL_CACHE) backend.db().pragma('cache_size = -512');
let result: unknown;
if (mode === 'demo' || mode === 'demo-unjournaled') {
  const county = getCounty(backend.db());
  if (!county) throw new Error('no county');
  const write = () =>
    writeDemoCounty(backend.db(), {
      entities: Number(a),
      seed: b ?? 'crash',
      county,
      actor: username,
      at: backend.now(),
      job: { progress, checkCancelled() {} },
      estimate: (stage) => {
        process.stdout.write(`STAGE ${stage}\n`);
        return () => {};
      },
    });
  result = mode === 'demo' ? write() : writeUnjournaled(backend.db(), write);
} else if (mode === 'grade') {
  result = await backend.call('grading.run', {
    modelId: a ?? 'samr-risk',
    modelVersion: null,
    asOf: b ?? '2026-10-31',
  });
} else if (mode === 'import') {
  const { commitImport } = await import('../../electron/services/exchange/import-service.ts');
  const run = commitImport(
    backend.db(),
    backend.user(),
    { file: { path: a!, fileName: basename(a!) }, kind: 'entities' },
    backend.now(),
    { job: { progress, checkCancelled() {} } },
  );
  result = { batchId: run.batchId, counts: run.counts };
} else {
  throw new Error(`unknown mode ${mode}`);
}
process.stdout.write(`DONE ${JSON.stringify(result)}\n`);
backend.close();
