/**
 * Where the renderer lives, and the two questions every security check asks about a URL:
 * "is this our own page?" (navigation, IPC senders) and "may the renderer load this?" (network block).
 * Pure functions over strings, so they run under plain Node in tests; `platform` is a parameter so the
 * Windows rules (drive letters, case-insensitive paths) are tested on Linux too.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface AppLocation {
  /** Absolute path of the built renderer's index.html (dist/renderer/index.html). */
  readonly indexFile: string;
  /** Origin of the renderer dev server (`http://localhost:5173`), only in development; else null. */
  readonly devServerOrigin: string | null;
  readonly platform: NodeJS.Platform;
  /**
   * Origin of the bureau server the officer chose (连接单位服务器, connection/choice.ts), whose pages the
   * window shows instead of index.html; null on a desk. Only its root page counts as the app's page, and
   * only its origin may be requested.
   */
  readonly serverOrigin: string | null;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export function appLocation(
  indexFile: string,
  devServerUrl: string | null = null,
  platform: NodeJS.Platform = process.platform,
  serverOrigin: string | null = null,
): AppLocation {
  return {
    indexFile: pathApi(platform).resolve(indexFile),
    devServerOrigin: devServerOrigin(devServerUrl),
    platform,
    serverOrigin,
  };
}

/**
 * Accepts only an http URL on a loopback host with an explicit port; anything else is ignored (null),
 * so a stray environment variable can never point the app at a remote page.
 */
export function devServerOrigin(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const url = parseUrl(raw);
  if (url === null) return null;
  if (url.protocol !== 'http:' || !LOOPBACK_HOSTS.has(url.hostname) || url.port === '') return null;
  return url.origin;
}

/** The page itself: index.html (any query or fragment), or the dev server's or chosen server's root page. */
export function isAppDocumentUrl(loc: AppLocation, raw: string): boolean {
  const url = parseUrl(raw);
  if (!url) return false;
  if (url.protocol === 'file:') {
    const file = filePath(loc, url);
    return file !== null && samePath(loc, file, loc.indexFile);
  }
  if (loc.devServerOrigin !== null && url.origin === loc.devServerOrigin) {
    return url.pathname === '/' || url.pathname === '/index.html';
  }
  if (loc.serverOrigin !== null && url.origin === loc.serverOrigin) {
    return url.pathname === '/' || url.pathname === '/index.html';
  }
  return false;
}

/**
 * Requests the renderer may make: files inside the renderer directory, inline data and blobs, the dev
 * server (http and its HMR websocket) in development, DevTools' own pages when DevTools are on, and
 * the chosen bureau server's origin. Everything else — http(s), ws(s), ftp, other files on the disk such as the database — is refused.
 */
export function isAllowedRequestUrl(loc: AppLocation, raw: string, allowDevtools: boolean): boolean {
  const url = parseUrl(raw);
  if (!url) return false;
  switch (url.protocol) {
    case 'file:': {
      const file = filePath(loc, url);
      return file !== null && isInside(loc, file, pathApi(loc.platform).dirname(loc.indexFile));
    }
    case 'data:':
    case 'blob:':
      return true;
    case 'devtools:':
      return allowDevtools;
    case 'https:':
      return loc.serverOrigin !== null && url.origin === loc.serverOrigin;
    case 'http:':
      // A chosen server over plain http is on this computer (choice.ts allows http on loopback only).
      if (loc.serverOrigin !== null && url.origin === loc.serverOrigin) return true;
      return loc.devServerOrigin !== null && `http://${url.host}` === loc.devServerOrigin;
    case 'ws:':
      return loc.devServerOrigin !== null && `http://${url.host}` === loc.devServerOrigin;
    default:
      return false;
  }
}

function parseUrl(raw: string): URL | null {
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

function pathApi(platform: NodeJS.Platform): path.PlatformPath {
  return platform === 'win32' ? path.win32 : path.posix;
}

function filePath(loc: AppLocation, url: URL): string | null {
  const bare = new URL(url.href);
  bare.search = '';
  bare.hash = '';
  try {
    return pathApi(loc.platform).resolve(fileURLToPath(bare, { windows: loc.platform === 'win32' }));
  } catch {
    // file://host/share on POSIX, encoded slashes and similar: not ours.
    return null;
  }
}

function comparable(loc: AppLocation, p: string): string {
  return loc.platform === 'win32' ? p.toLowerCase() : p;
}

function samePath(loc: AppLocation, a: string, b: string): boolean {
  return comparable(loc, a) === comparable(loc, b);
}

function isInside(loc: AppLocation, file: string, dir: string): boolean {
  const api = pathApi(loc.platform);
  const rel = api.relative(comparable(loc, dir), comparable(loc, file));
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${api.sep}`) && !api.isAbsolute(rel);
}
