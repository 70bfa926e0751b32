import type { Page } from 'playwright-core';
import type { Input, Method, Output } from '../../../shared/api/contract.ts';

/**
 * A typed contract call from inside the page, with the page's token: for setting up data a test is not
 * about (tasks, runs, backups) through the same browser-mode API the renderer uses.
 */
export async function callInPage<M extends Method>(
  page: Page,
  method: M,
  input: Input<M>,
): Promise<Output<M>> {
  const env = await page.evaluate(
    async ([m, body]) => {
      const token = sessionStorage.getItem('creditdesk.token') ?? '';
      const res = await fetch(`/api/${m}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body,
      });
      return (await res.json()) as { ok: boolean; value?: unknown; error?: { message: string } };
    },
    [method, JSON.stringify(input)] as const,
  );
  if (!env.ok) throw new Error(`${method}: ${env.error?.message ?? 'failed'}`);
  return env.value as Output<M>;
}

/** The contract methods the page calls from now on, in order, as it makes them. */
export function recordApiCalls(page: Page): { calls: string[]; stop(): void } {
  const calls: string[] = [];
  const onRequest = (req: { url(): string }) => {
    const m = /\/api\/([^/?#]+)/.exec(req.url());
    if (m) calls.push(decodeURIComponent(m[1]!));
  };
  page.on('request', onRequest);
  return { calls, stop: () => page.off('request', onRequest) };
}
