/**
 * The IPC binding: one channel, `creditdesk:call`, carrying (method, input) to the backend and an
 * Envelope back. It checks who is asking and that the method exists; the backend validates the input
 * against the contract's schema. Nothing thrown here ever crosses IPC: every outcome is an Envelope.
 */
import { isMethod } from '../../shared/api/contract.ts';
import {
  type Envelope,
  type ErrorCode,
  isEnvelope,
  UNKNOWN_METHOD_MESSAGE,
} from '../../shared/api/errors.ts';
import type { BackendClient } from '../backend/client.ts';
import { type AppLocation, isAppDocumentUrl } from './app-location.ts';

export const IPC_CHANNEL = 'creditdesk:call';

/** The part of `Electron.WebFrameMain` the sender check reads; `parent` is null for a main frame. */
export interface SenderFrame {
  readonly url: string;
  readonly parent: unknown;
}

/** The part of `Electron.IpcMainInvokeEvent` the handler reads. */
export interface InvokeEvent {
  readonly senderFrame: SenderFrame | null;
}

/** The part of `Electron.IpcMain` the binding uses. */
export interface IpcRegistry {
  handle(
    channel: string,
    listener: (event: InvokeEvent, ...args: unknown[]) => Promise<Envelope<unknown>>,
  ): void;
  removeHandler(channel: string): void;
}

/** `method` is what the page asked for, not yet checked to be a contract method. */
export type TrustedSenderCheck = (frame: SenderFrame | null, method: unknown) => boolean;

export const FORBIDDEN_MESSAGE = '拒绝来自未知页面的请求';
export const INTERNAL_MESSAGE = '程序内部错误，操作未完成。请重试；如果问题持续出现，请联系系统管理员。';

/** Only the app's own index.html, loaded in a main frame (not an iframe), may call the backend. */
export function isTrustedFrame(loc: AppLocation, frame: SenderFrame | null): boolean {
  return frame !== null && frame.parent === null && isAppDocumentUrl(loc, frame.url);
}

/**
 * The chosen bureau server's page (连接单位服务器) talks to the server over HTTPS with its own session;
 * from the desktop app it may only ask about the connection itself (to switch back to this desk or to
 * another server), never reach this desk's database.
 */
export function isTrustedCall(loc: AppLocation, frame: SenderFrame | null, method: unknown): boolean {
  if (frame === null || !isTrustedFrame(loc, frame)) return false;
  if (loc.serverOrigin !== null && new URL(frame.url).origin === loc.serverOrigin) {
    return typeof method === 'string' && method.startsWith('connection.');
  }
  return true;
}

/** Registers the handler; returns a function that unregisters it. */
export function bindIpc(
  ipcMain: IpcRegistry,
  client: BackendClient,
  isTrustedSender: TrustedSenderCheck,
): () => void {
  ipcMain.handle(IPC_CHANNEL, async (event, method, input) => {
    try {
      if (!isTrustedSender(senderFrameOf(event), method)) return failure('forbidden', FORBIDDEN_MESSAGE);
      if (!isMethod(method)) return failure('invalid_input', UNKNOWN_METHOD_MESSAGE);
      const envelope = await client.call(method, input);
      if (!isEnvelope(envelope)) throw new Error('backend returned something that is not an envelope');
      return envelope;
    } catch (err) {
      console.error('[ipc] call failed:', err);
      return failure('internal', INTERNAL_MESSAGE);
    }
  });
  return () => ipcMain.removeHandler(IPC_CHANNEL);
}

function senderFrameOf(event: InvokeEvent): SenderFrame | null {
  try {
    return event.senderFrame ?? null;
  } catch {
    // Electron may throw when the frame is already gone; an absent frame is not trusted.
    return null;
  }
}

function failure(code: ErrorCode, message: string): Envelope<never> {
  return { ok: false, error: { code, message } };
}
