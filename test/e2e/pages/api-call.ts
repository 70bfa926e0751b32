import type { Page } from 'playwright-core';

/**
 * A backend call from inside the page, with the page's own token, as the renderer makes it: for
 * setting up data the test is not about, and for checking what the backend stored.
 */
export async function apiCall<T>(page: Page, method: string, input: unknown): Promise<T> {
  const body = await page.evaluate(
    async ([m, i]) => {
      const token = sessionStorage.getItem('creditdesk.token') ?? '';
      const res = await fetch(`/api/${m}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(i),
      });
      return (await res.json()) as { ok: boolean; value?: unknown; error?: { message: string } };
    },
    [method, input] as const,
  );
  if (!body.ok) throw new Error(`${method}: ${body.error?.message ?? 'failed'}`);
  return body.value as T;
}
