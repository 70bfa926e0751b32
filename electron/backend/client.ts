import type { Method } from '../../shared/api/contract.ts';
import type { Envelope } from '../../shared/api/errors.ts';

/**
 * What a transport binding (IPC or HTTP) needs from the backend: send one call, get its envelope.
 * The backend validates the input against the contract; bindings stay thin.
 */
export interface BackendClient {
  call(method: Method, input: unknown): Promise<Envelope<unknown>>;
  close(): Promise<void>;
}
