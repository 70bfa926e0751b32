/** The chosen bureau server (连接单位服务器) in the window's rules: pages, requests and IPC senders. */
import { describe, expect, it } from 'vitest';
import { appLocation, isAllowedRequestUrl, isAppDocumentUrl } from './app-location.ts';
import { isTrustedCall } from './ipc.ts';

describe('the chosen server in the app location', () => {
  const loc = appLocation(
    '/opt/CreditDesk/dist/renderer/index.html',
    null,
    'linux',
    'https://credit.bureau.local:8443',
  );

  it("is the app's page at its root only, and the only web origin it may request", () => {
    expect(isAppDocumentUrl(loc, 'https://credit.bureau.local:8443/?desktop=1#/entities')).toBe(true);
    expect(isAppDocumentUrl(loc, 'https://credit.bureau.local:8443/api/app.status')).toBe(false);
    expect(isAppDocumentUrl(loc, 'https://credit.bureau.local:9443/')).toBe(false);
    expect(isAppDocumentUrl(loc, 'file:///opt/CreditDesk/dist/renderer/index.html')).toBe(true);
    expect(isAllowedRequestUrl(loc, 'https://credit.bureau.local:8443/assets/app.js', false)).toBe(true);
    expect(isAllowedRequestUrl(loc, 'https://evil.example/x.js', false)).toBe(false);
    expect(isAllowedRequestUrl(loc, 'http://credit.bureau.local:8443/', false)).toBe(false);
    expect(isAllowedRequestUrl(loc, 'wss://credit.bureau.local:8443/', false)).toBe(false);
    const desk = appLocation('/opt/CreditDesk/dist/renderer/index.html', null, 'linux');
    expect(isAllowedRequestUrl(desk, 'https://credit.bureau.local:8443/assets/app.js', false)).toBe(false);
  });

  it('lets the server page call only connection.*, and the own page everything', () => {
    const page = { url: 'https://credit.bureau.local:8443/?desktop=1', parent: null };
    expect(isTrustedCall(loc, page, 'connection.set')).toBe(true);
    expect(isTrustedCall(loc, page, 'app.status')).toBe(false);
    expect(isTrustedCall(loc, { ...page, parent: {} }, 'connection.get')).toBe(false);
    const own = { url: 'file:///opt/CreditDesk/dist/renderer/index.html', parent: null };
    expect(isTrustedCall(loc, own, 'app.status')).toBe(true);
    expect(isTrustedCall(loc, null, 'connection.get')).toBe(false);
  });
});
