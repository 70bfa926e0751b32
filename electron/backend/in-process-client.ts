import type { Backend } from './backend.ts';
import type { BackendClient } from './client.ts';

/** The backend in the caller's thread: for tests and for tools that have no window to keep responsive. */
export function inProcessClient(backend: Backend): BackendClient {
  return {
    call: (method, input) => backend.dispatch(method, input),
    close: async () => backend.close(),
  };
}
