/**
 * Query keys for backend calls. A key is derived from the method and its input only, so two components
 * asking the same question share one answer, and a change can invalidate a method or a whole area
 * (`sampling` covers `sampling.items.list`, `sampling.tasks.get`, …) without knowing who asked.
 */
import type { Input, Method } from '../../../shared/api/contract.ts';

export const API_KEY_ROOT = 'api';

export type ApiQueryKey<M extends Method = Method> = readonly [typeof API_KEY_ROOT, M, Input<M>];

export function apiQueryKey<M extends Method>(method: M, input: Input<M>): ApiQueryKey<M> {
  return [API_KEY_ROOT, method, input];
}

/** The scope of a change that may touch any area (an import, its undo, a restored backup). */
export const EVERY_AREA = '*';

/**
 * Whether a query key belongs to `scope`: a method name (`sampling.items.list`), an area prefix
 * (`sampling`, `sampling.items`) or EVERY_AREA. Prefixes stop at a dot, so `sampling.item` does not
 * cover `sampling.items.list`.
 */
export function keyInScope(key: readonly unknown[], scope: string): boolean {
  if (key[0] !== API_KEY_ROOT || typeof key[1] !== 'string') return false;
  const method = key[1];
  return scope === EVERY_AREA || method === scope || method.startsWith(`${scope}.`);
}
