/**
 * The one bridge between React components and the typed API client: queries keyed by method + input,
 * mutations that invalidate what they changed. Pages never hold their own copies of server data.
 */
import {
  type UseMutationOptions,
  type UseQueryOptions,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import type { Input, Method, Output } from '../../../shared/api/contract.ts';
import { type ApiError, api, errorMessage } from '../api.ts';
import { invalidateApi } from './invalidate.ts';
import { type ApiQueryKey, apiQueryKey } from './query-keys.ts';

type QueryOptions<M extends Method> = Omit<
  UseQueryOptions<Output<M>, ApiError, Output<M>, ApiQueryKey<M>>,
  'queryKey' | 'queryFn'
>;

export function useApiQuery<M extends Method>(method: M, input: Input<M>, options?: QueryOptions<M>) {
  return useQuery({
    queryKey: apiQueryKey(method, input),
    queryFn: () => api.call(method, input),
    ...options,
  });
}

type MutationOptions<M extends Method> = Omit<
  UseMutationOptions<Output<M>, ApiError, Input<M>>,
  'mutationFn'
> & {
  /** Methods or areas whose cached answers this call makes stale (e.g. `sampling.items`). */
  invalidates?: readonly string[];
};

export function useApiMutation<M extends Method>(method: M, options: MutationOptions<M> = {}) {
  const queryClient = useQueryClient();
  const { invalidates = [], onSuccess, ...rest } = options;
  return useMutation({
    mutationFn: (input: Input<M>) => api.call(method, input),
    ...rest,
    onSuccess: async (...args) => {
      await invalidateApi(queryClient, invalidates);
      await onSuccess?.(...args);
    },
  });
}

/** Invalidation for code that calls the API directly (long jobs with progress, downloads). */
export function useInvalidateApi(): (...scopes: string[]) => Promise<void> {
  const queryClient = useQueryClient();
  return (...scopes) => invalidateApi(queryClient, scopes);
}

/** A query's or mutation's failure as text for the page (null while there is none). */
export function failureText(error: unknown): string | null {
  return error ? errorMessage(error) : null;
}
