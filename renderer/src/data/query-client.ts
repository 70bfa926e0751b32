import { QueryClient } from '@tanstack/react-query';

/**
 * The renderer's cache of backend answers. The backend is on this computer and its errors are messages
 * for the user, so a failed call is shown at once rather than retried, and a window regaining focus
 * (switching back from Excel) does not refetch every list on the page.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, refetchOnWindowFocus: false, refetchOnReconnect: false },
      mutations: { retry: false },
    },
  });
}
