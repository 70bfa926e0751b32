/**
 * The renderer's only way to the backend. In Electron the preload script exposes `window.creditdesk`;
 * in browser mode the same calls go as `POST /api/<method>` to the local server, authorised by the
 * token the server printed in the start URL (`#token=…`). Either way the answer is an Envelope.
 */
import { createApi, type Transport } from '../../shared/api/client.ts';
import type { Api, Input, Method, Output } from '../../shared/api/contract.ts';
import { ApiError, type Envelope, isEnvelope } from '../../shared/api/errors.ts';

interface PreloadBridge {
  call(method: string, input: unknown): Promise<Envelope<unknown>>;
}

declare global {
  interface Window {
    creditdesk?: PreloadBridge;
  }
}

const TOKEN_KEY = 'creditdesk.token';
const UNREACHABLE = '无法连接到本机服务，请重新启动程序';

/**
 * Moves a `#token=…` fragment into sessionStorage and removes it from the visible URL (and from the
 * history entry), so it is neither shown, bookmarked nor mistaken for a route. Safe to call repeatedly.
 */
export function consumeTokenFromUrl(): void {
  const hash = window.location.hash;
  const m = /^#token=([^&]*)/.exec(hash);
  if (!m) return;
  const token = decodeURIComponent(m[1] ?? '');
  try {
    if (token) window.sessionStorage.setItem(TOKEN_KEY, token);
  } catch {
    // sessionStorage unavailable: the token is kept in memory below.
  }
  memoryToken = token || memoryToken;
  window.history.replaceState(null, '', window.location.pathname + window.location.search);
}

let memoryToken: string | null = null;

function currentToken(): string | null {
  try {
    return window.sessionStorage.getItem(TOKEN_KEY) ?? memoryToken;
  } catch {
    return memoryToken;
  }
}

const ipcTransport =
  (bridge: PreloadBridge): Transport =>
  async (method, input) => {
    try {
      const env = await bridge.call(method, input);
      if (isEnvelope(env)) return env;
    } catch {
      // fall through
    }
    return { ok: false, error: { code: 'internal', message: UNREACHABLE } };
  };

const httpTransport: Transport = async (method, input) => {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  const token = currentToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  let res: Response;
  try {
    res = await fetch(`/api/${encodeURIComponent(method)}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(input ?? {}),
      cache: 'no-store',
      credentials: 'same-origin',
    });
  } catch {
    return { ok: false, error: { code: 'internal', message: UNREACHABLE } };
  }
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  if (isEnvelope(body)) return body;
  return { ok: false, error: { code: 'internal', message: UNREACHABLE } };
};

consumeTokenFromUrl();

/**
 * The desktop app showing the bureau server's pages (连接单位服务器: it loads them with `?desktop=1`):
 * the calls go to the server over HTTPS with its session cookie, but the connection calls to the
 * desktop app itself, so the officer can switch back to this computer's database.
 */
function desktopOnServer(): boolean {
  return (
    window.location.protocol !== 'file:' && new URLSearchParams(window.location.search).get('desktop') === '1'
  );
}

function chooseTransport(): Transport {
  if (typeof window === 'undefined' || !window.creditdesk) return httpTransport;
  const ipc = ipcTransport(window.creditdesk);
  if (!desktopOnServer()) return ipc;
  return (method, input) =>
    method.startsWith('connection.') ? ipc(method, input) : httpTransport(method, input);
}

const transport: Transport = chooseTransport();

const raw: Api = createApi(transport);

/** Fired on `window` when a call says the session is gone (logout elsewhere, idle lock, restart). */
export const SESSION_LOST_EVENT = 'creditdesk:session-lost';

/** The typed API. Every failure is an ApiError whose message is fit to show as is. */
export const api: Api = {
  async call<M extends Method>(method: M, input: Input<M>): Promise<Output<M>> {
    try {
      return await raw.call(method, input);
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError('internal', '程序内部错误');
      if (err.code === 'not_logged_in' && method !== 'app.status' && method !== 'session.login') {
        window.dispatchEvent(new CustomEvent(SESSION_LOST_EVENT, { detail: err.message }));
      }
      throw err;
    }
  },
};

/** A Chinese message for anything thrown by a call or by the UI code around it. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  return '程序内部错误';
}

export { ApiError };
