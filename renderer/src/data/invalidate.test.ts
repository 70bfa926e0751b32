import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { invalidateApi } from './invalidate.ts';
import { apiQueryKey, EVERY_AREA } from './query-keys.ts';

const items = apiQueryKey('sampling.items.list', {});
const task = apiQueryKey('sampling.tasks.get', { taskId: 1 });
const entity = apiQueryKey('entities.get', { id: 7 });

function clientWith(...keys: readonly (readonly unknown[])[]): QueryClient {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  for (const k of keys) client.setQueryData(k, { cached: true });
  return client;
}

describe('invalidateApi', () => {
  it('drops answers of the changed area that nothing shows, and keeps the other areas', async () => {
    const client = clientWith(items, task, entity);
    await invalidateApi(client, ['sampling']);
    expect(client.getQueryData(items)).toBeUndefined();
    expect(client.getQueryData(task)).toBeUndefined();
    expect(client.getQueryData(entity)).toEqual({ cached: true });
  });

  it('fetches an answer on screen again instead of dropping it', async () => {
    const client = clientWith(items);
    let reads = 0;
    const observer = new QueryObserver(client, {
      queryKey: items,
      queryFn: async () => ({ read: ++reads }),
      staleTime: Number.POSITIVE_INFINITY,
    });
    const unsubscribe = observer.subscribe(() => undefined);
    try {
      await invalidateApi(client, ['sampling.items']);
      expect(client.getQueryData(items)).toEqual({ read: 1 });
    } finally {
      unsubscribe();
    }
  });

  it('clears every area after a change that can touch any', async () => {
    const client = clientWith(items, entity, apiQueryKey('app.dashboard', {}));
    await invalidateApi(client, [EVERY_AREA]);
    expect(client.getQueryCache().getAll()).toHaveLength(0);
  });

  it('changes nothing when no area is named', async () => {
    const client = clientWith(items);
    await invalidateApi(client, []);
    expect(client.getQueryData(items)).toEqual({ cached: true });
  });
});
