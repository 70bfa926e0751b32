import type { BrowserWindowConstructorOptions } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../csp.ts';

export const WINDOW_TITLE = '信用分级分类监管工作台';

/**
 * The renderer's Content-Security-Policy (one definition, electron/csp.ts). index.html carries it in a
 * <meta> tag, which is what applies to file:// loads; the main process also sends it as a response
 * header wherever Chromium lets it (the dev server).
 */
export { CONTENT_SECURITY_POLICY };

/**
 * Development only (renderer served by the Vite dev server): the React refresh preamble is an inline
 * script, so scripts may be inline there. Never used for the packaged app.
 */
export const DEVELOPMENT_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace(
  "script-src 'self'",
  "script-src 'self' 'unsafe-inline'",
);

export interface WindowFlags {
  /** DevTools only in development (`!app.isPackaged`). */
  devTools: boolean;
}

/** Options for the one application window: every renderer hardening switch set explicitly. */
export function secureWindowOptions(
  preloadPath: string,
  flags: WindowFlags = { devTools: false },
): BrowserWindowConstructorOptions {
  return {
    title: WINDOW_TITLE,
    width: 1366,
    height: 820,
    minWidth: 1100,
    minHeight: 700,
    backgroundColor: '#f8f9fa',
    show: false,
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
      experimentalFeatures: false,
      enableWebSQL: false,
      plugins: false,
      safeDialogs: true,
      devTools: flags.devTools,
    },
  };
}
