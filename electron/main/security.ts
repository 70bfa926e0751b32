/**
 * Session and web-contents hardening (SPEC §9: no network requests at all, no navigation, no new
 * windows, strict CSP). Every function takes the Electron objects as parameters and touches only the
 * few members named in the small interfaces below, so tests drive them with hand-written fakes and
 * main.ts passes the real objects (which the compiler checks against these interfaces).
 */
import type {
  CallbackResponse,
  HandlerDetails,
  HeadersReceivedResponse,
  OnBeforeRequestListenerDetails,
  OnHeadersReceivedListenerDetails,
  WindowOpenHandlerResponse,
} from 'electron';
import { type AppLocation, isAllowedRequestUrl, isAppDocumentUrl } from './app-location.ts';

export type BeforeRequestListener = (
  details: OnBeforeRequestListenerDetails,
  callback: (response: CallbackResponse) => void,
) => void;
export type HeadersReceivedListener = (
  details: OnHeadersReceivedListenerDetails,
  callback: (response: HeadersReceivedResponse) => void,
) => void;

/** The part of `Electron.Session` the hardening uses. */
export interface HardenableSession {
  readonly webRequest: {
    onBeforeRequest(listener: BeforeRequestListener | null): void;
    onHeadersReceived(listener: HeadersReceivedListener | null): void;
  };
  setPermissionRequestHandler(
    handler:
      | ((webContents: unknown, permission: string, callback: (granted: boolean) => void) => void)
      | null,
  ): void;
  setPermissionCheckHandler(handler: (() => boolean) | null): void;
  setDevicePermissionHandler(handler: (() => boolean) | null): void;
  setSpellCheckerEnabled(enable: boolean): void;
}

export interface PreventableEvent {
  preventDefault(): void;
}
export interface NavigationEvent extends PreventableEvent {
  readonly url: string;
}

/** The part of `Electron.WebContents` the hardening uses. */
export interface HardenableContents {
  on(event: 'will-navigate', listener: (details: NavigationEvent) => void): unknown;
  on(event: 'will-frame-navigate', listener: (details: NavigationEvent) => void): unknown;
  on(event: 'will-redirect', listener: (details: NavigationEvent) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: HandlerDetails) => WindowOpenHandlerResponse): void;
}

/** The part of `Electron.App` the hardening uses. */
export interface ContentsCreatedSource {
  on(
    event: 'web-contents-created',
    listener: (event: PreventableEvent, contents: HardenableContents) => void,
  ): unknown;
}

export interface NetworkPolicy {
  /** Let DevTools load its own `devtools://` pages (development only). */
  allowDevtools: boolean;
}

/**
 * Cancels every request that is not the app's own files (or the dev server in development), and
 * denies every permission (camera, geolocation, notifications, USB, clipboard API …). Spellchecking is
 * switched off because Chromium would download dictionaries from the internet.
 */
export function blockNetwork(session: HardenableSession, loc: AppLocation, policy: NetworkPolicy): void {
  session.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isAllowedRequestUrl(loc, details.url, policy.allowDevtools) });
  });
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.setSpellCheckerEnabled(false);
}

/**
 * Sends the Content-Security-Policy as a response header, replacing any the server sent. Chromium does
 * not run this for file:// pages; there the <meta> policy in index.html applies.
 */
export function installContentSecurityPolicy(session: HardenableSession, policy: string): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers: Record<string, string[]> = {};
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      if (name.toLowerCase() !== 'content-security-policy') headers[name] = value;
    }
    headers['Content-Security-Policy'] = [policy];
    callback({ responseHeaders: headers });
  });
}

/** No navigation away from index.html, no redirects, no new windows, no <webview>. */
export function hardenContents(contents: HardenableContents, loc: AppLocation): void {
  const stayHome = (details: NavigationEvent): void => {
    if (!isAppDocumentUrl(loc, details.url)) details.preventDefault();
  };
  contents.on('will-navigate', stayHome);
  contents.on('will-frame-navigate', stayHome);
  contents.on('will-redirect', stayHome);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** Applies `hardenContents` to every web contents the app ever creates (windows, DevTools, …). */
export function hardenAllContents(app: ContentsCreatedSource, loc: AppLocation): void {
  app.on('web-contents-created', (_event, contents) => hardenContents(contents, loc));
}
