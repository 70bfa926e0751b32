/**
 * `creditdesk serve`: the bureau server. Many officers' browsers on the bureau's network use one
 * PostgreSQL database through it (electron/server/bureau/). HTTPS is required except on this machine's
 * loopback address, where a test or a reverse proxy on the same machine may use plain HTTP. Calls are
 * answered on --threads request threads, each with its own database connection (request-threads.ts).
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDataDir } from '../../electron/paths.ts';
import { getCounty } from '../../electron/services/settings/county.ts';
import { CliError, type CliIO, EXIT } from '../io.ts';
import { databaseUrl, openServerDatabase, shownUrl } from '../server-database.ts';

export const usage =
  'creditdesk serve --database URL [--listen 主机:端口] [--tls-cert 证书.pem --tls-key 私钥.pem] [--data-dir 目录] [--threads N]';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export function parseListen(text: string): { host: string; port: number } {
  const m = text.match(/^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/);
  const port = m ? Number(m[3]) : Number.NaN;
  if (!m || !(port >= 0 && port <= 65535)) {
    throw new CliError(
      `--listen 的格式应为 主机:端口，例如 0.0.0.0:8443 或 127.0.0.1:8080（收到：${text}）。`,
    );
  }
  return { host: (m[1] ?? m[2]) as string, port };
}

/** Request threads, when --threads is not given: one per core, at least 2, at most 8. */
export function defaultThreads(cores = availableParallelism()): number {
  return Math.min(8, Math.max(2, cores));
}

const MAX_THREADS = 64;

export function parseThreads(text: string | undefined): number {
  if (text === undefined) return defaultThreads();
  const n = /^\d{1,3}$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!(n >= 1 && n <= MAX_THREADS)) {
    throw new CliError(
      `--threads 应为 1 到 ${MAX_THREADS} 之间的整数：同时处理请求的线程数，每个线程占用一个数据库连接（收到：${text}）。`,
    );
  }
  return n;
}

function readPem(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch {
    throw new CliError(`无法读取${what}文件：${path}`);
  }
}

/** The built renderer: beside the bundle (dist/cli → dist/renderer) or the project's dist/renderer. */
function rendererDir(): string | undefined {
  return ['../renderer', '../../dist/renderer']
    .map((rel) => fileURLToPath(new URL(rel, import.meta.url)))
    .find((p) => existsSync(join(p, 'index.html')));
}

export async function serveCommand(args: string[], io: CliIO, stop?: AbortSignal): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      database: { type: 'string' },
      listen: { type: 'string', default: '127.0.0.1:8443' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'data-dir': { type: 'string' },
      threads: { type: 'string' },
    },
  });
  const { host, port } = parseListen(values.listen);
  const threads = parseThreads(values.threads);
  if (!!values['tls-cert'] !== !!values['tls-key']) {
    throw new CliError('--tls-cert 和 --tls-key 需要同时指定（证书和它的私钥）。');
  }
  const tls = values['tls-cert']
    ? { cert: readPem(values['tls-cert'], '证书'), key: readPem(values['tls-key'] as string, '私钥') }
    : undefined;
  if (!tls && !LOOPBACK.has(host)) {
    throw new CliError(
      `在单位网络上提供服务必须使用 HTTPS：请用 --tls-cert 和 --tls-key 指定证书和私钥（只有本机地址 127.0.0.1 可以不用）。`,
    );
  }
  const url = databaseUrl(values.database, io);
  const db = await openServerDatabase(url);
  if (!getCounty(db)) {
    db.close();
    throw new CliError(
      '服务器数据库尚未初始化：请先运行 creditdesk server init（或用 creditdesk server import-desk 迁入单机数据库）。',
    );
  }
  const dataDir = values['data-dir'] ?? join(defaultDataDir(io.env), 'server');
  mkdirSync(dataDir, { recursive: true });
  const [{ BureauBackend }, { createBureauHttp }, { RequestThreads, defaultRequestThreadUrl }] =
    await Promise.all([
      import('../../electron/server/bureau/bureau-backend.ts'),
      import('../../electron/server/bureau/bureau-http.ts'),
      import('../../electron/server/bureau/request-threads.ts'),
    ]);
  const log = (m: string) => io.err(m);
  let backend: InstanceType<typeof BureauBackend> | InstanceType<typeof RequestThreads>;
  if (defaultRequestThreadUrl()) {
    // The threads open connections of their own; this thread only serves HTTP from here on.
    db.close();
    backend = new RequestThreads({ url, dataDir, threads, log });
  } else {
    io.err('未找到请求处理线程的程序文件，所有请求将在一个线程中处理。');
    backend = new BureauBackend({ db, url, dataDir, log });
  }
  const staticDir = rendererDir();
  const server = createBureauHttp({ backend, ...(tls ? { tls } : {}), ...(staticDir ? { staticDir } : {}) });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        new CliError(
          e.code === 'EADDRINUSE'
            ? `端口 ${port} 已被占用，请换一个端口。`
            : `无法在 ${values.listen} 上提供服务：${e.message}`,
        ),
      ),
    );
    server.listen(port, host, () => resolve());
  }).catch(async (e: unknown) => {
    // The request threads are running: a server that could not listen must not keep the process alive.
    await backend.close();
    throw e;
  });
  const actual = (server.address() as { port: number }).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  const address = `${tls ? 'https' : 'http'}://${shownHost}:${actual}/`;
  const threadsShown = backend instanceof RequestThreads ? `，${threads} 个请求处理线程` : '';
  io.err(`CreditDesk 单位服务器已启动（数据库：${shownUrl(url)}${threadsShown}）`);
  if (!staticDir) io.err('未找到界面文件（dist/renderer），浏览器只能调用接口：请先运行 npm run build。');
  io.out(`CREDITDESK_SERVER_URL=${address}`);
  await new Promise<void>((resolve) => {
    const done = () => resolve();
    if (stop) stop.addEventListener('abort', done, { once: true });
    else {
      process.once('SIGINT', done);
      process.once('SIGTERM', done);
    }
  });
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // Browsers keep connections open; the server stops now, not when they time out.
  server.closeAllConnections();
  await closed;
  await backend.close();
  io.err('单位服务器已停止。');
  return EXIT.ok;
}
