import type {
  App,
  CallbackResponse,
  HandlerDetails,
  HeadersReceivedResponse,
  OnBeforeRequestListenerDetails,
  OnHeadersReceivedListenerDetails,
  Session,
  WebContents,
  WindowOpenHandlerResponse,
} from 'electron';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { appLocation } from './app-location.ts';
import {
  type BeforeRequestListener,
  type ContentsCreatedSource,
  type HardenableContents,
  type HardenableSession,
  type HeadersReceivedListener,
  hardenAllContents,
  hardenContents,
  blockNetwork,
  installContentSecurityPolicy,
  type NavigationEvent,
  type PreventableEvent,
} from './security.ts';
import { CONTENT_SECURITY_POLICY } from './window-options.ts';

const loc = appLocation('/opt/CreditDesk/resources/app.asar/dist/renderer/index.html', null, 'linux');
const INDEX = 'file:///opt/CreditDesk/resources/app.asar/dist/renderer/index.html';

// ---- fakes: just the members the hardening touches -------------------------------------------------

type PermissionRequestHandler = Parameters<HardenableSession['setPermissionRequestHandler']>[0];

class FakeSession implements HardenableSession {
  beforeRequest: BeforeRequestListener | null = null;
  headersReceived: HeadersReceivedListener | null = null;
  permissionRequest: PermissionRequestHandler = null;
  permissionCheck: (() => boolean) | null = null;
  devicePermission: (() => boolean) | null = null;
  spellChecker: boolean | null = null;
  readonly webRequest = {
    onBeforeRequest: (listener: BeforeRequestListener | null) => {
      this.beforeRequest = listener;
    },
    onHeadersReceived: (listener: HeadersReceivedListener | null) => {
      this.headersReceived = listener;
    },
  };
  setPermissionRequestHandler(handler: PermissionRequestHandler): void {
    this.permissionRequest = handler;
  }
  setPermissionCheckHandler(handler: (() => boolean) | null): void {
    this.permissionCheck = handler;
  }
  setDevicePermissionHandler(handler: (() => boolean) | null): void {
    this.devicePermission = handler;
  }
  setSpellCheckerEnabled(enable: boolean): void {
    this.spellChecker = enable;
  }

  /** Runs the onBeforeRequest listener like Chromium would and reports whether it cancelled. */
  request(url: string, resourceType: OnBeforeRequestListenerDetails['resourceType'] = 'xhr'): boolean {
    let response: CallbackResponse | undefined;
    const details: OnBeforeRequestListenerDetails = {
      id: 1,
      url,
      method: 'GET',
      resourceType,
      referrer: '',
      timestamp: 0,
      uploadData: [],
    };
    this.beforeRequest?.(details, (r) => {
      response = r;
    });
    if (!response) throw new Error('listener did not answer');
    return response.cancel === true;
  }
}

type Listener = (...args: never[]) => void;

class FakeContents implements HardenableContents {
  readonly listeners = new Map<string, Listener[]>();
  windowOpenHandler: ((details: HandlerDetails) => WindowOpenHandlerResponse) | null = null;
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  setWindowOpenHandler(handler: (details: HandlerDetails) => WindowOpenHandlerResponse): void {
    this.windowOpenHandler = handler;
  }
  /** Emits a navigation-like event; returns whether some listener called preventDefault. */
  navigate(event: 'will-navigate' | 'will-frame-navigate' | 'will-redirect', url: string): boolean {
    let prevented = false;
    const details: NavigationEvent = {
      url,
      preventDefault: () => {
        prevented = true;
      },
    };
    const list = this.listeners.get(event) ?? [];
    if (list.length === 0) throw new Error(`no ${event} listener`);
    for (const l of list) (l as (d: NavigationEvent) => void)(details);
    return prevented;
  }
  attachWebview(): boolean {
    let prevented = false;
    const event: PreventableEvent = {
      preventDefault: () => {
        prevented = true;
      },
    };
    for (const l of this.listeners.get('will-attach-webview') ?? [])
      (l as (e: PreventableEvent) => void)(event);
    return prevented;
  }
}

class FakeApp implements ContentsCreatedSource {
  created: ((event: PreventableEvent, contents: HardenableContents) => void) | null = null;
  on(
    _event: 'web-contents-created',
    listener: (event: PreventableEvent, contents: HardenableContents) => void,
  ): this {
    this.created = listener;
    return this;
  }
}

// ---------------------------------------------------------------------------------------------------

describe('the real Electron objects fit the small interfaces (compile-time)', () => {
  it('Session, WebContents and App are accepted where the fakes are', () => {
    expectTypeOf<Session>().toExtend<HardenableSession>();
    expectTypeOf<WebContents>().toExtend<HardenableContents>();
    expectTypeOf<App>().toExtend<ContentsCreatedSource>();
  });
});

