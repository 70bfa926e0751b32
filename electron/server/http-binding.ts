/**
 * Browser mode: the same API over HTTP on 127.0.0.1, for machines where the Electron binary is not
 * available. Every call needs the per-launch token; the Host header must name this loopback server
 * (defeats DNS rebinding); bodies are size-limited; static files are served only from one folder.
 */
import { timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { isMethod } from '../../shared/api/contract.ts';
import { ApiError, type Envelope, UNKNOWN_METHOD_MESSAGE } from '../../shared/api/errors.ts';
import { HTTP_CONTENT_SECURITY_POLICY } from '../csp.ts';
import type { BackendClient } from '../backend/client.ts';
import { jsonNestingExceeds, MAX_JSON_DEPTH } from './json-depth.ts';

export const MAX_BODY_BYTES = 1024 * 1024;
const DRAIN_LIMIT_BYTES = 8 * MAX_BODY_BYTES;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
};

export interface HttpBindingOptions {
  client: BackendClient;
  token: string;
  /** Folder of the built renderer; without it only /api is served. */
  staticDir?: string;
}

export function sendEnvelope(
  res: ServerResponse,
  status: number,
  env: Envelope<unknown>,
  extraHeaders: Record<string, string | string[]> = {},
): void {
  const body = JSON.stringify(env);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...extraHeaders,
  });
  res.end(body);
}

export function sendError(res: ServerResponse, status: number, e: ApiError): void {
  sendEnvelope(res, status, { ok: false, error: e.toData() });
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const m = (header ?? '').match(/^Bearer (.+)$/);
  if (!m) return false;
  const given = Buffer.from(m[1]!);
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The body of a request, refused with a 413's ApiError above MAX_BODY_BYTES (shared with the bureau server). */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const tooLarge = () => new ApiError('invalid_input', '请求内容过大');
    req.on('data', (c: Buffer) => {
      size += c.length;
      // A body somewhat over the limit is read to its end and dropped, so the client gets the 413
      // instead of a reset connection; one that keeps coming is cut off.
      if (size > DRAIN_LIMIT_BYTES) {
        reject(tooLarge());
        req.destroy();
      } else if (size > MAX_BODY_BYTES) chunks.length = 0;
      else chunks.push(c);
    });
    req.on('end', () =>
      size > MAX_BODY_BYTES ? reject(tooLarge()) : resolvePromise(Buffer.concat(chunks).toString('utf8')),
    );
    req.on('error', reject);
  });
}

/** What readJsonInput answers when it already sent the error. */
export const NO_INPUT = Symbol('no input');

/**
 * A call's JSON body, size- and depth-limited; on bad input the 400/413 is sent and NO_INPUT returned
 * (shared with the bureau server).
 */
export async function readJsonInput(req: IncomingMessage, res: ServerResponse): Promise<unknown> {
  try {
    const text = await readBody(req);
    if (jsonNestingExceeds(text)) {
      sendError(
        res,
        400,
        new ApiError('invalid_input', `请求内容的嵌套层数过多（最多 ${MAX_JSON_DEPTH} 层）`),
      );
      return NO_INPUT;
    }
    return text ? JSON.parse(text) : {};
  } catch (e) {
    sendError(
      res,
      e instanceof ApiError ? 413 : 400,
      e instanceof ApiError ? e : new ApiError('invalid_input', '请求内容不是有效的 JSON'),
    );
    return NO_INPUT;
  }
}

async function handleApi(
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
  opts: HttpBindingOptions,
) {
  if (req.method !== 'POST') return sendError(res, 405, new ApiError('invalid_input', '只接受 POST 请求'));
  if (!tokenMatches(req.headers.authorization, opts.token)) {
    return sendError(
      res,
      401,
      new ApiError('forbidden', '访问令牌无效：请使用程序启动时给出的地址打开本页面。'),
    );
  }
  const input = await readJsonInput(req, res);
  if (input === NO_INPUT) return;
  if (!isMethod(method)) return sendError(res, 200, new ApiError('invalid_input', UNKNOWN_METHOD_MESSAGE));
  sendEnvelope(res, 200, await opts.client.call(method, input));
}

/** A file of the built renderer, from `root` only (shared with the bureau server). */
export async function handleStatic(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  root: string,
  extraHeaders: Record<string, string> = {},
) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405).end();
    return;
  }
  const rel = normalize(decodeURIComponent(path === '/' ? '/index.html' : path)).replace(/^([/\\])+/, '');
  const file = resolve(join(root, rel));
  if (!file.startsWith(resolve(root) + sep)) {
    res.writeHead(404).end();
    return;
  }
  try {
    if (!(await stat(file)).isFile()) throw new Error('not a file');
    const body = await readFile(file);
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': HTTP_CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-cache',
      ...extraHeaders,
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  } catch {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('未找到');
  }
}

export function decodablePath(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

export function createHttpBinding(opts: HttpBindingOptions): Server {
  const server = createServer((req, res) => {
    const port = (server.address() as { port: number } | null)?.port;
    const allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
    if (!allowedHosts.has(req.headers.host ?? '')) {
      sendError(res, 421, new ApiError('forbidden', '拒绝非本机地址的访问'));
      return;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    // A malformed percent escape (`/%E0%A4%A`) would otherwise throw deep inside the file lookup.
    if (!decodablePath(url.pathname)) {
      sendError(res, 400, new ApiError('invalid_input', '请求地址无效：含有无法识别的字符编码'));
      return;
    }
    const api = url.pathname.match(/^\/api\/([a-zA-Z.]+)$/);
    const work = api
      ? handleApi(req, res, api[1]!, opts)
      : opts.staticDir
        ? handleStatic(req, res, url.pathname, opts.staticDir)
        : Promise.resolve(void res.writeHead(404).end());
    work.catch(() => {
      if (!res.headersSent) sendError(res, 500, new ApiError('internal', '程序内部错误'));
      else res.end();
    });
  });
  return server;
}
