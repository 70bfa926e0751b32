import { describe, expect, it } from 'vitest';
import { appLocation, devServerOrigin, isAllowedRequestUrl, isAppDocumentUrl } from './app-location.ts';

const linux = appLocation('/opt/CreditDesk/resources/app.asar/dist/renderer/index.html', null, 'linux');
const win = appLocation(
  'C:\\Users\\张三\\AppData\\Local\\Programs\\CreditDesk\\resources\\app.asar\\dist\\renderer\\index.html',
  null,
  'win32',
);
const LINUX_INDEX = 'file:///opt/CreditDesk/resources/app.asar/dist/renderer/index.html';
const WIN_INDEX =
  'file:///C:/Users/%E5%BC%A0%E4%B8%89/AppData/Local/Programs/CreditDesk/resources/app.asar/dist/renderer/index.html';

describe('isAppDocumentUrl', () => {
  it('accepts index.html itself, with any query or fragment', () => {
    expect(isAppDocumentUrl(linux, LINUX_INDEX)).toBe(true);
    expect(isAppDocumentUrl(linux, `${LINUX_INDEX}#/entities/12`)).toBe(true);
    expect(isAppDocumentUrl(linux, `${LINUX_INDEX}?x=1`)).toBe(true);
  });

  it('accepts the Windows URL Chromium reports (percent-encoded, drive-letter case)', () => {
    expect(isAppDocumentUrl(win, WIN_INDEX)).toBe(true);
    expect(isAppDocumentUrl(win, WIN_INDEX.replace('file:///C:', 'file:///c:'))).toBe(true);
  });

  it('refuses other files, other schemes and garbage', () => {
    expect(
      isAppDocumentUrl(linux, 'file:///opt/CreditDesk/resources/app.asar/dist/renderer/other.html'),
    ).toBe(false);
    expect(isAppDocumentUrl(linux, 'file:///tmp/index.html')).toBe(false);
    expect(
      isAppDocumentUrl(
        linux,
        'file:///opt/CreditDesk/resources/app.asar/dist/renderer/../renderer/x/../index.html',
      ),
    ).toBe(true);
    expect(isAppDocumentUrl(linux, 'https://example.com/index.html')).toBe(false);
    expect(isAppDocumentUrl(linux, 'about:blank')).toBe(false);
    expect(isAppDocumentUrl(linux, 'data:text/html,<h1>x</h1>')).toBe(false);
    expect(isAppDocumentUrl(linux, 'not a url')).toBe(false);
    expect(isAppDocumentUrl(linux, '')).toBe(false);
    expect(
      isAppDocumentUrl(linux, 'file://evil-host/opt/CreditDesk/resources/app.asar/dist/renderer/index.html'),
    ).toBe(false);
  });

  it('accepts the dev server root only when a dev server is configured', () => {
    const dev = appLocation('/x/dist/renderer/index.html', 'http://127.0.0.1:5173', 'linux');
    expect(isAppDocumentUrl(dev, 'http://127.0.0.1:5173/')).toBe(true);
    expect(isAppDocumentUrl(dev, 'http://127.0.0.1:5173/index.html#/x')).toBe(true);
    expect(isAppDocumentUrl(dev, 'http://127.0.0.1:5173/evil.html')).toBe(false);
    expect(isAppDocumentUrl(dev, 'http://127.0.0.1:5174/')).toBe(false);
    expect(isAppDocumentUrl(linux, 'http://127.0.0.1:5173/')).toBe(false);
  });
});

describe('devServerOrigin', () => {
  it('only takes loopback http URLs with a port', () => {
    expect(devServerOrigin('http://localhost:5173/some/path')).toBe('http://localhost:5173');
    expect(devServerOrigin('http://127.0.0.1:5173')).toBe('http://127.0.0.1:5173');
    expect(devServerOrigin('http://[::1]:5173')).toBe('http://[::1]:5173');
    expect(devServerOrigin('https://example.com:5173')).toBe(null);
    expect(devServerOrigin('http://192.168.1.10:5173')).toBe(null);
    expect(devServerOrigin('http://localhost')).toBe(null);
    expect(devServerOrigin('file:///x')).toBe(null);
    expect(devServerOrigin('garbage')).toBe(null);
    expect(devServerOrigin(undefined)).toBe(null);
    expect(devServerOrigin('')).toBe(null);
  });
});

describe('isAllowedRequestUrl', () => {
  it('allows the renderer directory and nothing else on disk', () => {
    expect(isAllowedRequestUrl(linux, LINUX_INDEX, false)).toBe(true);
    expect(
      isAllowedRequestUrl(
        linux,
        'file:///opt/CreditDesk/resources/app.asar/dist/renderer/assets/index-abc.js',
        false,
      ),
    ).toBe(true);
    expect(isAllowedRequestUrl(linux, 'file:///home/user/.config/CreditDesk/creditdesk.db', false)).toBe(
      false,
    );
    expect(
      isAllowedRequestUrl(linux, 'file:///opt/CreditDesk/resources/app.asar/dist/electron/main.js', false),
    ).toBe(false);
    expect(
      isAllowedRequestUrl(linux, 'file:///opt/CreditDesk/resources/app.asar/dist/renderer/../x.js', false),
    ).toBe(false);
    expect(
      isAllowedRequestUrl(linux, 'file:///opt/CreditDesk/resources/app.asar/dist/renderer-evil/a.js', false),
    ).toBe(false);
    expect(isAllowedRequestUrl(linux, 'file:///etc/passwd', false)).toBe(false);
  });

  it('handles Windows paths case-insensitively', () => {
    const asset = WIN_INDEX.replace('index.html', 'assets/a.js').replace('/Programs/', '/PROGRAMS/');
    expect(isAllowedRequestUrl(win, asset, false)).toBe(true);
    expect(isAllowedRequestUrl(win, 'file:///C:/Windows/System32/drivers/etc/hosts', false)).toBe(false);
  });

  it('refuses the network', () => {
    for (const url of [
      'https://example.com/',
      'http://example.com/',
      'http://localhost:5173/',
      'ws://example.com/',
      'wss://example.com/',
      'ftp://example.com/',
      'chrome-extension://abc/x.js',
      'devtools://devtools/bundled/inspector.html',
    ]) {
      expect(isAllowedRequestUrl(linux, url, false), url).toBe(false);
    }
  });

  it('allows data:, blob: and (only when enabled) DevTools pages', () => {
    expect(isAllowedRequestUrl(linux, 'data:image/png;base64,AAAA', false)).toBe(true);
    expect(isAllowedRequestUrl(linux, 'blob:file:///0b6c1c5e-1111-4c8e-9a1e-5f0e0c5f0e0c', false)).toBe(true);
    expect(isAllowedRequestUrl(linux, 'devtools://devtools/bundled/inspector.html', true)).toBe(true);
  });

  it('allows the dev server and its HMR websocket, same host and port only', () => {
    const dev = appLocation('/x/dist/renderer/index.html', 'http://127.0.0.1:5173', 'linux');
    expect(isAllowedRequestUrl(dev, 'http://127.0.0.1:5173/src/main.tsx', false)).toBe(true);
    expect(isAllowedRequestUrl(dev, 'ws://127.0.0.1:5173/?token=x', false)).toBe(true);
    expect(isAllowedRequestUrl(dev, 'http://127.0.0.1:5780/api', false)).toBe(false);
    expect(isAllowedRequestUrl(dev, 'http://localhost:5173/', false)).toBe(false);
    expect(isAllowedRequestUrl(dev, 'https://127.0.0.1:5173/', false)).toBe(false);
  });
});