describe('blockNetwork', () => {
  const setup = (allowDevtools = false) => {
    const session = new FakeSession();
    blockNetwork(session, loc, { allowDevtools });
    return session;
  };

  it('cancels a request to https://example.com', () => {
    expect(setup().request('https://example.com/')).toBe(true);
  });

  it('cancels every kind of remote request, including websockets and plain http', () => {
    const session = setup();
    expect(session.request('http://example.com/x.js', 'script')).toBe(true);
    expect(session.request('https://fonts.googleapis.com/css', 'stylesheet')).toBe(true);
    expect(session.request('wss://example.com/socket', 'webSocket')).toBe(true);
    expect(session.request('http://127.0.0.1:5780/api/call', 'xhr')).toBe(true);
    expect(session.request('https://example.com/', 'mainFrame')).toBe(true);
  });

  it('allows the app’s own file:// page and assets', () => {
    const session = setup();
    expect(session.request(INDEX, 'mainFrame')).toBe(false);
    expect(session.request(INDEX.replace('index.html', 'assets/index-abc.js'), 'script')).toBe(false);
  });

  it('cancels file:// requests outside the renderer folder (e.g. the database)', () => {
    expect(setup().request('file:///home/u/.config/CreditDesk/creditdesk.db')).toBe(true);
  });

  it('allows devtools:// only when DevTools are enabled', () => {
    expect(setup(false).request('devtools://devtools/bundled/inspector.html')).toBe(true);
    expect(setup(true).request('devtools://devtools/bundled/inspector.html')).toBe(false);
  });

  it('denies every permission request and check, and all devices', () => {
    const session = setup();
    let granted: boolean | null = null;
    session.permissionRequest?.({}, 'media', (g) => {
      granted = g;
    });
    expect(granted).toBe(false);
    session.permissionRequest?.({}, 'notifications', (g) => {
      granted = g;
    });
    expect(granted).toBe(false);
    expect(session.permissionCheck?.()).toBe(false);
    expect(session.devicePermission?.()).toBe(false);
  });

  it('switches the spellchecker off (it would download dictionaries)', () => {
    expect(setup().spellChecker).toBe(false);
  });
});

describe('installContentSecurityPolicy', () => {
  it('sets the CSP header and replaces any the server sent, keeping other headers', () => {
    const session = new FakeSession();
    installContentSecurityPolicy(session, CONTENT_SECURITY_POLICY);
    let response: HeadersReceivedResponse | undefined;
    const details: OnHeadersReceivedListenerDetails = {
      id: 1,
      url: 'http://127.0.0.1:5173/',
      method: 'GET',
      resourceType: 'mainFrame',
      referrer: '',
      timestamp: 0,
      statusLine: 'HTTP/1.1 200 OK',
      statusCode: 200,
      responseHeaders: { 'content-type': ['text/html'], 'content-security-policy': ['default-src *'] },
    };
    session.headersReceived?.(details, (r) => {
      response = r;
    });
    expect(response?.responseHeaders).toEqual({
      'content-type': ['text/html'],
      'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
    });
    expect(response?.cancel).toBeUndefined();
  });
});

describe('hardenContents', () => {
  const setup = () => {
    const contents = new FakeContents();
    hardenContents(contents, loc);
    return contents;
  };

  it('prevents navigation to another URL, in the main frame, any frame, and by redirect', () => {
    const contents = setup();
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect'] as const) {
      expect(contents.navigate(event, 'https://example.com/'), event).toBe(true);
      expect(contents.navigate(event, 'file:///etc/passwd'), event).toBe(true);
      expect(contents.navigate(event, INDEX.replace('index.html', 'other.html')), event).toBe(true);
      expect(contents.navigate(event, 'javascript:alert(1)'), event).toBe(true);
    }
  });

  it('lets the app document itself through (e.g. a reload of index.html)', () => {
    const contents = setup();
    expect(contents.navigate('will-navigate', INDEX)).toBe(false);
    expect(contents.navigate('will-navigate', `${INDEX}#/entities`)).toBe(false);
  });

  it('denies window.open and target=_blank', () => {
    const contents = setup();
    const details = {
      url: 'https://example.com/',
      frameName: '',
      features: '',
      disposition: 'new-window',
      referrer: { url: '', policy: 'no-referrer' },
    } as const satisfies Partial<HandlerDetails>;
    expect(contents.windowOpenHandler?.(details as HandlerDetails)).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ ...details, url: INDEX } as HandlerDetails)).toEqual({
      action: 'deny',
    });
  });

  it('prevents attaching a <webview>', () => {
    expect(setup().attachWebview()).toBe(true);
  });
});

describe('hardenAllContents', () => {
  it('hardens every web contents the app creates', () => {
    const app = new FakeApp();
    hardenAllContents(app, loc);
    const contents = new FakeContents();
    app.created?.({ preventDefault: () => {} }, contents);
    expect(contents.navigate('will-navigate', 'https://example.com/')).toBe(true);
    expect(contents.windowOpenHandler).not.toBeNull();
    expect(contents.attachWebview()).toBe(true);
  });
});
