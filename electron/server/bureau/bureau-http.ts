/**
 * The bureau server's transport: the contract over HTTPS on the bureau's network, and the renderer for
 * any browser there. A session is an HttpOnly, SameSite=Strict cookie (Secure over TLS) holding a random
 * token; the server keeps only its hash. A call must be a JSON POST, and one that names an Origin must
 * come from this server's own, so another site's page cannot make an officer's browser call it. Bodies
 * are size- and depth-limited as in browser mode, and calls are rate-limited per session (per address
 * before sign-in, more tightly for sign-ins).
 */
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createHash } from 'node:crypto';
import { isMethod } from '../../../shared/api/contract.ts';
import { ApiError, UNKNOWN_METHOD_MESSAGE } from '../../../shared/api/errors.ts';
import {
  decodablePath,
  handleStatic,
  NO_INPUT,
  readJsonInput,
  sendEnvelope,
  sendError,
} from '../http-binding.ts';
import type { BureauDispatcher } from './request-threads.ts';
import { RateLimiter } from './rate-limit.ts';

export const SESSION_COOKIE = 'creditdesk_session';
/** The browser forgets the cookie after the server's longest session (12 h). */
const COOKIE_MAX_AGE_S = 12 * 3600;

export interface BureauHttpOptions {
  /** A BureauBackend (one thread) or the server's request threads (request-threads.ts). */
  backend: BureauDispatcher;
  /** PEM certificate and key: HTTPS. Without them plain HTTP, which the command allows on loopback only. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** Folder of the built renderer; without it only /api is served. */
  staticDir?: string;
  /** Calls per second per session (and burst); sign-ins per minute per address. */
  limits?: { perSecond: number; burst: number; signInsPerMinute: number };
}

const DEFAULT_LIMITS = { perSecond: 20, burst: 60, signInsPerMinute: 30 };

export function readCookie(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || null;
  }
  return null;
}

function cookieHeader(value: string | null, secure: boolean): string {
  const attrs = ['Path=/', 'HttpOnly', 'SameSite=Strict', ...(secure ? ['Secure'] : [])];
  return value === null
    ? [`${SESSION_COOKIE}=`, 'Max-Age=0', ...attrs].join('; ')
    : [`${SESSION_COOKIE}=${value}`, `Max-Age=${COOKIE_MAX_AGE_S}`, ...attrs].join('; ');
}

/** An Origin, when the browser sends one, must be this server as the browser reached it. */
function sameOrigin(req: IncomingMessage, secure: boolean): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  return origin === `${secure ? 'https' : 'http'}://${req.headers.host ?? ''}`;
}

export function createBureauHttp(opts: BureauHttpOptions): Server {
  const secure = opts.tls !== undefined;
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const calls = new RateLimiter(limits.perSecond, limits.burst);
  const signIns = new RateLimiter(limits.signInsPerMinute / 60, limits.signInsPerMinute);
  const security: Record<string, string> = secure ? { 'Strict-Transport-Security': 'max-age=31536000' } : {};

  async function api(req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
    if (req.method !== 'POST') return sendError(res, 405, new ApiError('invalid_input', '只接受 POST 请求'));
    if (!(req.headers['content-type'] ?? '').startsWith('application/json') || !sameOrigin(req, secure)) {
      return sendError(res, 403, new ApiError('forbidden', '拒绝来自其他网页的请求。'));
    }
    const address = req.socket.remoteAddress ?? null;
    const token = readCookie(req.headers.cookie, SESSION_COOKIE);
    const key = token ? `s:${createHash('sha256').update(token).digest('hex')}` : `a:${address}`;
    const limited = !calls.take(key) || (method === 'session.login' && !signIns.take(`a:${address}`));
    if (limited) {
      res.setHeader('Retry-After', '1');
      return sendError(res, 429, new ApiError('invalid_input', '请求过于频繁，请稍后再试。'));
    }
    const input = await readJsonInput(req, res);
    if (input === NO_INPUT) return;
    if (!isMethod(method)) return sendError(res, 200, new ApiError('invalid_input', UNKNOWN_METHOD_MESSAGE));
    const answer = await opts.backend.dispatch(method, input, { token, address });
    const headers: Record<string, string> = { ...security };
    if (answer.cookie === 'clear') headers['Set-Cookie'] = cookieHeader(null, secure);
    else if (answer.cookie) headers['Set-Cookie'] = cookieHeader(answer.cookie.set, secure);
    sendEnvelope(res, 200, answer.envelope, headers);
  }

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://server');
    if (!decodablePath(url.pathname)) {
      sendError(res, 400, new ApiError('invalid_input', '请求地址无效：含有无法识别的字符编码'));
      return;
    }
    const m = url.pathname.match(/^\/api\/([a-zA-Z.]+)$/);
    const work = m
      ? api(req, res, m[1]!)
      : opts.staticDir
        ? handleStatic(req, res, url.pathname, opts.staticDir, security)
        : Promise.resolve(void res.writeHead(404).end());
    work.catch(() => {
      if (!res.headersSent) sendError(res, 500, new ApiError('internal', '程序内部错误'));
      else res.end();
    });
  };
  return opts.tls
    ? createHttpsServer({ cert: opts.tls.cert, key: opts.tls.key }, onRequest)
    : createHttpServer(onRequest);
}
