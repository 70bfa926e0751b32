/**
 * What the desktop app's IPC channel answers: the connection calls here in the main process (the choice
 * decides what the window loads, so it is the main process's), everything else by the desk's backend
 * worker — which does not run at all while the app is connected to a bureau server.
 */
import { ZodError } from 'zod';
import { contract, type Method } from '../../shared/api/contract.ts';
import { ApiError, type Envelope } from '../../shared/api/errors.ts';
import type { BackendClient } from '../backend/client.ts';
import { fromZod } from '../backend/contract-errors.ts';
import type { StoredChoice } from '../connection/choice.ts';
import {
  type ConnectionPlace,
  getConnection,
  probeConnection,
  setConnection,
} from '../connection/service.ts';

export const NO_DESK_DATABASE_MESSAGE =
  '本机当前设置为连接单位服务器，本机数据库没有打开。如需使用本机数据库，请在“连接方式”中改选本机数据库（单机）。';

export interface DesktopCallsOptions {
  connection: ConnectionPlace;
  /** The desk's backend; null while the app is connected to a bureau server. */
  backend: BackendClient | null;
  /** Why the chosen server's page could not be opened (shown on the connection screen); null if it was. */
  serverProblem(): string | null;
  /**
   * A choice was saved: reopen the app on it (after this answer has reached the page) when it differs
   * from what runs now, and answer true; false when the app goes on as it is (a desk choosing the desk).
   */
  onChoiceSaved(choice: StoredChoice): boolean;
}

export function desktopCalls(opts: DesktopCallsOptions): BackendClient {
  return {
    async call(method: Method, input: unknown): Promise<Envelope<unknown>> {
      if (method === 'connection.get' || method === 'connection.probe' || method === 'connection.set') {
        return answerConnection(opts, method, input);
      }
      if (!opts.backend)
        return { ok: false, error: { code: 'unavailable', message: NO_DESK_DATABASE_MESSAGE } };
      return opts.backend.call(method, input);
    },
    close: () => opts.backend?.close() ?? Promise.resolve(),
  };
}

type ConnectionMethod = 'connection.get' | 'connection.probe' | 'connection.set';

async function answerConnection(
  opts: DesktopCallsOptions,
  method: ConnectionMethod,
  input: unknown,
): Promise<Envelope<unknown>> {
  try {
    switch (method) {
      case 'connection.get': {
        contract[method].input.parse(input ?? {});
        const answer = getConnection(opts.connection);
        const problem = opts.serverProblem();
        // The chosen server could not be opened: ask again, with the stored address filled in.
        return { ok: true, value: problem ? { ...answer, ask: true, notice: problem } : answer };
      }
      case 'connection.probe':
        return {
          ok: true,
          value: await probeConnection(opts.connection, contract[method].input.parse(input)),
        };
      case 'connection.set': {
        const saved = await setConnection(opts.connection, contract[method].input.parse(input));
        if (opts.onChoiceSaved(saved.choice)) return { ok: true, value: saved };
        return {
          ok: true,
          value: { ...saved, restarting: false, message: '已保存，继续使用本机数据库（单机）。' },
        };
      }
    }
  } catch (e) {
    if (e instanceof ZodError) return { ok: false, error: fromZod(e).toData() };
    if (e instanceof ApiError) return { ok: false, error: e.toData() };
    console.error('[connection] failed:', e);
    return { ok: false, error: { code: 'internal', message: '程序内部错误，操作未完成。请重试。' } };
  }
}
