/**
 * The desktop app's connection choice (issue 17): this desk's own database, or the bureau's server at an
 * address, with the SHA-256 fingerprint of its certificate pinned when the system does not trust it
 * (a bureau's self-signed certificate). Pure rules over strings, shared by the main process, browser mode
 * and the probe; the file itself is choice-file.ts.
 */
import type { ConnectionChoiceInput, StoredChoice } from '../../shared/api/contracts/connection.ts';
import { ApiError } from '../../shared/api/errors.ts';

export type { StoredChoice };

/** Plain http is for this computer's own address only (tests, a server on the same machine). */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export const URL_MESSAGE =
  '单位服务器地址应形如 https://服务器名或IP地址[:端口]，例如 https://192.168.1.10:8443（由管理员提供）。';
export const FINGERPRINT_MESSAGE =
  '证书指纹应为 64 位十六进制数字（SHA-256，可带冒号），请核对管理员提供的指纹。';

/**
 * The server's address as stored and loaded: its origin with a trailing slash. https only, except
 * http on the loopback address; no user name or password in the address; a path, query or fragment is
 * dropped (the server serves the app at its root). Throws ApiError('invalid_input') otherwise.
 */
export function normaliseServerUrl(raw: string): string {
  let text = raw.trim();
  // An officer types "192.168.1.10:8443": assume https, as the server is always TLS off loopback.
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) text = `https://${text}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid('url', URL_MESSAGE);
  }
  if (url.username || url.password) throw invalid('url', URL_MESSAGE);
  if (url.protocol === 'https:' && url.hostname !== '') return `${url.origin}/`;
  if (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)) return `${url.origin}/`;
  if (url.protocol === 'http:') {
    throw invalid('url', '单位服务器须使用加密连接（https://），普通 http:// 只能用于本机测试。');
  }
  throw invalid('url', URL_MESSAGE);
}

/**
 * A SHA-256 certificate fingerprint as 64 lower-case hex digits, from hex with or without colons (or
 * spaces), any case — the forms certificate dialogs and `openssl x509 -fingerprint -sha256` show.
 */
export function normaliseFingerprint(raw: string): string {
  const hex = raw
    .trim()
    .replace(/^sha-?256\s*(fingerprint)?\s*[=:]?\s*/i, '')
    .replace(/[\s:]/g, '');
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw invalid('fingerprint', FINGERPRINT_MESSAGE);
  return hex.toLowerCase();
}

/** The fingerprint in the usual display form, AB:CD:…, so an officer can compare it with the administrator's. */
export function displayFingerprint(hex: string): string {
  return (hex.toUpperCase().match(/../g) ?? []).join(':');
}

/** Validates and normalises a choice from the screen (the contract's schema has checked its shape). */
export function normaliseChoice(input: ConnectionChoiceInput): StoredChoice {
  if (input.mode === 'desk') return { mode: 'desk' };
  const fingerprint = input.fingerprint ? normaliseFingerprint(input.fingerprint) : null;
  return { mode: 'server', url: normaliseServerUrl(input.url), fingerprint };
}

/** `https://host:port` of a stored server choice, for origin comparisons (navigation, requests, IPC). */
export function serverOrigin(choice: StoredChoice | null): string | null {
  return choice?.mode === 'server' ? new URL(choice.url).origin : null;
}

function invalid(field: string, message: string): ApiError {
  return new ApiError('invalid_input', message, { [field]: message });
}
