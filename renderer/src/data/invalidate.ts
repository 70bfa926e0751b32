import type { QueryClient } from '@tanstack/react-query';
import { keyInScope } from './query-keys.ts';

/**
 * After a change: answers on screen are fetched again, and answers not on screen are dropped rather than
 * kept stale, so a page opened later never shows, even for a moment, what was true before the change.
 */
export async function invalidateApi(queryClient: QueryClient, scopes: readonly string[]): Promise<void> {
  if (scopes.length === 0) return;
  const predicate = (q: { queryKey: readonly unknown[] }) => scopes.some((s) => keyInScope(q.queryKey, s));
  queryClient.removeQueries({ predicate, type: 'inactive' });
  await queryClient.invalidateQueries({ predicate });
}
