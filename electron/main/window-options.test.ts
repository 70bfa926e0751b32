import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  DEVELOPMENT_CONTENT_SECURITY_POLICY,
  secureWindowOptions,
  WINDOW_TITLE,
} from './window-options.ts';

describe('secureWindowOptions', () => {
  const opts = secureWindowOptions('/app/dist/electron/preload.cjs');
  const web = opts.webPreferences ?? {};

  it('isolates and sandboxes the renderer, with no Node anywhere', () => {
    expect(web.contextIsolation).toBe(true);
    expect(web.sandbox).toBe(true);
    expect(web.nodeIntegration).toBe(false);
    expect(web.nodeIntegrationInWorker).toBe(false);
    expect(web.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keeps web security on and every risky feature off', () => {
    expect(web.webSecurity).toBe(true);
    expect(web.allowRunningInsecureContent).toBe(false);
    expect(web.webviewTag).toBe(false);
    expect(web.spellcheck).toBe(false);
    expect(web.navigateOnDragDrop).toBe(false);
    expect(web.experimentalFeatures).toBe(false);
    expect(web.enableWebSQL).toBe(false);
    expect(web.plugins).toBe(false);
    expect(web.enableBlinkFeatures).toBeUndefined();
    expect('enableBlinkFeatures' in web).toBe(false);
  });

  it('uses the given preload and shows DevTools only when asked (development)', () => {
    expect(web.preload).toBe('/app/dist/electron/preload.cjs');
    expect(web.devTools).toBe(false);
    expect(secureWindowOptions('/p.cjs', { devTools: true }).webPreferences?.devTools).toBe(true);
    expect(secureWindowOptions('/p.cjs', { devTools: false }).webPreferences?.devTools).toBe(false);
  });

  it('has the agreed size, title and stays hidden until ready-to-show', () => {
    expect(opts).toMatchObject({ width: 1366, height: 820, minWidth: 1100, minHeight: 700, show: false });
    expect(opts.title).toBe('信用分级分类监管工作台');
    expect(opts.title).toBe(WINDOW_TITLE);
    expect(opts.backgroundColor).toMatch(/^#[0-9a-f]{6}$/i);
  });

  it('returns a fresh object each time (no shared mutable preferences)', () => {
    const a = secureWindowOptions('/a.cjs');
    const b = secureWindowOptions('/a.cjs');
    expect(a).not.toBe(b);
    expect(a.webPreferences).not.toBe(b.webPreferences);
  });
});

describe('CONTENT_SECURITY_POLICY', () => {
  it('is exactly the agreed policy', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'",
    );
  });

  it('matches the <meta> policy in renderer/index.html (what applies to file:// loads)', () => {
    const html = readFileSync(new URL('../../renderer/index.html', import.meta.url), 'utf8');
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html);
    expect(meta?.[1]).toBe(CONTENT_SECURITY_POLICY);
  });

  it('development policy differs only by allowing inline scripts', () => {
    expect(DEVELOPMENT_CONTENT_SECURITY_POLICY).toBe(
      CONTENT_SECURITY_POLICY.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'"),
    );
    expect(DEVELOPMENT_CONTENT_SECURITY_POLICY).not.toBe(CONTENT_SECURITY_POLICY);
  });
});
