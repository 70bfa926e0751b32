import { readFileSync } from 'node:fs';
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { afterEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import type { Method } from '../../shared/api/contract.ts';
import type { Envelope } from '../../shared/api/errors.ts';
import type { BackendClient } from '../backend/client.ts';
import { appLocation } from './app-location.ts';
import {
  bindIpc,
  FORBIDDEN_MESSAGE,
  IPC_CHANNEL,
  INTERNAL_MESSAGE,
  type InvokeEvent,
  type IpcRegistry,
  isTrustedFrame,
  type SenderFrame,
} from './ipc.ts';

const loc = appLocation('/opt/CreditDesk/resources/app.asar/dist/renderer/index.html', null, 'linux');
const INDEX = 'file:///opt/CreditDesk/resources/app.asar/dist/renderer/index.html';

type Handler = Parameters<IpcRegistry['handle']>[1];

class FakeIpcMain implements IpcRegistry {
  readonly handlers = new Map<string, Handler>();
  handle(channel: string, listener: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** What ipcRenderer.invoke(channel, ...args) from `frame` would resolve to. */
  invoke(frame: SenderFrame | null, ...args: unknown[]): Promise<Envelope<unknown>> {
    const handler = this.handlers.get(IPC_CHANNEL);
    if (!handler) throw new Error('no handler');
    return handler({ senderFrame: frame }, ...args);
  }
}

class FakeBackend implements BackendClient {
  readonly calls: [Method, unknown][] = [];
  reply: (method: Method, input: unknown) => Promise<Envelope<unknown>> = async () => ({
    ok: true,
    value: { n: 1 },
  });
  call(method: Method, input: unknown): Promise<Envelope<unknown>> {
    this.calls.push([method, input]);
    return this.reply(method, input);
  }
  async close(): Promise<void> {}
}

const mainFrame: SenderFrame = { url: INDEX, parent: null };

function setup() {
  const ipc = new FakeIpcMain();
  const backend = new FakeBackend();
  const unbind = bindIpc(ipc, backend, (frame) => isTrustedFrame(loc, frame));
  return { ipc, backend, unbind };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the real Electron objects fit the small interfaces (compile-time)', () => {
  it('IpcMain and IpcMainInvokeEvent are accepted where the fakes are', () => {
    expectTypeOf<IpcMain>().toExtend<IpcRegistry>();
    expectTypeOf<IpcMainInvokeEvent>().toExtend<InvokeEvent>();
  });
});

describe('bindIpc', () => {
  it('registers exactly one channel, creditdesk:call, and can unregister it', () => {
    const { ipc, unbind } = setup();
    expect([...ipc.handlers.keys()]).toEqual(['creditdesk:call']);
    unbind();
    expect(ipc.handlers.size).toBe(0);
  });

  it('forwards a call from the app page to the backend and returns its envelope unchanged', async () => {
    const { ipc, backend } = setup();
    const input = { query: '杭州', limit: 10 };
    await expect(ipc.invoke(mainFrame, 'entities.search', input)).resolves.toEqual({
      ok: true,
      value: { n: 1 },
    });
    expect(backend.calls).toEqual([['entities.search', input]]);
  });

  it('passes backend error envelopes through', async () => {
    const { ipc, backend } = setup();
    const denied: Envelope<unknown> = { ok: false, error: { code: 'not_logged_in', message: '请先登录' } };
    backend.reply = async () => denied;
    await expect(ipc.invoke(mainFrame, 'session.logout', {})).resolves.toEqual(denied);
  });

  it.each([
    ['a remote page', { url: 'https://example.com/', parent: null }],
    ['another local file', { url: 'file:///tmp/evil.html', parent: null }],
    ['a data: page', { url: 'data:text/html,<script>1</script>', parent: null }],
    ['about:blank', { url: 'about:blank', parent: null }],
    ['a subframe showing index.html', { url: INDEX, parent: mainFrame }],
    ['a frame that is gone', null],
  ] satisfies [string, SenderFrame | null][])(
    'refuses %s with the forbidden envelope',
    async (_name, frame) => {
      const { ipc, backend } = setup();
      await expect(ipc.invoke(frame, 'app.status', {})).resolves.toEqual({
        ok: false,
        error: { code: 'forbidden', message: FORBIDDEN_MESSAGE },
      });
      expect(FORBIDDEN_MESSAGE).toBe('拒绝来自未知页面的请求');
      expect(backend.calls).toEqual([]);
    },
  );

  it('treats a senderFrame getter that throws as untrusted', async () => {
    const { ipc, backend } = setup();
    const handler = ipc.handlers.get(IPC_CHANNEL)!;
    const event: InvokeEvent = {
      get senderFrame(): SenderFrame | null {
        throw new Error('Render frame was disposed');
      },
    };
    await expect(handler(event, 'app.status', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(backend.calls).toEqual([]);
  });

  it.each([
    ['an unknown method', 'entities.drop'],
    ['a prototype key', 'constructor'],
    ['a non-string', 42],
    ['nothing', undefined],
  ])('answers %s with invalid_input without calling the backend', async (_name, method) => {
    const { ipc, backend } = setup();
    const result = await ipc.invoke(mainFrame, method, {});
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(backend.calls).toEqual([]);
  });

  it('turns a backend rejection into an internal envelope with a Chinese message', async () => {
    const { ipc, backend } = setup();
    vi.spyOn(console, 'error').mockImplementation(() => {});
    backend.reply = () => Promise.reject(new Error('worker exploded at /home/u/secret/path.ts:12'));
    const result = await ipc.invoke(mainFrame, 'app.status', {});
    expect(result).toEqual({ ok: false, error: { code: 'internal', message: INTERNAL_MESSAGE } });
    expect(JSON.stringify(result)).not.toContain('/home/u');
    expect(INTERNAL_MESSAGE).toMatch(/[\u4e00-\u9fff]/);
  });

  it('turns a synchronous throw or a malformed backend answer into an internal envelope', async () => {
    const { ipc, backend } = setup();
    vi.spyOn(console, 'error').mockImplementation(() => {});
    backend.reply = () => {
      throw new TypeError('boom');
    };
    await expect(ipc.invoke(mainFrame, 'app.status', {})).resolves.toMatchObject({
      error: { code: 'internal' },
    });
    backend.reply = async () => 'not an envelope' as unknown as Envelope<unknown>;
    await expect(ipc.invoke(mainFrame, 'app.status', {})).resolves.toMatchObject({
      error: { code: 'internal' },
    });
  });
});

describe('isTrustedFrame', () => {
  it('trusts only the main frame showing the app’s index.html', () => {
    expect(isTrustedFrame(loc, mainFrame)).toBe(true);
    expect(isTrustedFrame(loc, { url: `${INDEX}#/entities`, parent: null })).toBe(true);
    expect(isTrustedFrame(loc, { url: INDEX, parent: mainFrame })).toBe(false);
    expect(isTrustedFrame(loc, { url: 'https://example.com/', parent: null })).toBe(false);
    expect(isTrustedFrame(loc, null)).toBe(false);
  });

  it('trusts the dev server page only when one is configured', () => {
    const dev = appLocation('/x/dist/renderer/index.html', 'http://127.0.0.1:5173', 'linux');
    expect(isTrustedFrame(dev, { url: 'http://127.0.0.1:5173/', parent: null })).toBe(true);
    expect(isTrustedFrame(loc, { url: 'http://127.0.0.1:5173/', parent: null })).toBe(false);
  });
});

describe('preload', () => {
  const source = readFileSync(new URL('../preload/preload.ts', import.meta.url), 'utf8');

  it('uses the same channel name as the main process', () => {
    expect(source).toContain(`'${IPC_CHANNEL}'`);
  });

  it('exposes only window.creditdesk.call and never the raw ipcRenderer', () => {
    const exposures = source.match(/exposeInMainWorld\(/g) ?? [];
    expect(exposures).toHaveLength(1);
    expect(source).toMatch(/exposeInMainWorld\('creditdesk', \{\s*call: /);
    expect(source).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer\s*[,}]/);
    expect(source).not.toMatch(/\bipcRenderer\.(on|send|sendSync|postMessage)\b/);
    expect(source).not.toMatch(/from 'node:|require\(/);
  });
});
