/**
 * Browser mode launcher: `node electron/server/main.ts [--data-dir D] [--port P] [--static DIR]
 * [--demo-entities N] [--demo-seed S]`. Listens on 127.0.0.1 only and prints the address with the
 * per-launch token; the token never touches the disk.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startBackendWorker } from '../backend/worker-client.ts';
import { defaultDataDir } from '../paths.ts';
import { createHttpBinding } from './http-binding.ts';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    port: { type: 'string', default: '0' },
    static: { type: 'string', default: 'dist/renderer' },
    'demo-entities': { type: 'string' },
    'demo-seed': { type: 'string', default: 'demo' },
  },
});

const dataDir = values['data-dir'] ?? defaultDataDir();
mkdirSync(dataDir, { recursive: true });
const demoEntities = values['demo-entities'] ? Number(values['demo-entities']) : null;
// Bundled (dist/electron/server.js, what `npm start` runs): the backend's bundle beside it, which starts
// in a third of the time the TypeScript sources take. From the sources (tests): the sources.
const bundledWorker = new URL('./worker.js', import.meta.url);
const client = startBackendWorker({
  dataDir,
  workerUrl: existsSync(bundledWorker) ? bundledWorker : new URL('../backend/worker.ts', import.meta.url),
  firstRunDemo: demoEntities ? { entities: demoEntities, seed: values['demo-seed'] } : null,
});
const token = randomBytes(32).toString('base64url');
const server = createHttpBinding({ client, token, staticDir: values.static });

server.listen(Number(values.port), '127.0.0.1', () => {
  const { port } = server.address() as { port: number };
  const url = `http://127.0.0.1:${port}/#token=${token}`;
  console.log(`CreditDesk 浏览器模式已启动（数据目录：${dataDir}）`);
  console.log(`请在浏览器中打开：${url}`);
  console.log(`CREDITDESK_URL=${url}`);
});

const shutdown = () => {
  server.close();
  void client.close().finally(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
