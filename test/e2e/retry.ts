/**
 * Retrying reads for the end-to-end tests: `await expect.poll(() => locator.textContent(), POLL).toBe(…)`
 * reads again until the page shows the value or the time is up, so a test never depends on when React
 * happens to render. (playwright-core has no expect(locator) of its own.)
 */
export const POLL = { timeout: 20_000, interval: 100 } as const;
