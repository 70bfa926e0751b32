import type { Page, Request } from 'playwright-core';
import { expect } from 'vitest';

/**
 * Retrying reads for the end-to-end tests: `await expect.poll(() => locator.textContent(), POLL).toBe(…)`
 * reads again until the page shows the value or the time is up, so a test never depends on when React
 * happens to render. (playwright-core has no expect(locator) of its own.)
 */
export const POLL = { timeout: 20_000, interval: 100 } as const;

/**
 * Watches the page's contract calls. `settled()` returns once none is in flight and none started or
 * ended for `quietMs` since the call: after a click that loads data, the page then shows what it loaded. A slow
 * machine waits longer instead of failing, which a fixed sleep cannot do.
 */
export function apiActivity(page: Page): { settled(quietMs?: number): Promise<void>; stop(): void } {
  let inFlight = 0;
  let lastChange = Date.now();
  const isApi = (r: Request) => r.url().includes('/api/');
  const started = (r: Request) => {
    if (!isApi(r)) return;
    inFlight++;
    lastChange = Date.now();
  };
  const ended = (r: Request) => {
    if (!isApi(r)) return;
    inFlight--;
    lastChange = Date.now();
  };
  page.on('request', started);
  page.on('requestfinished', ended);
  page.on('requestfailed', ended);
  return {
    async settled(quietMs = 250) {
      // Quiet counts from the call at the earliest: a click's fetch starts in an effect after the click
      // returns, so a page quiet since long before would otherwise pass at once, before the fetch began.
      const asked = Date.now();
      await expect
        .poll(() => inFlight <= 0 && Date.now() - Math.max(lastChange, asked) >= quietMs, {
          ...POLL,
          interval: 50,
        })
        .toBe(true);
    },
    stop() {
      page.off('request', started);
      page.off('requestfinished', ended);
      page.off('requestfailed', ended);
    },
  };
}
